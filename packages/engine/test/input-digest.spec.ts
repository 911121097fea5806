import { ShardStore } from '@lvs/shards'
import { expect } from 'aegir/chai'
import { InputDigest, ShardEngine } from '../src/index.ts'
import { T0, keyFor, signed } from './fixtures.ts'
import type { Shard } from '@lvs/shards'

describe('InputDigest', () => {
  let store: ShardStore
  let engine: ShardEngine
  const shard = (): Shard => store.get('drift') as Shard
  /** what a digest computed afresh says */
  const fresh = (): Uint8Array => new InputDigest().of(shard())

  beforeEach(async () => {
    store = new ShardStore()
    await store.loadShard({ name: 'drift', dimension: 2, retention: 600_000, liveTimeout: 600_000 })
    engine = new ShardEngine({ store, shard: 'drift', self: keyFor('self'), settings: {} })
    engine.setInput([1, 1])
  })

  it('is computed once while nothing that decides the equilibrium changes', () => {
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      engine.receive(signed(name, T0 + i, [i, -i]), keyFor(name), T0 + i)
    }
    const first = engine.inputDigest()
    expect(first).to.deep.equal(fresh())

    // a heartbeat (same input, new cycle id) is not a change
    engine.receive(signed('a', T0 + 500, [0, -0]), keyFor('a'), T0 + 500)
    expect(engine.inputDigest()).to.equal(first)
  })

  it('follows every change: a new input, a new key, a key dropped, a key condemned', () => {
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      engine.receive(signed(name, T0 + i, [i, -i]), keyFor(name), T0 + i)
    }
    const seen = [engine.inputDigest()]
    const check = (): void => {
      const now = engine.inputDigest()
      expect(now).to.deep.equal(fresh())
      expect(seen.some(earlier => earlier.every((byte, i) => byte === now[i]))).to.equal(false)
      seen.push(now)
    }

    const minute = 60_000
    engine.receive(signed('b', T0 + minute, [1.5, -1]), keyFor('b'), T0 + minute)
    check()
    engine.receive(signed('d', T0 + minute, [0.5, -0.5]), keyFor('d'), T0 + minute)
    check()
    // the liar shows two inputs under one cycle id: evidence condemns its key whatever its entry says
    engine.receive(signed('e', T0 + minute, [1, -1]), keyFor('e'), T0 + minute)
    check()
    engine.receive(signed('e', T0 + minute, [1.2, -1]), keyFor('x'), T0 + minute + 10)
    expect(shard().evidence.has(keyFor('e'))).to.equal(true)
    check()
    // a and c fall silent long enough to be dropped
    ;([['b', [1.5, -1]], ['d', [0.5, -0.5]]] as const).forEach(([name, input]) => engine.receive(signed(name, T0 + 15 * minute, [...input]), keyFor(name), T0 + 15 * minute))
    expect(engine.inputDigest()).to.equal(seen.at(-1))
    engine.expire(T0 + 21 * minute)
    expect(shard().entries.has(keyFor('a'))).to.equal(false)
    check()
  })
})
