/**
 * Nothing that grows with time, cycles, peers or messages grows without
 * bound: each structure is driven far past its bound (thousands of cycles,
 * peers and messages) and measured.
 */
import { getEventListeners } from 'node:events'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { defaultLogger } from '@libp2p/logger'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { encodeBeacon, encodeEntropyPacket } from '@lvs/codec'
import { ShardEngine } from '@lvs/engine'
import { ShardStore } from '@lvs/shards'
import { CODE_P2P } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { Key } from 'interface-datastore'
import { Bandwidth } from '../src/bandwidth.ts'
import { Beacons } from '../src/beacons.ts'
import { MAX_AUDITED_REJECTS, MAX_ENTROPY_SOURCES } from '../src/constants.ts'
import { Discovery } from '../src/discovery.ts'
import { EntropyPool } from '../src/entropy-pool.ts'
import { CompactMemoryDatastore, createLvsNode } from '../src/index.ts'
import { Reporter } from '../src/reporter.ts'
import { until } from './util.ts'
import type { Message } from '@libp2p/gossipsub'
import type { ContentRouting, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Datastore } from 'interface-datastore'

type Signed = Extract<Message, { type: 'signed' }>

/** A signed gossipsub message from `from` (the node's validators checked signature and bytes before these handlers see them) */
function message (from: PeerId, topic: string, data: Uint8Array): Signed {
  return { type: 'signed', from, topic, data, sequenceNumber: 1n, signature: new Uint8Array(64), key: from.publicKey as any }
}

async function peers (n: number): Promise<PeerId[]> {
  const key = await generateKeyPair('Ed25519')
  const one = peerIdFromPrivateKey(key)
  // distinct ids are what the maps key on; generating 10,000 keys would take a while, so most are one key's id with a suffix
  return Array.from({ length: n }, (_, i) => i === 0 ? one : { ...one, toString: () => `${one.toString()}-${i}`, equals: () => false } as unknown as PeerId)
}

/** Abort listeners on a long-lived signal plus the signals AbortSignal.any derived from it (held until the parent goes, nodejs/node#55351) */
function heldBy (signal: AbortSignal): number {
  const dependants = Object.getOwnPropertySymbols(signal).find(symbol => symbol.description === 'kDependantSignals')
  return getEventListeners(signal, 'abort').length + (((signal as any)[dependants ?? ''] as Set<unknown> | undefined)?.size ?? 0)
}

describe('bounded growth', function () {
  this.timeout(120_000)

  it('10,000 cycles leave the service\'s long-lived signal with a bounded number of abort listeners', async () => {
    // a cycle every millisecond: the drift loop's sleep used to add a listener to this signal at every cycle and never remove it
    const node = await createLvsNode({ inputs: { drift: [1, 2] }, minInterval: 1, maxInterval: 1, lowPower: false })

    try {
      const signal = (node.services.lvs as unknown as { controller: AbortController }).controller.signal
      const listeners = (): number => getEventListeners(signal, 'abort').length
      await until(() => node.services.lvs.getState('drift').cycles >= 1_000, 30_000, '1,000 cycles')
      const at1000 = listeners()
      await until(() => node.services.lvs.getState('drift').cycles >= 10_000, 90_000, '10,000 cycles')
      const at10000 = listeners()

      expect(at10000, 'one per loop that is sleeping, not one per cycle').to.be.at.most(at1000 + 2)
      expect(at10000).to.be.below(20)
    } finally {
      await node.stop()
    }
  })

  it('DHT discovery rounds leave nothing on the signal they were given', async () => {
    const [node, peer] = await Promise.all([createLvsNode({ lowPower: false }), createLvsNode({ lowPower: false })])

    try {
      await node.dial(peer.getMultiaddrs())
      const components = (node as unknown as { components: ConstructorParameters<typeof Discovery>[0] & { contentRouting: ContentRouting } }).components
      // minPeers above what this pair can reach: every round provides and searches for providers
      const discovery = new Discovery({ self: node.peerId, routing: components.contentRouting, connectionManager: components.connectionManager, subscribers: () => [], minPeers: 3, log: () => {} })
      const parent = new AbortController().signal

      for (let round = 0; round < 10; round++) {
        await discovery.run(['drift', 'other'], parent)
      }

      expect(heldBy(parent)).to.equal(0)
    } finally {
      await Promise.all([node.stop(), peer.stop()])
    }
  })

  it('DHT discovery dials a provider it is not connected to, and no second connection to one it is', async () => {
    const [node, peer, other] = await Promise.all([createLvsNode({ lowPower: false }), createLvsNode({ lowPower: false }), createLvsNode({ lowPower: false })])

    try {
      await node.dial(peer.getMultiaddrs())
      await until(() => peer.getConnections(node.peerId).length === 1, 10_000, 'the connection at both ends')
      const opened: string[] = []
      peer.addEventListener('connection:open', evt => { opened.push(evt.detail.remotePeer.toString()) })
      // providers as the DHT gives them: addresses without the peer id
      const bare = (n: typeof peer): { id: PeerId, multiaddrs: Multiaddr[] } => ({ id: n.peerId, multiaddrs: n.getMultiaddrs().map(addr => addr.decapsulateCode(CODE_P2P)) })
      const routing = { provide: async () => {}, findProviders: async function * () { yield bare(peer); yield bare(other) } } as unknown as ContentRouting
      const components = (node as unknown as { components: ConstructorParameters<typeof Discovery>[0] }).components
      const discovery = new Discovery({ self: node.peerId, routing, connectionManager: components.connectionManager, subscribers: () => [], minPeers: 3, log: () => {} })

      await discovery.run(['drift'], new AbortController().signal)

      expect(node.getConnections(other.peerId)).to.have.lengthOf(1)
      await new Promise(resolve => setTimeout(resolve, 500))
      expect(opened, 'connections the provider already connected was dialled again').to.deep.equal([])
      expect(node.getConnections(peer.peerId)).to.have.lengthOf(1)
    } finally {
      await Promise.all([node.stop(), peer.stop(), other.stop()])
    }
  })

  it('a node\'s default datastore keeps a record of a few bytes in a few bytes, not in the 8 KB Buffer-pool slab it was cut from', async () => {
    const node = await createLvsNode({ lowPower: false })

    try {
      const datastore = (node as unknown as { components: { datastore: Datastore } }).components.datastore
      expect(datastore).to.be.an.instanceOf(CompactMemoryDatastore)

      // as a DHT provider record or a peer store record arrives: a small Buffer, a view into Node's 8 KB pool
      for (let i = 0; i < 1000; i++) {
        const value = Buffer.allocUnsafe(24).fill(i % 256)
        expect(value.buffer.byteLength, 'Buffer.allocUnsafe cuts small buffers from a shared pool').to.be.above(24)
        await datastore.put(new Key(`/test/${i}`), value)
      }

      for (let i = 0; i < 1000; i += 97) {
        const stored = await datastore.get(new Key(`/test/${i}`))
        expect(stored.buffer.byteLength).to.equal(24)
        expect(stored[0]).to.equal(i % 256)
      }
    } finally {
      await node.stop()
    }
  })

  it('the audit log\'s reject throttle remembers at most MAX_AUDITED_REJECTS (peer, reason) pairs', async () => {
    const reporter = new Reporter({ log: defaultLogger().forComponent('test'), emit: () => {}, disconnect: async () => {}, publishEvidence: async () => {} })
    const { AuditLog } = await import('@lvs/vaultguard')
    const { MemoryDatastore } = await import('datastore-core')
    reporter.useAudit(await new AuditLog(new MemoryDatastore()).load())

    for (let i = 0; i < 10_000; i++) {
      reporter.admission('drift', `peer-${i}`, { verdict: 'reject', reason: 'malformed' }, 1_000 + i)
    }

    await reporter.flush()
    expect((reporter as unknown as { audited: Map<string, number> }).audited.size).to.equal(MAX_AUDITED_REJECTS)
  })

  it('entropy from 10,000 senders keeps the latest of MAX_ENTROPY_SOURCES', async () => {
    const pool = new EntropyPool()
    const bytes = encodeEntropyPacket({ entropyVector: [0.1, 0.2], nodeLoad: 0, timestamp: 1 })

    for (const peer of await peers(10_000)) {
      pool.receive(message(peer, '/lvs/1/entropy', bytes))
    }

    expect(pool.size).to.equal(MAX_ENTROPY_SOURCES)
    expect(pool.mix(2)).to.have.lengthOf(MAX_ENTROPY_SOURCES + 1)
  })

  it('10,000 beacons that differ, from 1,000 peers: one waiting mismatch per (shard, peer), forgotten after the interval', async () => {
    const store = new ShardStore()
    await store.loadShard({ name: 'drift', dimension: 2 })
    const engines = new Map([['drift', new ShardEngine({ store, shard: 'drift', self: 'me' })]])
    let syncs = 0
    const controller = new AbortController()
    const beacons = new Beacons({ engines, interval: 500, load: () => 0, publish: async () => {}, sync: async () => { syncs++ } })
    const senders = await peers(1_000)
    const data = encodeBeacon({ nodeLoad: 0, cycleInterval: 50, shards: [{ shardId: 'drift', digest: new Uint8Array(32).fill(7), count: 1 }], timestamp: 1 })

    for (let i = 0; i < 10_000; i++) {
      beacons.receive(message(senders[i % senders.length], '/lvs/1/beacon', data), controller.signal)
    }

    expect(beacons.tracked, 'one per peer, however many beacons').to.equal(1_000)
    await new Promise(resolve => setTimeout(resolve, 2_500))
    expect(syncs, 'one sync per peer').to.equal(1_000)
    await new Promise(resolve => setTimeout(resolve, 600))
    beacons.receive(message(senders[0], '/lvs/1/beacon', encodeBeacon({ nodeLoad: 0, cycleInterval: 50, shards: [], timestamp: 1 })), controller.signal)
    expect(beacons.tracked, 'older than the interval: forgotten').to.equal(0)
    controller.abort()
  })

  it('10,000 steps of the bandwidth controller keep about a minute of samples', () => {
    const bandwidth = new Bandwidth({ budget: 50_000, warmup: 0, min: 1_000, max: 10_000 }, 0)

    for (let i = 1; i <= 10_000; i++) {
      bandwidth.step(i * 5_000, i * 1_000)
    }

    expect(bandwidth.size).to.be.at.most(14)
  })
})
