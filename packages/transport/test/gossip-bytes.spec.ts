import { RPC } from '@libp2p/gossipsub/message'
import { expect } from 'aegir/chai'
import { GossipFrames } from '../src/gossip-bytes.ts'

/** A varint length, then the RPC: one gossipsub frame */
function frame (rpc: RPC): Uint8Array {
  const body = RPC.encode(rpc)
  const prefix: number[] = []

  for (let n = body.length; ; n = Math.floor(n / 128)) {
    prefix.push(n < 128 ? n : (n % 128) | 0x80)
    if (n < 128) { break }
  }

  return Uint8Array.from([...prefix, ...body])
}

describe('gossipsub byte accounting', () => {
  it('splits frames cut anywhere into data by topic, control parts and framing, every byte counted once', () => {
    const message = (topic: string, size: number): RPC.Message => ({ from: new Uint8Array(38), data: new Uint8Array(size), seqno: new Uint8Array(8), topic, signature: new Uint8Array(64), key: undefined })
    const rpcs: RPC[] = [
      { subscriptions: [{ subscribe: true, topic: '/lvs/1/shard/drift' }], messages: [] },
      { subscriptions: [], messages: [message('/lvs/1/shard/drift', 120), message('/lvs/1/beacon', 60)] },
      { subscriptions: [], messages: [], control: { ihave: [{ topicID: '/lvs/1/shard/drift', messageIDs: [new Uint8Array(46), new Uint8Array(46)] }], iwant: [{ messageIDs: [new Uint8Array(46)] }], graft: [{ topicID: '/lvs/1/beacon' }], prune: [], idontwant: [] } }
    ]
    const bytes = Uint8Array.from(rpcs.flatMap(rpc => [...frame(rpc)]))
    const counted: Record<string, number> = {}
    const frames = new GossipFrames(counted, topic => topic.split('/')[3])

    // cut into chunks of 1 to 17 bytes
    for (let at = 0, k = 1; at < bytes.length; at += k, k = (k * 7) % 17 + 1) {
      frames.push(bytes.subarray(at, at + k))
    }

    const data = (topic: string, size: number): number => RPC.encode({ subscriptions: [], messages: [message(topic, size)] }).length
    expect(counted['data shard']).to.equal(data('/lvs/1/shard/drift', 120))
    expect(counted['data beacon']).to.equal(data('/lvs/1/beacon', 60))
    expect(counted.ihave).to.be.above(2 * 46)
    expect(counted.iwant).to.be.above(46)
    expect(counted.graft).to.be.above(0)
    expect(counted.subscriptions).to.be.above(0)
    expect(Object.values(counted).reduce((a, b) => a + b, 0), 'every byte once').to.equal(bytes.length)
  })
})
