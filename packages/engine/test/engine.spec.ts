import { ShardStore } from '@lvs/shards'
import { EvidenceKind } from '@lvs/vaultguard'
import { expect } from 'aegir/chai'
import { MAX_STRETCH, ShardEngine, heartbeatDue, phaseOf } from '../src/index.ts'
import { T0, engine, keyFor, signed } from './fixtures.ts'
import type { SignedSdm } from '../src/index.ts'

/** Runs engines in lock step: each cycle's SDM reaches every other engine at once */
function run (engines: Array<{ name: string, engine: ShardEngine }>, cycles: number, start = T0): number {
  let now = start

  for (let i = 0; i < cycles; i++) {
    now += 50
    const sent: Array<{ from: string, message: SignedSdm }> = []

    for (const { name, engine: e } of engines) {
      const outcome = e.cycle(now, [])

      if (outcome.publish != null) {
        const message = signed(name, outcome.publish.cycleId, outcome.publish.input, outcome.publish.state)
        e.published(message, now)
        sent.push({ from: name, message })
      }
    }

    const at = now

    for (const { from, message } of sent) {
      engines.filter(({ name }) => name !== from).forEach(({ engine: e }) => e.receive(message, keyFor(from), at))
    }
  }

  return now
}

describe('ShardEngine', () => {
  it('two engines reach the mean of their inputs, and publish their cycle id as their clock', async () => {
    const a = await engine('a', [5, 1])
    const b = await engine('b', [-2, -3])
    run([{ name: 'a', engine: a }, { name: 'b', engine: b }], 200)

    for (const e of [a, b]) {
      const view = e.view()
      expect(view.target).to.deep.equal([1.5, -1])
      expect(Math.hypot(view.state[0] - 1.5, view.state[1] + 1)).to.be.below(1e-6)
      expect(view.count).to.equal(2)
      expect(view.cycle).to.equal(T0 + 200 * 50)
    }

    expect(a.table().map(entry => entry.key).sort()).to.deep.equal([keyFor('a'), keyFor('b')].sort())
  })

  it('a converged engine publishes only its heartbeat', async () => {
    const a = await engine('a', [5, 1], {}, { heartbeatInterval: 60_000 })
    const b = await engine('b', [-2, -3], {}, { heartbeatInterval: 60_000 })
    let now = run([{ name: 'a', engine: a }, { name: 'b', engine: b }], 400)
    let published = 0

    for (let i = 0; i < 100; i++) {
      now += 1000
      published += a.cycle(now, []).publish == null ? 0 : 1
    }

    expect(published, 'one heartbeat in 100 s, give or take one').to.be.within(1, 2)
  })

  it('the heartbeat and the liveness timeout stretch with the live nodes, so the swarm sends at most three heartbeats per interval', async () => {
    const a = await engine('a', [5, 1], { liveTimeout: 180_000 }, { heartbeatInterval: 60_000, swarmHeartbeats: 3 })
    let now = T0
    expect(a.view()).to.include({ live: 1, heartbeatInterval: 60_000 })

    for (let i = 0; i < 29; i++) {
      a.receive(signed(`peer${i}`, now, [5, 1]), keyFor(`peer${i}`), now)
    }

    a.expire(now)
    expect(a.view(), '30 live nodes: one heartbeat each per 600 s').to.include({ live: 30, heartbeatInterval: 600_000 })
    expect(a.stretch()).to.equal(10)

    // converged on [5, 1]: after its first SDM, only heartbeats, 600 s apart, while the others heartbeat as often
    // (peer k at second k of every 600 s)
    const publishedAt: number[] = []
    for (let i = 0; i < 6000; i++) {
      now += 1000
      if (a.cycle(now, []).publish != null) {
        publishedAt.push(now)
      }
      if (i % 600 < 29) {
        a.receive(signed(`peer${i % 600}`, now, [5, 1]), keyFor(`peer${i % 600}`), now)
      }
      a.expire(now)
      if (i % 600 === 500) {
        expect(a.view().live, 'every peer heard within 1.5 stretched intervals').to.equal(30)
      }
    }
    const gaps = publishedAt.slice(2).map((at, i) => at - publishedAt[i + 1])
    expect(publishedAt.length, 'about 6000 / 600 heartbeats').to.be.within(10, 11)
    expect(gaps.every(gap => gap === 600_000), JSON.stringify(gaps)).to.equal(true)

    // the peers fall silent: unheard for 1.5 stretched intervals they no longer stretch anything, and their
    // entries turn dormant after the liveness timeout stretched as it then is
    now += 900_000
    a.expire(now)
    expect(a.view().live, 'unheard for 900 s or more').to.equal(1)
    now += 5100_000

    expect(a.expire(now).dormant, 'unheard for 6000 s').to.have.lengthOf(29)
    expect(a.view(), 'alone again: the heartbeat is back at 60 s').to.include({ live: 1, heartbeatInterval: 60_000 })

    const still = await engine('b', [5, 1], {}, { swarmHeartbeats: 0 })
    for (let i = 0; i < 29; i++) {
      still.receive(signed(`peer${i}`, T0, [5, 1]), keyFor(`peer${i}`), T0)
    }
    still.expire(T0)
    expect(still.view(), 'swarmHeartbeats 0: no stretch').to.include({ live: 30, heartbeatInterval: 60_000 })
  })

  it('a node that leaves says so: its entry turns dormant at once, and the heartbeat no longer stretches for it', async () => {
    const a = await engine('a', [5, 1], { liveTimeout: 180_000 }, { heartbeatInterval: 60_000, swarmHeartbeats: 3 })
    const b = await engine('b', [1, 1], { liveTimeout: 180_000 }, { heartbeatInterval: 60_000, swarmHeartbeats: 3 })
    expect(b.farewell(T0), 'nothing published: nothing to take back').to.equal(undefined)

    const first = b.cycle(T0, []).publish
    if (first == null) { throw new Error('b published nothing') }
    b.published(signed('b', first.cycleId, first.input, first.state), T0)
    for (let i = 0; i < 5; i++) {
      a.receive(signed(`peer${i}`, T0, [5, 1]), keyFor(`peer${i}`), T0)
    }
    a.receive(signed('b', first.cycleId, first.input, first.state), keyFor('b'), T0)
    a.expire(T0)
    expect(a.view().live).to.equal(7)

    b.setInput([3, 3])
    const farewell = b.farewell(T0 + 100)
    if (farewell == null) { throw new Error('no farewell') }
    const last = farewell.sdm
    // what its peers hold again (not the input set since, which no SDM carried yet), no sooner than the guard allows
    expect(last).to.include({ leaving: true, cycleId: T0 + 100 }).and.deep.include({ input: [1, 1], state: first.state })
    expect(farewell.notBefore).to.equal(T0 + 500)
    const message = signed('b', last.cycleId, last.input, last.state, 'drift', true)
    b.published(message, T0 + 500)
    expect(b.table().find(entry => entry.key === keyFor('b'))?.status, 'its own entry too').to.equal('dormant')
    expect(b.view().live, 'a stopped node still counts itself').to.equal(1)
    expect(b.farewell(T0 + 600), 'said once').to.equal(undefined)

    expect(a.receive(message, keyFor('b'), T0 + 1000).verdict).to.equal('accept')
    expect(a.table().find(entry => entry.key === keyFor('b'))?.status).to.equal('dormant')
    a.expire(T0 + 1000)
    expect(a.view().live, 'b no longer counts, long before its stretched liveness timeout').to.equal(6)
    expect(a.view().count, 'its input still counts until its retention ends').to.equal(7)
  })

  it('nodes that leave unannounced do not stretch the heartbeat without bound: the stretch counts only nodes heard lately', async () => {
    // a swarm of 24 where one node a minute, drawn at random, leaves without a word and a new one joins; each live
    // node heartbeats once per stretched interval. Counted for the whole stretched liveness timeout (3 intervals),
    // departures stretch the timeout that keeps them counted: the stretch grows by 20 an hour, without bound short
    // of MAX_STRETCH (checked: 17, 27, 37, 47, 57, 67 at each half hour); counted for 1.5 intervals it stays near 13
    const a = await engine('a', [5, 1], { liveTimeout: 180_000 }, { heartbeatInterval: 60_000, swarmHeartbeats: 3 })
    const running = new Map<string, number>(Array.from({ length: 23 }, (_, i) => [`peer${i}`, T0 - i * 2_500]))
    let joined = 23
    let seed = 7
    const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32 }
    const stretches: number[] = []

    for (let now = T0; now < T0 + 3 * 3600_000; now += 5_000) {
      if ((now - T0) % 60_000 === 0) {
        running.delete([...running.keys()][Math.floor(random() * running.size)])
        running.set(`peer${joined++}`, Number.NEGATIVE_INFINITY)
      }
      for (const [name, last] of running) {
        if (now - last >= a.heartbeatInterval()) {
          a.receive(signed(name, now, [5, 1]), keyFor(name), now)
          running.set(name, now)
        }
      }
      a.expire(now)
      stretches.push(a.stretch())
    }

    const lastHour = stretches.slice(-720)
    expect(Math.max(...lastHour), JSON.stringify(stretches.filter((_, i) => i % 360 === 0))).to.be.below(20)
  })

  it('a peer\'s entry that stays stale makes a converged node repeat its SDM a few times, not every cycle', async () => {
    const a = await engine('a', [5, 1], {}, { heartbeatInterval: 60_000 })
    // b's input is a's: the target does not move, but b's state as it last arrived here is far away
    a.receive(signed('b', T0, [5, 1], [9, 9]), keyFor('b'), T0)
    let now = T0
    let published = 0

    for (let i = 0; i < 600; i++) {
      now += 1000
      published += a.cycle(now, []).publish == null ? 0 : 1
    }

    // the first SDMs, ten heartbeats in 600 s, three repeats: every cycle (hundreds) without the bound
    expect(a.view().spread, 'still stale').to.be.above(1)
    expect(published).to.be.within(11, 18)
  })

  it('heartbeats fall at a phase of each key\'s own, so that a swarm that converged together spreads its heartbeats over the interval', () => {
    const phases = Array.from({ length: 1000 }, (_, i) => phaseOf(keyFor(`node${i}`)))
    const tenths = Array.from({ length: 10 }, (_, d) => phases.filter(p => p >= d / 10 && p < (d + 1) / 10).length)
    expect(Math.min(...tenths), JSON.stringify(tenths)).to.be.above(70)

    // all published at 0: each node's next heartbeat comes at its own time within the interval
    const firsts = phases.slice(0, 100).map(phase => {
      let t = 1
      while (!heartbeatDue(t, 0, 600, phase)) { t++ }
      return t
    })
    expect(Math.max(...firsts)).to.be.at.most(600)
    expect(firsts.filter(t => t <= 300).length, 'half in the first half').to.be.within(35, 65)
    expect(new Set(firsts).size, 'spread, not all at once').to.be.above(80)
  })

  it('a gossiped SDM out of the shard\'s bounds is rejected with evidence that condemns its signer', async () => {
    const a = await engine('a', [5, 1], { min: -100, max: 100 })
    a.receive(signed('liar', T0, [1, 1]), keyFor('liar'), T0)
    expect(a.view().count).to.equal(2)

    const admission = a.receive(signed('liar', T0 + 1000, [1e9, 1]), keyFor('relay'), T0 + 1000)
    expect(admission).to.include({ verdict: 'reject', reason: 'out-of-bounds', condemned: keyFor('liar') })
    expect(admission.published?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(a.view().target, 'its earlier entry no longer counts').to.deep.equal([5, 1])
    expect(a.table().find(entry => entry.key === keyFor('liar'))).to.include({ status: 'quarantined', weight: 0 })
    expect(a.score(keyFor('liar'), T0 + 1000)).to.equal(-1000)
  })

  it('served entries: merged on their own merits, refused when out of bounds, far ahead or too old', async () => {
    const a = await engine('a', [5, 1], { min: -100, max: 100, liveTimeout: 60_000, retention: 60_000 })
    const now = T0 + 100_000_000
    // too old: unheard for longer than the longest stretched liveness timeout and the retention after it
    const oldest = 60_000 * MAX_STRETCH + 60_000
    const outcome = a.receiveSynced([
      signed('b', now - 5000, [1, 1]),
      signed('far', now, [500, 1]),
      signed('ahead', now + 12 * 3600_000, [2, 2]),
      signed('old', now - oldest - 11 * 60_000, [3, 3]),
      signed('stretched', now - oldest + 60_000, [4, 4])
    ], keyFor('server'), now)

    expect(outcome).to.include({ merged: 2, refused: 3 })
    expect(outcome.verdicts.map(v => v.reason)).to.deep.equal(['out-of-bounds', 'future', 'expired'])
    expect(outcome.verdicts[0].published?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(a.table().map(entry => entry.key).sort()).to.deep.equal([keyFor('b'), keyFor('stretched')].sort())
    expect(a.score(keyFor('server'), now), 'the server only served signed messages').to.equal(0)
  })

  it('a table entry keeps its own copy of the proof\'s bytes, not views into the buffer the message came in', async () => {
    const store = new ShardStore()
    await store.loadShard({ name: 'drift', dimension: 2 })
    const a = new ShardEngine({ store, shard: 'drift', self: keyFor('a') })
    a.setInput([1, 1])
    // as decoded from a 16 KB sync page or a slab of Node's Buffer pool
    const inPage = (message: SignedSdm): SignedSdm => {
      const page = new Uint8Array(16_384)
      let at = 0
      const view = (bytes: Uint8Array): Uint8Array => { page.set(bytes, at); at += bytes.byteLength; return page.subarray(at - bytes.byteLength, at) }
      const { from, data, seqno, topic, signature, key } = message.proof
      return { ...message, proof: { from: view(from), data: view(data), seqno: view(seqno), topic, signature: view(signature), key: view(key) } }
    }

    expect(a.receive(inPage(signed('b', T0, [2, 2])), keyFor('b'), T0).verdict).to.equal('accept')
    expect(a.receiveSynced([inPage(signed('c', T0, [3, 3]))], keyFor('c'), T0).merged).to.equal(1)

    for (const name of ['b', 'c']) {
      const proof = store.get('drift')?.entries.get(keyFor(name))?.proof
      const fields = (['from', 'data', 'seqno', 'signature', 'key'] as const).map(field => proof?.[field] as Uint8Array)
      // one buffer of exactly the fields' bytes, held by nothing else
      expect(new Set(fields.map(field => field.buffer)).size, `${name}'s fields in one buffer`).to.equal(1)
      expect(fields[0].buffer.byteLength, `${name}'s buffer`).to.equal(fields.reduce((sum, field) => sum + field.byteLength, 0))
    }
  })

  it('a served entry is dated by its signed cycle id, not by when it arrived', async () => {
    const a = await engine('a', [5, 1])
    const now = T0 + 3600_000
    a.receiveSynced([signed('b', now - 20 * 60_000, [1, 1])], keyFor('server'), now)
    expect(a.table()[0].lastSeen, 'an SDM 20 minutes old: last heard of when it was signed').to.equal(now - 20 * 60_000)
    expect(a.expire(now).dormant).to.deep.equal([keyFor('b')])

    // served again, later: no fresher for it (a sync says nothing of when its origin last spoke)
    a.receiveSynced([signed('b', now - 20 * 60_000, [1, 1])], keyFor('server'), now + 60_000)
    expect(a.table()[0].lastSeen).to.equal(now - 20 * 60_000)
    // gossip of an SDM signed 2 minutes ago (its origin's clock may be behind): heard now
    a.receive(signed('b', now - 2 * 60_000, [1, 1]), keyFor('b'), now)
    expect(a.table()[0].lastSeen).to.equal(now)
  })

  it('two different signed SDMs with one cycle id are equivocation: evidence of both, the signer condemned', async () => {
    const a = await engine('a', [5, 1])
    a.receive(signed('two', T0, [1, 1]), keyFor('two'), T0)
    const admission = a.receive(signed('two', T0, [3, 3]), keyFor('x'), T0 + 600)

    expect(admission).to.include({ verdict: 'reject', reason: 'equivocation', condemned: keyFor('two') })
    expect(admission.published?.messages).to.have.lengthOf(2)
    expect(a.view().target).to.deep.equal([5, 1])

    const b = await engine('b', [5, 1])
    b.receiveSynced([signed('two', T0, [1, 1])], keyFor('s1'), T0)
    const conflict = b.receiveSynced([signed('two', T0, [3, 3])], keyFor('s2'), T0)
    expect(conflict.verdicts.map(v => v.reason), 'the same through sync').to.deep.equal(['equivocation'])
    expect(conflict, 'counted as refused').to.include({ merged: 0, refused: 1 })
  })

  it('evidence from a peer is checked under the shard\'s rules: valid evidence condemns, invalid evidence charges its source', async () => {
    const a = await engine('a', [5, 1], { max: 100 })
    a.receive(signed('liar', T0, [1, 1]), keyFor('liar'), T0)
    const liar = signed('liar', T0 + 1000, [1e6, 1])
    const valid = a.receiveEvidence({ shardId: 'drift', kind: EvidenceKind.OutOfBounds, messages: [liar.proof] }, [{ origin: liar.origin, message: liar.sdm }], keyFor('peer'), T0 + 2000)
    expect(valid).to.include({ verdict: 'accept', condemned: keyFor('liar') })
    expect(a.view().target).to.deep.equal([5, 1])

    const honest = signed('honest', T0, [2, 2])
    const forged = a.receiveEvidence({ shardId: 'drift', kind: EvidenceKind.OutOfBounds, messages: [honest.proof] }, [{ origin: honest.origin, message: honest.sdm }], keyFor('framer'), T0 + 3000)
    expect(forged).to.include({ verdict: 'reject', reason: 'unproven', blamed: keyFor('framer') })
    expect(a.receiveEvidence({ shardId: 'drift', kind: EvidenceKind.OutOfBounds, messages: [liar.proof] }, [{ origin: liar.origin, message: liar.sdm }], keyFor('peer'), T0 + 4000).reason, 'known evidence').to.equal('duplicate')
  })

  it('an input that changes faster than the shard\'s maxInputRate is evidence; this node waits before it publishes one', async () => {
    const a = await engine('a', [0, 0], { maxInputRate: 1 })
    a.receive(signed('fast', T0, [0, 0]), keyFor('fast'), T0)
    const jump = a.receive(signed('fast', T0 + 1000, [5, 0]), keyFor('fast'), T0 + 1000)
    expect(jump).to.include({ reason: 'input-rate', condemned: keyFor('fast') })
    expect(jump.published?.kind).to.equal(EvidenceKind.Jump)

    const first = a.cycle(T0, [])
    expect(first.publish?.input).to.deep.equal([0, 0])
    a.setInput([3, 0])
    const sent: number[] = []

    for (let now = T0 + 50; now < T0 + 5000; now += 50) {
      const outcome = a.cycle(now, [])

      if (outcome.publish != null && outcome.publish.input[0] === 3) {
        sent.push(now)
      }
    }

    expect(sent[0], '3 units at 1 per second: not before 3 s').to.be.at.least(T0 + 3000)
  })

  it('refuses an input that does not fit the shard with a typed error that shows it', async () => {
    const a = await engine('a', [5, 1], { min: [-10, 0], max: 10 })
    expect(() => { a.setInput([Number.NaN, 1]) }).to.throw('got [NaN, 1]').with.property('name', 'InvalidInputError')
    expect(() => { a.setInput([1, -1]) }).to.throw(/within \[\[-10, 0\], \[10, 10\]\]/)
    expect(() => { a.setInput([1]) }).to.throw(/takes 2 finite numbers/)
  })

  it('two replicas with different private views compute bit-identical targets once the evidence reached both', async () => {
    const inputs = [[0.1, 7.3], [2.9, 1.7], [3.3, -4.1], [8.25, 0.3], [1 / 3, 2 / 3], [5.5, 5.5]]
    const a = await engine('a', [1.1, 2.2])
    const b = await engine('b', [-0.7, 4.4])
    const honest = inputs.map((input, i) => signed(`h${i}`, T0 + i, input))
    const mine = [signed('a', T0, [1.1, 2.2]), signed('b', T0, [-0.7, 4.4])]
    ;[a, b].forEach((e, i) => {
      e.published(mine[i], T0)
      e.receiveSynced([...honest, mine[1 - i]], keyFor('s'), T0 + 100)
    })

    // the liar shows a one SDM and b another with the same cycle id, both in range
    a.receive(signed('liar', T0 + 50, [4, 4]), keyFor('liar'), T0 + 200)
    b.receive(signed('liar', T0 + 50, [9, -9]), keyFor('liar'), T0 + 200)
    expect(a.view().target).to.not.deep.equal(b.view().target)

    // a hears b's version too: equivocation, and evidence that b checks
    const caught = a.receive(signed('liar', T0 + 50, [9, -9]), keyFor('b'), T0 + 300)
    const evidence = caught.published
    expect(evidence?.kind).to.equal(EvidenceKind.Equivocation)
    const liar = [signed('liar', T0 + 50, [4, 4]), signed('liar', T0 + 50, [9, -9])]
    b.receiveEvidence(evidence as any, liar.map(m => ({ origin: m.origin, message: m.sdm })), keyFor('a'), T0 + 400)

    expect(a.view().target).to.deep.equal(b.view().target)
    expect(a.view().count).to.equal(8)
    expect(a.inputDigest()).to.deep.equal(b.inputDigest())
  })

  it('an accepted input jump beyond the robust scale keeps its reason, for the node to report as an anomaly', async () => {
    const a = await engine('a', [1, 1])
    ;['b', 'c', 'd'].forEach((n, i) => a.receive(signed(n, T0 + i, [2 + i, 3 - i]), keyFor(n), T0 + i))
    a.receive(signed('x', T0 + 10, [2, 2]), keyFor('x'), T0 + 10)
    a.cycle(T0 + 20, [])
    expect(a.receive(signed('x', T0 + 2000, [95, 95]), keyFor('x'), T0 + 2000)).to.include({ verdict: 'accept', reason: 'jump', merged: true })
  })

  it('an application that sets its input every 50 ms gets one SDM a second out, and no peer rate-limits it', async () => {
    const a = await engine('a', [0, 0])
    const peer = await engine('p', [1, 1])
    const sent: number[] = []

    for (let i = 1; i <= 60; i++) {
      const now = T0 + i * 50
      a.setInput([i / 10, 0])
      const outcome = a.cycle(now, [])

      if (outcome.publish != null) {
        sent.push(now)
        const verdict = peer.receive(signed('a', outcome.publish.cycleId, outcome.publish.input, outcome.publish.state), keyFor('a'), now)
        expect(verdict.reason, `the SDM at ${now - T0} ms`).to.equal('ok')
      }
    }

    expect(sent.map(t => t - T0)).to.deep.equal([50, 1050, 2050])
    expect(peer.score(keyFor('a'), T0 + 3000)).to.equal(0)
    const last = peer.table().find(entry => entry.key === keyFor('a'))
    expect(last?.input, 'the latest input as of the last SDM').to.deep.equal([4.1, 0])
  })
})
