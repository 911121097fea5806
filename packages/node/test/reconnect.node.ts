import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { reconnect } from '../src/reconnect.ts'
import type { Libp2p } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** A bare libp2p node (TCP on 127.0.0.1, no DHT, nothing that dials by itself) */
async function bare (): Promise<Libp2p> {
  return createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
}

describe('reconnect (real libp2p nodes, TCP on 127.0.0.1)', () => {
  const nodes: Libp2p[] = []

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map(async node => node.stop()))
  })

  it('a node with no connection left dials peers it knew, at most `count`; a connected node dials nobody', async () => {
    const [lonely, ...known] = await Promise.all([bare(), bare(), bare(), bare()])
    nodes.push(lonely, ...known)
    const lost = {
      self: lonely.peerId,
      // the node's own connection manager, as libp2p hands it to the service
      connectionManager: { getConnections: () => lonely.getConnections(), openConnection: async (peer: any, options: any) => lonely.dial(peer, options) } as unknown as ConnectionManager,
      peerStore: lonely.peerStore,
      count: 2,
      log: () => {}
    }

    for (const peer of known) {
      await lonely.dial(peer.getMultiaddrs()[0])
    }

    expect(await reconnect(lost, AbortSignal.timeout(10_000))).to.equal(0)

    await Promise.all(known.map(async peer => lonely.hangUp(peer.peerId)))
    expect(lonely.getConnections()).to.have.lengthOf(0)
    // nothing else dials here: without a reconnect the node stays alone
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(lonely.getConnections()).to.have.lengthOf(0)

    expect(await reconnect(lost, AbortSignal.timeout(10_000))).to.equal(2)
    expect(new Set(lonely.getConnections().map(c => c.remotePeer.toString())).size).to.equal(2)
  })

  it('a peer that no longer answers is skipped, not fatal', async () => {
    const [lonely, gone] = await Promise.all([bare(), bare()])
    nodes.push(lonely)
    await lonely.dial(gone.getMultiaddrs()[0])
    await gone.stop()
    await new Promise(resolve => setTimeout(resolve, 200))
    const lost = { self: lonely.peerId, connectionManager: { getConnections: () => lonely.getConnections(), openConnection: async (peer: any, options: any) => lonely.dial(peer, options) } as unknown as ConnectionManager, peerStore: lonely.peerStore, count: 4, log: () => {} }

    expect(await reconnect(lost, AbortSignal.timeout(10_000))).to.equal(0)
  })
})
