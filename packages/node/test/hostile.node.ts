import { encodeStateDiff, shardTopic } from '@lvs/codec'
import { lvsPreset } from '@lvs/transport'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { createLvsNode } from '../src/index.ts'
import type { LvsNode } from '../src/index.ts'
import type { Libp2p } from '@libp2p/interface'
import type { PresetServices } from '@lvs/transport'

describe('a hostile node among real lvs() nodes', function () {
  this.timeout(120_000)
  let honest: LvsNode[] = []
  let hostile: Libp2p<PresetServices> | undefined

  afterEach(async () => {
    await Promise.all([...honest, ...(hostile == null ? [] : [hostile])].map(async n => n.stop()))
    honest = []
    hostile = undefined
  })

  it('publishing extreme and malformed SDMs is quarantined and the honest equilibrium does not move', async () => {
    const inputs = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 0]]
    const mean = [5, 4]
    const quarantined: string[] = []
    honest = await Promise.all(inputs.map(async input => createLvsNode({ inputs: { drift: input }, heartbeatInterval: 2000, syncOnJoin: false })))
    honest.forEach(node => { node.services.lvs.addEventListener('quarantine', evt => { quarantined.push(evt.detail.peer) }) })
    hostile = await createLibp2p(lvsPreset())
    hostile.services.pubsub.subscribe(shardTopic('drift'))

    for (const node of [...honest.slice(1), hostile]) {
      await node.dial(honest[0].getMultiaddrs()[0])
    }

    const attacker = hostile
    let cycle = 1
    const attack = setInterval(() => {
      cycle++
      const extreme = encodeStateDiff({ shardId: 'drift', cycleId: cycle, input: [1e9, -1e9], state: [1e9, -1e9], driftWeight: 1, nonce: cycle })
      void attacker.services.pubsub.publish(shardTopic('drift'), extreme).catch(() => {})
      void attacker.services.pubsub.publish(shardTopic('drift'), Uint8Array.from([0xff, cycle & 0xff, 0x01])).catch(() => {})
    }, 100)

    try {
      const deadline = Date.now() + 60_000
      const settled = (node: LvsNode): boolean => {
        const { state } = node.services.lvs.getState('drift')
        return Math.hypot(state[0] - mean[0], state[1] - mean[1]) < 1e-5
      }

      while (!honest.every(settled) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 200))
      }

      for (const node of honest) {
        const view = node.services.lvs.getState('drift')
        expect(view.target[0]).to.be.closeTo(mean[0], 1e-9)
        expect(view.target[1]).to.be.closeTo(mean[1], 1e-9)
        expect(view.count, 'the attacker has no weight').to.equal(5)
        expect(settled(node)).to.be.true()
      }

      // the node the attacker is connected to charged it for the garbage
      expect(honest[0].services.lvs.score(attacker.peerId.toString())).to.be.below(0)
      expect(quarantined).to.include(attacker.peerId.toString())

      // the guard's actions are in each audit log, and the chain verifies
      const audit = await honest[0].services.lvs.auditLog()
      expect(audit.verdict.ok).to.be.true()
      expect(audit.length).to.be.greaterThan(0)
      expect(audit.root).to.match(/^[0-9a-f]{64}$/)
    } finally {
      clearInterval(attack)
    }
  })
})
