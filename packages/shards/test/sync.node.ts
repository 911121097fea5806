import { getEventListeners } from 'node:events'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { SYNC_PROTOCOL, encodeSyncResponse } from '@lvs/codec'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { fromString } from 'uint8arrays'
import { ShardStore, createSyncHandler, fromSigned, syncShard } from '../src/index.ts'
import { DRIFT, entry, keyFor } from './fixtures.ts'
import type { SyncResult } from '../src/index.ts'
import type { Libp2p, Stream } from '@libp2p/interface'

async function node (): Promise<Libp2p> {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()]
  })
}

async function withStore (libp2p: Libp2p, entries: ReturnType<typeof entry>[]): Promise<ShardStore> {
  const store = new ShardStore()
  await store.loadShard(DRIFT)
  entries.forEach(e => store.mergeEntry('drift', e))
  await libp2p.handle(SYNC_PROTOCOL, createSyncHandler(store))
  return store
}

/** Merges what a sync served, as a caller does once it has checked the signatures (this test's are placeholders) */
function mergeServed (store: ShardStore, served: SyncResult): number {
  return served.entries.filter(proof => ['added', 'updated'].includes(store.mergeEntry('drift', fromSigned(proof, 2000)).kind)).length
}

/**
 * What a long-lived signal holds on behalf of calls that are over: its abort
 * listeners, and the signals AbortSignal.any derived from it (Node keeps them
 * in a symbol-keyed set until the parent is collected, nodejs/node#55351)
 */
function heldBy (signal: AbortSignal): number {
  const dependants = Object.getOwnPropertySymbols(signal).find(symbol => symbol.description === 'kDependantSignals')
  const derived = dependants == null ? undefined : (signal as any)[dependants] as Set<unknown> | undefined
  return getEventListeners(signal, 'abort').length + (derived?.size ?? 0)
}

describe('sync protocol between real libp2p nodes (TCP on 127.0.0.1)', function () {
  this.timeout(60_000)
  const nodes: Libp2p[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  async function connected (count: number): Promise<Libp2p[]> {
    const made = await Promise.all(Array.from({ length: count }, node))
    nodes.push(...made)
    return made
  }

  it('two nodes with different tables reach identical digests after one sync each way', async () => {
    const [a, b] = await connected(2)
    const shared = Array.from({ length: 300 }, (_, i) => entry(`shared-${i}`, 5, [i, i]))
    const storeA = await withStore(a, [...shared, ...Array.from({ length: 400 }, (_, i) => entry(`a-${i}`, 1, [i, 0]))])
    const storeB = await withStore(b, [
      ...shared.map((e, i) => i % 10 === 7 ? entry(`shared-${i}`, 6, [0, 0]) : e),
      ...Array.from({ length: 100 }, (_, i) => entry(`b-${i}`, 1, [0, i], { status: 'dormant' }))
    ])
    expect(storeA.digest('drift')).to.not.deep.equal(storeB.digest('drift'))

    await a.dial(b.getMultiaddrs()[0])
    const pulled = await syncShard(a, b.peerId, 'drift')
    expect(storeA.get('drift')?.entries.size, 'a sync merges nothing by itself').to.equal(700)
    expect(pulled.entries).to.have.lengthOf(400)
    expect(mergeServed(storeA, pulled)).to.equal(130)
    mergeServed(storeB, await syncShard(b, a.peerId, 'drift'))

    expect(storeA.digest('drift')).to.deep.equal(storeB.digest('drift'))
    expect(storeA.get('drift')?.entries.size).to.equal(800)
    expect(storeA.get('drift')?.entries.get(keyFor('shared-7'))?.input).to.deep.equal([0, 0])
  })

  it('a pull whose digest the responder agrees with gets an empty last page; any other digest gets the table', async () => {
    const [a, b] = await connected(2)
    const storeA = new ShardStore()
    await storeA.loadShard(DRIFT)
    Array.from({ length: 300 }, (_, i) => entry(`k${i}`, 2, [i, i])).forEach(e => storeA.mergeEntry('drift', e))
    storeA.condemn('drift', { offender: keyFor('liar'), evidence: { shardId: 'drift', kind: 1, messages: [entry('liar', 1, [1e9, 0]).proof] }, at: 5 })
    const ours = Uint8Array.from({ length: 32 }, (_, i) => i)
    const asked: string[] = []
    await a.handle(SYNC_PROTOCOL, createSyncHandler(storeA, { agrees: (shard, digest) => { asked.push(shard); return digest.every((byte, i) => byte === ours[i]) } }))
    await b.dial(a.getMultiaddrs()[0])

    const agreed = await syncShard(b, a.peerId, 'drift', { digest: ours })
    expect(agreed.entries).to.have.lengthOf(0)
    expect(agreed.evidence).to.have.lengthOf(0)
    expect(agreed.remoteDigest).to.deep.equal(storeA.digest('drift'))

    const differs = await syncShard(b, a.peerId, 'drift', { digest: new Uint8Array(32) })
    expect(differs.entries).to.have.lengthOf(300)
    expect(differs.evidence).to.have.lengthOf(1)
    // no digest: the whole table, and the responder is not even asked
    expect(await syncShard(b, a.peerId, 'drift')).to.have.property('entries').with.lengthOf(300)
    expect(asked).to.deep.equal(['drift', 'drift'])
  })

  it('a third node joining late gets the full table, dormant entries included, and the evidence on the last page', async () => {
    const [a, late] = await connected(2)
    const storeA = await withStore(a, Array.from({ length: 600 }, (_, i) => entry(`k${i}`, 2, [i, i], { status: i < 100 ? 'dormant' : 'live' })))
    storeA.condemn('drift', { offender: keyFor('liar'), evidence: { shardId: 'drift', kind: 1, messages: [entry('liar', 1, [1e9, 0]).proof] }, at: 5 })
    const storeLate = await withStore(late, [])

    await late.dial(a.getMultiaddrs()[0])
    const served = await syncShard(late, a.peerId, 'drift')
    mergeServed(storeLate, served)

    expect(storeLate.get('drift')?.entries.size).to.equal(600)
    expect(storeLate.digest('drift')).to.deep.equal(storeA.digest('drift'))
    expect(served.evidence).to.deep.equal([{ shardId: 'drift', kind: 1, messages: [entry('liar', 1, [1e9, 0]).proof] }])
    expect(served.remoteDigest).to.deep.equal(storeA.digest('drift'))
  })

  it('a caller\'s long-lived signal holds nothing of the syncs that are over, served or failed', async () => {
    const [a, b] = await connected(2)
    await withStore(a, Array.from({ length: 300 }, (_, i) => entry(`k${i}`, 2, [i, i])))
    await b.dial(a.getMultiaddrs()[0])
    const lifelong = new AbortController().signal
    AbortSignal.any([lifelong])
    expect(heldBy(lifelong), 'this test sees what AbortSignal.any leaves behind').to.equal(1)
    const parent = new AbortController().signal

    for (let i = 0; i < 20; i++) {
      expect((await syncShard(b, a.peerId, 'drift', { signal: parent })).entries).to.have.lengthOf(300)
      await syncShard(a, b.peerId, 'drift', { signal: parent }).catch(() => {})
    }

    expect(heldBy(parent)).to.equal(0)
  })

  describe('a hostile responder leaves the table unchanged', () => {
    async function hostile (answer: (stream: Stream) => Promise<void>): Promise<{ store: ShardStore, error: Error, heapGrowth: number }> {
      const [victim, attacker] = await connected(2)
      await attacker.handle(SYNC_PROTOCOL, async (stream) => { await answer(stream).catch(() => {}) })
      const store = await withStore(victim, [entry('mine', 1, [1, 1])])
      const before = store.digest('drift')
      await victim.dial(attacker.getMultiaddrs()[0])
      const heap = process.memoryUsage().heapUsed
      const error = await syncShard(victim, attacker.peerId, 'drift', { pageTimeout: 1000, maxEntries: 1000 }).then(() => new Error('no error'), (err: Error) => err)
      const heapGrowth = process.memoryUsage().heapUsed - heap
      expect(store.digest('drift')).to.deep.equal(before)
      expect(store.get('drift')?.entries.size).to.equal(1)
      return { store, error, heapGrowth }
    }

    // pages of entries whose keys rise with their number (the key is the base58 of `from`, so a counter in its last bytes sorts)
    const numbered = (n: number): Uint8Array => {
      const from = entry('z').proof.from.slice()
      new DataView(from.buffer).setUint32(from.byteLength - 4, n)
      return from
    }
    const page = (from: number, count: number, next: string): Uint8Array => encodeSyncResponse({
      shardId: 'drift',
      entries: Array.from({ length: count }, (_, i) => ({ proof: { ...entry('z').proof, from: numbered(from + i) } })),
      nextCursor: fromString(next),
      digest: new Uint8Array(32),
      evidence: []
    })

    it('oversized page: refused before it is buffered', async () => {
      const { error, heapGrowth } = await hostile(async stream => {
        const lp = lpStream(stream, { maxDataLength: 64 * 1024 * 1024 })
        await lp.read()
        await lp.write(new Uint8Array(8 * 1024 * 1024))
      })
      expect(error.name).to.equal('SyncFailedError')
      expect(heapGrowth).to.be.below(32 * 1024 * 1024)
    })

    it('endless stream of pages: stopped at maxEntries', async () => {
      const { error } = await hostile(async stream => {
        const lp = lpStream(stream)
        for (let n = 0; ; n++) {
          await lp.read()
          await lp.write(page(n * 256, 256, `z${String(n * 256 + 255).padStart(8, '0')}`))
        }
      })
      expect(error.name).to.equal('SyncFailedError')
      expect(error.message).to.match(/more than 1000 entries/)
    })

    it('a responder that never answers: timed out', async () => {
      const { error } = await hostile(async stream => {
        await new Promise(resolve => setTimeout(resolve, 5000))
        stream.abort(new Error('done'))
      })
      expect(error.name).to.equal('SyncFailedError')
    })

    it('garbage bytes', async () => {
      const { error } = await hostile(async stream => {
        const lp = lpStream(stream)
        await lp.read()
        await lp.write(Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256))
      })
      expect(error.name).to.equal('SyncFailedError')
    })

    it('a cursor that does not advance', async () => {
      const { error } = await hostile(async stream => {
        const lp = lpStream(stream)
        for (;;) {
          await lp.read()
          await lp.write(page(0, 2, 'z00000001'))
        }
      })
      expect(error.message).to.match(/out of key order|does not advance/)
    })

    it('entries out of key order', async () => {
      const { error } = await hostile(async stream => {
        const lp = lpStream(stream)
        await lp.read()
        await lp.write(encodeSyncResponse({ shardId: 'drift', entries: [entry('b'), entry('a'), entry('b')].map(e => ({ proof: e.proof })), nextCursor: new Uint8Array(0), digest: new Uint8Array(32), evidence: [] }))
      })
      expect(error.message).to.match(/out of key order/)
    })
  })
})
