import { expect } from 'aegir/chai'
import { MemoryDatastore } from 'datastore-core'
import { MAX_HELD_EVIDENCE, ShardStore, entryHash, fromSigned, tableDigest } from '../src/index.ts'
import { DRIFT, entry, keyFor } from './fixtures.ts'
import type { Evidence } from '@lvs/codec'
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
  it('merges idempotently: a newer cycle id wins, the same SDM only refreshes, an older one changes nothing', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    const a = keyFor('a')

    expect(store.mergeEntry('drift', entry('a', 2, [1, 1]))).to.deep.equal({ kind: 'added', inputChanged: true })
    expect(store.mergeEntry('drift', entry('a', 2, [1, 1], { lastSeen: 5000 }))).to.deep.equal({ kind: 'refreshed', inputChanged: false })
    expect(store.get('drift')?.entries.get(a)?.lastSeen).to.equal(5000)
    expect(store.mergeEntry('drift', entry('a', 1, [5, 5])).kind).to.equal('older')
    expect(store.get('drift')?.entries.get(a)?.input).to.deep.equal([1, 1])
    expect(store.mergeEntry('drift', entry('a', 3, [1, 1]))).to.include({ kind: 'updated', inputChanged: false })
    expect(store.mergeEntry('drift', entry('a', 4, [7, 7]))).to.include({ kind: 'updated', inputChanged: true })
    expect(store.get('drift')?.entries.get(a)?.input).to.deep.equal([7, 7])
    expect(store.get('drift')?.entries.get(a)?.lastSeen, 'a receipt time never goes back').to.equal(5000)
  })

  it('reports another SDM with the same cycle id as a conflict and keeps the one it holds', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    store.mergeEntry('drift', entry('a', 2, [1, 1]))
    const result = store.mergeEntry('drift', entry('a', 2, [9, 9]))

    expect(result.kind).to.equal('conflict')
    expect(result.kind === 'conflict' ? result.current.input : undefined).to.deep.equal([1, 1])
    expect(store.get('drift')?.entries.get(keyFor('a'))?.input).to.deep.equal([1, 1])
  })

  it('holds one piece of evidence per condemned key, newest first, and at most MAX_HELD_EVIDENCE', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    const evidence = (name: string): Evidence => ({ shardId: 'drift', kind: 1, messages: [entry(name).proof] })

    expect(store.condemn('drift', { offender: keyFor('x'), evidence: evidence('x'), at: 1 })).to.be.true()
    expect(store.condemn('drift', { offender: keyFor('x'), evidence: evidence('x'), at: 2 })).to.be.false()
    expect(store.condemn('drift', { offender: keyFor('y'), evidence: evidence('y'), at: 3 })).to.be.true()
    expect(store.evidence('drift').map(held => held.offender)).to.deep.equal([keyFor('y'), keyFor('x')])

    for (let i = 0; i < MAX_HELD_EVIDENCE; i++) {
      store.condemn('drift', { offender: `k${i}`, evidence: evidence('x'), at: 10 + i })
    }

    expect(store.evidence('drift')).to.have.lengthOf(MAX_HELD_EVIDENCE)
    expect(store.get('drift')?.evidence.has(keyFor('x')), 'the oldest went').to.be.false()
  })

  it('keeps its own copy of the bytes of an entry it builds and of evidence it holds, not views into the buffer they came in', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    const page = new Uint8Array(16_384)
    const proof = entry('x').proof
    page.set(proof.data, 100)
    page.set(proof.from, 1000)
    const viewed = { ...proof, data: page.subarray(100, 100 + proof.data.byteLength), from: page.subarray(1000, 1000 + proof.from.byteLength) }
    // its five fields in one buffer of exactly their bytes, not the page
    const owns = (envelope: typeof proof): boolean => {
      const fields = [envelope.from, envelope.data, envelope.seqno, envelope.signature, envelope.key]
      return fields.every(field => field.buffer === fields[0].buffer) && fields[0].buffer.byteLength === fields.reduce((sum, field) => sum + field.byteLength, 0)
    }

    const built = fromSigned(viewed, 1)
    expect(owns(built.proof)).to.be.true()
    expect(built.proof.data).to.deep.equal(proof.data)

    store.condemn('drift', { offender: keyFor('x'), evidence: { shardId: 'drift', kind: 1, messages: [viewed] }, at: 1 })
    const held = store.evidence('drift')[0].evidence.messages[0]
    expect(owns(held)).to.be.true()
    expect(held.from).to.deep.equal(proof.from)
  })

  it('drops malformed entries without throwing', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, nonNegative: true })

    const good = entry('a')
    const bad = [{ ...good, input: [1] }, { ...good, cycleId: 0 }, { ...good, input: [Number.NaN, 1] }, { ...good, key: '' }, { ...good, input: [-1, 1] }, { ...good, proof: undefined as any }, null as any]

    for (const e of bad) {
      expect(store.mergeEntry('drift', e).kind).to.equal('refused')
    }

    expect(store.get('drift')?.entries.size).to.equal(0)
    expect(store.mergeEntry('nope', entry('a')).kind).to.equal('refused')
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

  it('keeps its digest until an entry changes, and follows every change', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, liveTimeout: 100, retention: 1000 })
    ;['a', 'b', 'c'].forEach((name, i) => store.mergeEntry('drift', entry(name, 1, [i, i], { lastSeen: i === 0 ? 0 : 2000 })))
    const fresh = (): Uint8Array => tableDigest(new Map([...(store.get('drift')?.entries.values() ?? [])].map(e => [e.key, entryHash(e)])))
    const first = store.digest('drift')
    expect(first).to.deep.equal(fresh())

    // heard again, same SDM: nothing the digest covers changed, so it is not even recomputed
    store.mergeEntry('drift', entry('b', 1, [1, 1], { lastSeen: 2100 }))
    expect(store.digest('drift')).to.equal(first)

    store.mergeEntry('drift', entry('b', 2, [1, 1]))
    const second = store.digest('drift')
    expect(second).to.deep.equal(fresh()).and.to.not.deep.equal(first)

    // a is dropped by expiry
    expect(store.expire(1500).removed).to.deep.equal([keyFor('a')])
    expect(store.digest('drift')).to.deep.equal(fresh()).and.to.not.deep.equal(second)
  })

  it('turns unheard entries dormant, then drops them after the retention time', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, liveTimeout: 100, retention: 1000 })
    store.mergeEntry('drift', entry('a', 1, [1, 1], { lastSeen: 0 }))

    expect(store.expire(50)).to.deep.equal({ dormant: [], removed: [] })
    expect(store.expire(101)).to.deep.equal({ dormant: [keyFor('a')], removed: [] })
    expect(store.get('drift')?.entries.get(keyFor('a'))?.status).to.equal('dormant')
    expect(store.expire(1101)).to.deep.equal({ dormant: [], removed: [keyFor('a')] })
  })

  it('a leaving entry is dormant from the start, never turns live by time, and goes after the retention time alone', async () => {
    const store = new ShardStore()
    await store.loadShard({ ...DRIFT, liveTimeout: 100, retention: 1000 })
    const leaving = entry('a', 1, [1, 1], { lastSeen: 0, leaving: true })
    // as a replica reads it from the signed SDM, over gossip, sync or its own datastore
    store.mergeEntry('drift', fromSigned(leaving.proof, 0))

    expect(store.get('drift')?.entries.get(keyFor('a'))).to.include({ status: 'dormant', leaving: true })
    expect(store.expire(50)).to.deep.equal({ dormant: [], removed: [] })
    expect(store.get('drift')?.entries.get(keyFor('a'))?.status).to.equal('dormant')
    expect(store.expire(1001)).to.deep.equal({ dormant: [], removed: [keyFor('a')] })

    // its origin came back: a newer SDM that does not leave is live again
    store.mergeEntry('drift', fromSigned(leaving.proof, 0))
    store.mergeEntry('drift', fromSigned(entry('a', 2, [1, 1]).proof, 10))
    store.expire(50)
    expect(store.get('drift')?.entries.get(keyFor('a'))).to.include({ status: 'live', cycleId: 2 }).and.not.have.property('leaving')
  })

  it('pages through the table in key order', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    for (let i = 0; i < 10; i++) { store.mergeEntry('drift', entry(`k${i}`)) }

    const first = store.page('drift', new Uint8Array(0), 4)
    const second = store.page('drift', first.nextCursor, 4)
    const last = store.page('drift', second.nextCursor, 4)

    expect([...first.entries, ...second.entries, ...last.entries].map(e => e.key)).to.deep.equal(Array.from({ length: 10 }, (_, i) => keyFor(`k${i}`)).sort())
    expect(last.nextCursor.byteLength).to.equal(0)
  })

  it('counts the changes persistence must write, and only those', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    const changes = (): number => store.changes('drift')
    expect(changes()).to.equal(0)
    store.mergeEntry('drift', entry('a', 1))
    expect(changes(), 'added').to.equal(1)
    store.mergeEntry('drift', entry('a', 1, [1, 2], { lastSeen: 500 }))
    expect(changes(), 'heard again, earlier: nothing').to.equal(1)
    store.mergeEntry('drift', entry('a', 1, [1, 2], { lastSeen: 2000 }))
    expect(changes(), 'heard again later').to.equal(2)
    store.setOwn('drift', { cycleId: 99 })
    expect(changes(), 'a cycle id alone').to.equal(2)
    store.setOwn('drift', { state: [0.5, 0] })
    expect(changes(), 'a new state').to.equal(3)
    store.condemn('drift', { offender: keyFor('x'), evidence: { shardId: 'drift', kind: 1, messages: [entry('x').proof] }, at: 1 })
    expect(changes(), 'evidence').to.equal(4)
    store.expire(1e15)
    expect(changes(), 'the entry and the evidence expired').to.equal(6)
  })

  it('keeps the key order as keys arrive after it was first asked for', async () => {
    const store = new ShardStore()
    await store.loadShard(DRIFT)
    for (let i = 0; i < 20; i++) { store.mergeEntry('drift', entry(`a${i}`)) }
    expect(store.sorted('drift')).to.have.lengthOf(20)
    for (let i = 0; i < 200; i++) { store.mergeEntry('drift', entry(`b${i}`)) }
    store.expire(1000 + 3 * 60 * 1000 + 24 * 3600 * 1000 + 1)
    for (let i = 0; i < 50; i++) { store.mergeEntry('drift', entry(`c${i}`, 1, [1, 2], { lastSeen: 1e14 })) }
    const keys = store.sorted('drift').map(e => e.key)
    expect(keys).to.deep.equal([...keys].sort())
    expect(keys).to.have.lengthOf(50)
  })

  it('stores and loads a shard: every entry with its receipt time and proof, the evidence, and the own state', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard({ ...DRIFT, liveTimeout: 1000 })
    for (let i = 0; i < 600; i++) { store.mergeEntry('drift', entry(`k${i}`, i + 1, [i, i / 2], { lastSeen: i % 3 === 0 ? 0 : 5000 })) }
    for (let i = 0; i < 40; i++) { store.condemn('drift', { offender: keyFor(`bad${i}`), evidence: { shardId: 'drift', kind: 1, messages: [entry(`bad${i}`).proof] }, at: 10 }) }
    store.setOwn('drift', { input: [4, 2], state: [3.5, 1.25], cycleId: 77 })
    await store.shutdown()

    const reopened = new ShardStore({ datastore })
    const shard = await reopened.loadShard({ ...DRIFT, liveTimeout: 1000 })
    expect(shard.entries.size).to.equal(600)
    expect(shard.entries.get(keyFor('k3'))).to.deep.equal(store.get('drift')?.entries.get(keyFor('k3')))
    expect(reopened.expire(5500).dormant).to.have.lengthOf(200)
    expect(shard.evidence.size).to.equal(40)
    expect(shard.evidence.get(keyFor('bad7'))?.evidence).to.deep.equal({ shardId: 'drift', kind: 1, messages: [entry('bad7').proof] })
    expect(shard).to.include({ cycleId: 77 })
    expect(shard.state).to.deep.equal([3.5, 1.25])
    expect(reopened.digest('drift')).to.deep.equal(store.digest('drift'))
  })

  it('a table stored in a format it cannot read starts empty, keeping the own input, and says so', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    store.mergeEntry('drift', entry('a'))
    store.setOwn('drift', { input: [4, 2], state: [3, 1], cycleId: 77 })
    await store.shutdown()
    const meta = (await datastore.query({ prefix: '/lvs/shards/drift/v1/meta' }).next()).value
    const record = JSON.parse(new TextDecoder().decode(meta.value))
    delete record.format
    await datastore.put(meta.key, new TextEncoder().encode(JSON.stringify(record)))

    const problems: string[] = []
    const shard = await new ShardStore({ datastore, onCorrupt: (name, err) => { problems.push(`${name} ${err.name}`) } }).loadShard(DRIFT)
    expect(problems).to.deep.equal(['drift CorruptShardError'])
    expect(shard.entries.size).to.equal(0)
    expect(shard.input).to.deep.equal([4, 2])
  })

  it('drops stored entries outside narrower bounds it is loaded with', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    store.mergeEntry('drift', entry('in', 1, [1, 1]))
    store.mergeEntry('drift', entry('out', 1, [50, 1]))
    await store.shutdown()

    const shard = await new ShardStore({ datastore }).loadShard({ ...DRIFT, max: 10 })
    expect([...shard.entries.keys()]).to.deep.equal([keyFor('in')])
  })

  it('rebalance joins wanted shards and leaves (after storing) the others', async () => {
    const datastore = new MemoryDatastore()
    const store = new ShardStore({ datastore })
    await store.loadShard(DRIFT)
    store.mergeEntry('drift', entry('a'))

    expect(await store.rebalance([{ name: 'load', dimension: 1 }])).to.deep.equal({ joined: ['load'], left: ['drift'] })
    expect(store.shards()).to.deep.equal(['load'])
    await store.rebalance([DRIFT])
    expect(store.get('drift')?.entries.has(keyFor('a'))).to.be.true()
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
