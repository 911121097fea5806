import { expect } from 'aegir/chai'
import { createLvsNode } from '../src/index.ts'
import type { LvsNode } from '../src/index.ts'

async function until (condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }

    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

describe('lvs() on real libp2p nodes (TCP on 127.0.0.1)', function () {
  this.timeout(120_000)
  const nodes: LvsNode[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  it('three nodes converge to the exact mean of their inputs', async () => {
    const inputs = [[5, 1], [-2, -3], [9, 4]]
    const made = await Promise.all(inputs.map(async input => createLvsNode({ inputs: { drift: input }, heartbeatInterval: 2000, syncOnJoin: false })))
    nodes.push(...made)
    const [a, b, c] = made
    await b.dial(a.getMultiaddrs()[0])
    await c.dial(a.getMultiaddrs()[0])

    const mean = [4, 2 / 3]
    const close = (node: LvsNode): boolean => {
      const view = node.services.lvs.getState('drift')
      return Math.hypot(view.state[0] - mean[0], view.state[1] - mean[1]) < 1e-6 * 11.4
    }

    await until(() => made.every(close), 60_000, 'convergence')

    for (const node of made) {
      const view = node.services.lvs.getState('drift')
      expect(view.target[0]).to.be.closeTo(mean[0], 1e-9)
      expect(view.target[1]).to.be.closeTo(mean[1], 1e-9)
      expect(view.count).to.equal(3)
      expect(view.total[0]).to.be.closeTo(12, 1e-9)
    }
  })

  it('refuses an input of the wrong shape with a typed error and keeps the old one', async () => {
    const node = await createLvsNode({ inputs: { drift: [1, 1] } })
    nodes.push(node)

    for (const bad of [[1], [1, Number.NaN], 'x' as any]) {
      expect(() => { node.services.lvs.setInput('drift', bad) }).to.throw().with.property('name', 'InvalidInputError')
    }

    expect(() => { node.services.lvs.setInput('nope', [1, 1]) }).to.throw().with.property('name', 'InvalidInputError')
    expect(node.services.lvs.getState('drift').input).to.deep.equal([1, 1])
  })
})
