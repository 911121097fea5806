import { expect } from 'aegir/chai'
import { createLvsNode } from '../src/index.ts'

describe('lvs() service lifecycle (Node and browser presets)', function () {
  this.timeout(30_000)

  it('starts with its shards and input, cycles, reports its state and stops', async () => {
    const node = await createLvsNode({ inputs: { drift: [3, 4] }, shards: [{ name: 'drift', dimension: 2 }, { name: 'load', dimension: 1, nonNegative: true }] })

    try {
      const cycles: number[] = []
      node.services.lvs.addEventListener('cycle', evt => { cycles.push(evt.detail.cycle) })
      await new Promise(resolve => setTimeout(resolve, 300))

      expect(node.services.lvs.shards()).to.deep.equal(['drift', 'load'])
      const view = node.services.lvs.getState('drift')
      expect(view).to.include({ shard: 'drift', count: 1 })
      expect(view.target).to.deep.equal([3, 4])
      expect(view.total).to.deep.equal([3, 4])
      expect(cycles.length).to.be.at.least(2)
      expect(() => { node.services.lvs.setInput('load', [-1]) }).to.throw().with.property('name', 'InvalidInputError')
      node.services.lvs.setInput('load', [7])
      expect(node.services.lvs.getState('load').input).to.deep.equal([7])
    } finally {
      await node.stop()
    }
  })
})
