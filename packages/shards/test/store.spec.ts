import { expect } from 'aegir/chai'
import { MemoryDatastore } from 'datastore-core'
import { ShardStore } from '../src/index.ts'
import { DRIFT, entry } from './fixtures.ts'
import type { Datastore } from 'interface-datastore'

/** A datastore that fails every write after the first `writes` */
function failingAfter (inner: MemoryDatastore, writes: number): Datastore {
  let left = writes
  const fail = (): void => {
    if (left-- <= 0) {
      throw new Error('disk failed')
    }
  }

  return new Proxy(inner, {
    get (target, property, receiver) {
      const value = Reflect.get(target, property, receiver)

      if (property === 'put' || property === 'delete') {
        return async (...args: any[]) => { fail(); return value.apply(target, args) }
      }

      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}

describe('ShardStore', () => {
  it('merges idempotently: a newer cycle id wins, an equal or older one changes nothing', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)

    expect(store.mergeEntry('drift', entry('a', 2, [1, 1]))).to.be.true()
    expect(store.mergeEntry('drift', entry('a', 2, [9, 9]))).to.be.false()
    expect(store.mergeEntry('drift', entry('a', 1, [5, 5]))).to.be.false()
    expect(store.get('drift')?.entries.get('a')?.input).to.deep.equal([1, 1])
    expect(store.mergeEntry('drift', entry('a', 3, [7, 7]))).to.be.true()
    expect(store.get('drift')?.entries.get('a')?.input).to.deep.equal([7, 7])
  })

  it('drops malformed entries without throwing', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, nonNegative: true })

    for (const bad of [entry('a', 1, [1]), entry('b', 0), entry('c', 1, [Number.NaN, 1]), entry('', 1), entry('d', 1, [-1, 1]), null as any]) {
      expect(store.mergeEntry('drift', bad)).to.be.false()
    }

    expect(store.get('drift')?.entries.size).to.equal(0)
    expect(store.mergeEntry('nope', entry('a'))).to.be.false()
  })

  it('digests equal tables alike, whatever the order of merging, and tells different ones apart', async () => {
    const a = new ShardStore()
    const b = new ShardStore()
    await a.loadShard(DRIFT)
    await b.loadShard(DRIFT)
    const entries = Array.from({ length: 50 }, (_, i) => entry(`peer-${i}`, i + 1, [i, -i]))

    entries.forEach(e => a.mergeEntry('drift', e))
    entries.reverse().forEach(e => b.mergeEntry('drift', { ...e, lastSeen: 5, status: 'dormant' }))
    expect(a.digest('drift')).to.deep.equal(b.digest('drift'))

    b.mergeEntry('drift', entry('peer-3', 100, [3, -3]))
    expect(a.digest('drift')).to.not.deep.equal(b.digest('drift'))
  })

  it('turns unheard entries dormant, then drops them after the retention time', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, liveTimeout: 100, retention: 1000 })
    store.mergeEntry('drift', entry('a', 1, [1, 1], { lastSeen: 0 }))

    expect(store.expire(50)).to.deep.equal({ dormant: [], removed: [] })
    expect(store.expire(101)).to.deep.equal({ dormant: ['a'], removed: [] })
    expect(store.get('drift')?.entries.get('a')?.status).to.equal('dormant')
    expect(store.expire(1101)).to.deep.equal({ dormant: [], removed: ['a'] })
  })

  it('pages through the table in key order', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    for (let i = 0; i < 10; i++) { store.mergeEntry('drift', entry(`k${i}`)) }

    const first = store.page('drift', new Uint8Array(0), 4)
    const second = store.page('drift', first.nextCursor, 4)
    const last = store.page('drift', second.nextCursor, 4)

    expect([...first.entries, ...second.entries, ...last.entries].map(e => e.key)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `k${i}`))
    expect(last.nextCursor.byteLength).to.equal(0)
  })

  it('stores and loads a shard: every entry, dormant ones included, and the own state', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    for (let i = 0; i < 600; i++) { store.mergeEntry('drift', entry(`k${i}`, i + 1, [i, i / 2], { status: i % 3 === 0 ? 'dormant' : 'live' })) }
    store.setOwn('drift', { input: [4, 2], state: [3.5, 1.25], cycleId: 77 })
    await store.shutdown()

    const reopened = new ShardStore({ datastore })
    const shard = await reopened.loadShard(DRIFT)
    expect(shard.entries.size).to.equal(600)
    expect(shard.entries.get('k3')?.status).to.equal('dormant')
    expect(shard).to.include({ cycleId: 77 })
    expect(shard.state).to.deep.equal([3.5, 1.25])
    expect(reopened.digest('drift')).to.deep.equal(store.digest('drift'))
  })

  it('rebalance joins wanted shards and leaves (after storing) the others', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    store.mergeEntry('drift', entry('a'))

    expect(await store.rebalance([{ name: 'load', dimension: 1 }])).to.deep.equal({ joined: ['load'], left: ['drift'] })
    expect(store.shards()).to.deep.equal(['load'])
    await store.rebalance([DRIFT])
    expect(store.get('drift')?.entries.has('a')).to.be.true()
  })

  it('a write interrupted at any step loads the previous complete table', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    for (let i = 0; i < 300; i++) { store.mergeEntry('drift', entry(`k${i}`, 1, [i, i])) }
    await store.storeShard('drift')
    const before = store.digest('drift')

    // the next version: changed and bigger (two chunks, meta, pointer, cleanup)
    for (let i = 0; i < 300; i++) { store.mergeEntry('drift', entry(`k${i}`, 2, [i + 1, i])) }
    for (let i = 300; i < 400; i++) { store.mergeEntry('drift', entry(`k${i}`, 1, [i, i])) }
    const after = store.digest('drift')
    let steps = 0

    for (let writes = 0; ; writes++) {
      const snapshot = new MemoryDatastore()
      for await (const pair of datastore.query({})) { await snapshot.put(pair.key, pair.value) }
      const crashing = new ShardStore({ datastore: failingAfter(snapshot, writes) })
      await crashing.loadShard(DRIFT)
      crashing.get('drift')?.entries.clear()
      store.get('drift')?.entries.forEach(e => crashing.mergeEntry('drift', e))

      let crashed = false
      try {
        await crashing.storeShard('drift')
      } catch {
        crashed = true
      }

      const loaded = new ShardStore({ datastore: snapshot })
      await loaded.loadShard(DRIFT)
      const digest = loaded.digest('drift')

      if (!crashed) {
        expect(digest).to.deep.equal(after)
        break
      }

      steps++
      // before the pointer switched: the old table; after it: the new one
      expect([before, after].some(d => d.every((byte, i) => byte === digest[i])), `crash after ${writes} writes`).to.be.true()
    }

    expect(steps).to.be.at.least(4)
  })
})
