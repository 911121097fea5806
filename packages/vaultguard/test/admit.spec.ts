import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { EvidenceKind, PeerLedger, REORDER_GRACE_MS } from '../src/index.ts'
import type { GuardMessage, PeerLedgerInit } from '../src/index.ts'

const sdm = (cycleId: number, input = [1, 2], overrides: Partial<GuardMessage> = {}): GuardMessage =>
  ({ shardId: 'drift', cycleId, input, state: [1, 2], driftWeight: 1, ...overrides })

const ledger = (init: Partial<PeerLedgerInit> = {}): PeerLedger => new PeerLedger({ shardId: 'drift', dimension: 2, minInterval: 100, ...init })

describe('PeerLedger.admit: one test per rule', () => {
  it('accepts a good message', () => {
    expect(ledger().admit(sdm(1), 'a', 0)).to.deep.equal({ verdict: 'accept', reason: 'ok' })
  })

  it('takes the sender and time as arguments or as a context', () => {
    const l = ledger()
    expect(l.admit(sdm(1), { origin: 'a', now: 0 }).verdict).to.equal('accept')
    expect(l.admit(sdm(2), 'a', 50).reason, 'the same sender, 50 ms later').to.equal('rate-limit')
  })

  it('rule 1, finite numbers: rejects NaN and infinities in input, state and weight, with evidence', () => {
    const result = ledger().admit(sdm(1, [Number.NaN, 1]), 'a', 0)
    expect(result).to.include({ verdict: 'reject', reason: 'non-finite', blamed: 'a' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(ledger().admit(sdm(1, [1, 1], { state: [Infinity, 0] }), 'a', 0).reason).to.equal('non-finite')
    expect(ledger().admit(sdm(1, [1, 1], { driftWeight: Number.NaN }), 'a', 0).reason).to.equal('non-finite')
  })

  it('rule 2, dimension: rejects an input or state of the wrong length', () => {
    expect(ledger().admit(sdm(1, [1, 2, 3]), 'a', 0)).to.include({ verdict: 'reject', reason: 'dimension' })
    expect(ledger().admit(sdm(1, [1, 2], { state: [1] }), 'a', 0)).to.include({ verdict: 'reject', reason: 'dimension' })
  })

  it('rule 3, bounds: rejects a magnitude beyond maxMagnitude, with evidence', () => {
    const result = ledger({ maxMagnitude: 1000 }).admit(sdm(1, [-1001, 0]), 'a', 0)
    expect(result).to.include({ verdict: 'reject', reason: 'out-of-bounds' })
    expect(result.evidence).to.deep.equal({ kind: EvidenceKind.OutOfBounds, messages: [{ origin: 'a', message: sdm(1, [-1001, 0]) }] })
    expect(ledger({ maxMagnitude: 1000 }).admit(sdm(1, [1, 1], { state: [0, 1e4] }), 'a', 0).reason, 'a state too').to.equal('out-of-bounds')
    expect(ledger({ maxMagnitude: 1000 }).admit(sdm(1, [1000, 0]), 'a', 0).verdict, 'the bound itself').to.equal('accept')
  })

  it('rule 4, nonNegative: rejects a negative input on a nonNegative shard only, with evidence', () => {
    const result = ledger({ nonNegative: true }).admit(sdm(1, [-1, 0]), 'a', 0)
    expect(result).to.include({ verdict: 'reject', reason: 'negative-input' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.NegativeInput)
    expect(ledger().admit(sdm(1, [-1, 0]), 'a', 0).verdict).to.equal('accept')
  })

  it('rule 4b, drain: rejects a negative state on a nonNegative shard, with drain evidence', () => {
    const result = ledger({ nonNegative: true }).admit(sdm(1, [1, 1], { state: [-0.5, 1] }), 'a', 0)
    expect(result).to.include({ verdict: 'reject', reason: 'negative-state' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.Drain)
    expect(ledger().admit(sdm(1, [1, 1], { state: [-0.5, 1] }), 'a', 0).verdict).to.equal('accept')
  })

  it('rejects a message of another shard, and a malformed one (blaming the forwarder)', () => {
    expect(ledger().admit(sdm(1, [1, 1], { shardId: 'load' }), 'a', 0).reason).to.equal('wrong-shard')
    expect(ledger().admit({ cycleId: 'x' }, 'a', 0).reason).to.equal('malformed')
    expect(ledger().admit(sdm(0), 'a', 0).reason, 'cycle ids start at 1').to.equal('malformed')
    expect(ledger().admit(sdm(1.5), 'a', 0).reason).to.equal('malformed')
    expect(ledger().admit(null, 'a', 0, { source: 'relay' })).to.include({ reason: 'malformed', blamed: 'relay' })
  })

  it('rule 5, monotonic cycle id: ignores a cycle id older than the last accepted', () => {
    const l = ledger()
    l.admit(sdm(5), 'a', 0)
    expect(l.admit(sdm(4), 'a', 1000)).to.include({ verdict: 'ignore', reason: 'stale' })
    expect(l.admit(sdm(6), 'a', 1000).verdict).to.equal('accept')
  })

  it('rule 5, same cycle id: ignores an exact duplicate without blame', () => {
    const l = ledger()
    l.admit(sdm(5), 'a', 0)
    expect(l.admit(sdm(5), 'a', 1000)).to.deep.equal({ verdict: 'ignore', reason: 'duplicate' })
    expect(l.threat('a', 1000)).to.equal(0)
  })

  it('rule 6, rate limit: one SDM per sender per minInterval', () => {
    const l = ledger()
    l.admit(sdm(1), 'a', 0)
    expect(l.admit(sdm(2), 'a', 99)).to.include({ verdict: 'ignore', reason: 'rate-limit' })
    expect(l.admit(sdm(2), 'b', 99).verdict, 'per sender').to.equal('accept')
    expect(l.admit(sdm(3), 'a', 100).verdict).to.equal('accept')
  })

  it('detects equivocation: same cycle id, different content, both messages as evidence', () => {
    const l = ledger()
    l.admit(sdm(5, [1, 1]), 'a', 0)
    const result = l.admit(sdm(5, [9, 9]), 'a', 1000)
    expect(result).to.include({ verdict: 'reject', reason: 'equivocation', blamed: 'a' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.Equivocation)
    expect(result.evidence?.messages.map(m => [m.origin, m.message.input])).to.deep.equal([['a', [1, 1]], ['a', [9, 9]]])
  })

  it('keeps its own copy of the last message, so a caller mutating it cannot forge equivocation', () => {
    const l = ledger()
    const message = sdm(5, [1, 1])
    l.admit(message, 'a', 0)
    message.input = [7, 7]
    expect(l.admit(sdm(5, [1, 1]), 'a', 1000).reason).to.equal('duplicate')
  })

  it('blames the forwarder, not the origin, for a replayed old message', () => {
    const l = ledger()
    l.admit(sdm(5), 'a', 0)
    const later = REORDER_GRACE_MS + 1000
    expect(l.admit(sdm(2), 'a', later, { source: 'replayer' }).blamed).to.equal('replayer')
    expect(l.threat('replayer', later)).to.be.above(0)
    expect(l.threat('a', later)).to.equal(0)
  })

  it('blames nobody for an old message that arrives soon after a newer one: it was overtaken on its way', () => {
    const l = ledger()
    l.admit(sdm(5), 'a', 0)
    // a message fetched by IWANT comes a heartbeat or more after the newer one the mesh delivered; a busy forwarder relays late
    for (let i = 0; i < 40; i++) {
      expect(l.admit(sdm(4), 'a', 1000 + i, { source: 'slow' })).to.deep.equal({ verdict: 'ignore', reason: 'stale' })
    }
    expect(l.threat('slow', 2000)).to.equal(0)
  })

  it('never throws, whatever it is given', () => {
    const l = ledger({ nonNegative: true })
    const verdicts = ['accept', 'reject', 'ignore']
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (message, origin, now) => {
      expect(verdicts).to.include(l.admit(message, origin as string, now as number).verdict)
      expect(verdicts).to.include(l.admit(message, { origin, now } as any).verdict)
    }), { numRuns: 500 })
    fc.assert(fc.property(fc.record({
      shardId: fc.constantFrom('drift', 'x'),
      cycleId: fc.oneof(fc.integer(), fc.double()),
      input: fc.array(fc.double(), { maxLength: 3 }),
      state: fc.array(fc.double(), { maxLength: 3 }),
      driftWeight: fc.oneof(fc.double(), fc.constant(undefined))
    }, { requiredKeys: ['shardId', 'cycleId', 'input', 'state'] }), fc.oneof(fc.integer(), fc.double()), fc.array(fc.double(), { maxLength: 3 }), (message, now, scale) => {
      expect(verdicts).to.include(l.admit(message, 'o', now, { scale }).verdict)
    }), { numRuns: 1000 })
    const hostile = new Proxy({}, { get () { throw new Error('boom') } })
    expect(l.admit(hostile, 'o', 0)).to.include({ verdict: 'reject', reason: 'malformed' })
  })

  it('throws a typed error for shard rules that cannot work', () => {
    expect(() => new PeerLedger({ shardId: 'x', dimension: 17 })).to.throw().with.property('name', 'InvalidShardRulesError')
    expect(() => new PeerLedger({ shardId: 'x', dimension: 0 })).to.throw().with.property('name', 'InvalidShardRulesError')
    expect(() => new PeerLedger({ shardId: 'x', dimension: 2, maxMagnitude: 0 })).to.throw().with.property('name', 'InvalidShardRulesError')
  })
})
