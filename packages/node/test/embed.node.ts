/**
 * lvs() in an app with a libp2p config of its own, as its users embed it:
 * its own transports and encrypters, gossipsub with its defaults under
 * another name than `pubsub`, no LVS preset.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { createLvsNode, lvs } from '../src/index.ts'
import { SHARD_TOPIC, createPlainPeer } from './plain-peer.ts'
import { until } from './util.ts'
import type { LvsInit, LvsNode } from '../src/index.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p } from '@libp2p/interface'

/** An app's own libp2p node: TCP, Noise, yamux, identify, gossipsub named `gossip` (its defaults), and lvs() */
async function app (init: LvsInit, signing: 'StrictSign' | 'StrictNoSign' = 'StrictSign', start = true): Promise<Libp2p<{ gossip: GossipSub, lvs: ReturnType<ReturnType<typeof lvs>> }>> {
  return createLibp2p({
    start,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      gossip: gossipsub({ globalSignaturePolicy: signing }),
      lvs: lvs(init)
    }
  })
}

/** gossipsub's score of a peer (the class has getScore; its GossipSub interface does not name it) */
function scoreOf (pubsub: GossipSub, peer: string): number {
  return (pubsub as unknown as { getScore(peer: string): number }).getScore(peer)
}

describe('lvs() embedded in an app with its own libp2p config', function () {
  this.timeout(60_000)
  const running: Array<{ stop(): void | Promise<void> }> = []

  afterEach(async () => {
    await Promise.all(running.splice(0).map(async node => node.stop()))
  })

  it('finds gossipsub under any name, converges with a relay, and its guard scores peers in the app\'s gossipsub', async () => {
    const relay: LvsNode = await createLvsNode({ relayServer: true, inputs: { drift: [6, -2] } })
    const node = await app({ inputs: { drift: [2, 4] } })
    running.push(relay, node)
    await node.dial(relay.getMultiaddrs()[0])

    const settled = (): boolean => {
      const view = node.services.lvs.getState('drift')
      return view.count === 2 && Math.hypot(view.state[0] - 4, view.state[1] - 1) < 1e-6 * 7.3
    }
    await until(settled, 30_000, 'the app\'s node to converge with the relay')
    expect(node.services.lvs.getState('drift').target).to.deep.equal([4, 1])

    // a peer that sends garbage on the shard topic: the guard quarantines it, and gossipsub's score in the app follows
    const hostile = await createPlainPeer()
    running.push(hostile)
    hostile.services.pubsub.subscribe(SHARD_TOPIC)
    await hostile.dial(node.getMultiaddrs()[0])
    const id = hostile.peerId.toString()
    await until(() => node.services.gossip.getSubscribers(SHARD_TOPIC).some(peer => peer.toString() === id), 10_000, 'the app to see the hostile peer subscribed')
    await until(() => hostile.services.pubsub.getSubscribers(SHARD_TOPIC).length > 0, 10_000, 'the hostile peer to see the app subscribed')

    for (let i = 0; i < 3; i++) {
      await hostile.services.pubsub.publish(SHARD_TOPIC, Uint8Array.of(0xff, 0x01, i))
    }

    await until(() => node.services.lvs.score(id) === -1000, 10_000, 'the guard to quarantine the hostile peer')
    // gossipsub computes its scores once a second (its decay interval)
    await until(() => scoreOf(node.services.gossip, id) < 0, 10_000, 'gossipsub\'s score of the quarantined peer to fall')
    expect(scoreOf(node.services.gossip, id), 'below gossipsub\'s graylist threshold (-80)').to.be.below(-80)
    expect(scoreOf(node.services.gossip, relay.peerId.toString()), 'an honest peer').to.be.at.least(0)
  })

  it('refuses a gossipsub that does not sign, with a typed error that names the fix', async () => {
    const node = await app({}, 'StrictNoSign', false)
    const error = await (async () => { await node.start() })().then(() => undefined, (err: Error) => err)
    expect(error?.name).to.equal('UnsignedPubsubError')
    expect(error?.message).to.include("globalSignaturePolicy: 'StrictSign'")
    // refused before any service started: no gossipsub timer outlives the failed node (they kept mocha from exiting)
    expect((node.services.gossip as unknown as { isStarted(): boolean }).isStarted(), 'gossipsub started').to.equal(false)
    expect(node.status).to.equal('stopped')
  })

  it('a node whose start fails shows why, not an error of stopping what never started', async () => {
    // the LVS preset has pubsub peer discovery, whose stop used to throw "Pubsub is not started" over the start's error
    const error = await createLvsNode({ libp2p: { services: { pubsub: gossipsub({ globalSignaturePolicy: 'StrictNoSign' }) } } }).then(() => undefined, (err: Error) => err)
    expect(error?.name).to.equal('UnsignedPubsubError')
  })
})
