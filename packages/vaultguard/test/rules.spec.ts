import { expect } from 'aegir/chai'
import { EvidenceKind, PeerLedger, QUARANTINE_TIME_MS, THREAT_HALF_LIFE_MS, checkEvidence, resolveRules, timeFault } from '../src/index.ts'
import type { GuardMessage, PeerLedgerInit } from '../src/index.ts'

const T0 = 1_800_000_000_000
const sdm = (cycleId: number, input = [1, 2], overrides: Partial<GuardMessage> = {}): GuardMessage =>
  ({ shardId: 'drift', cycleId, input, state: [1, 2], driftWeight: 1, ...overrides })
const ledger = (init: Partial<PeerLedgerInit> = {}): PeerLedger => new PeerLedger({ shardId: 'drift', dimension: 2, minInterval: 100, ...init })

describe('shard bounds, time and input rate', () => {
  it('bounds: refuses an input below min or above max, per component or for all, with evidence', () => {
    const l = ledger({ min: [-10, 0], max: 10 })
    expect(l.admit(sdm(T0, [-10, 0]), 'a', T0).verdict, 'the bounds themselves').to.equal('accept')
    const below = l.admit(sdm(T0 + 1000, [1, -0.5]), 'b', T0 + 1000)
    expect(below).to.include({ verdict: 'reject', reason: 'out-of-bounds', blamed: 'b' })
    expect(below.evidence?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(l.admit(sdm(T0, [10.5, 1]), 'c', T0).reason).to.equal('out-of-bounds')
    expect(checkEvidence(below.evidence as any, { shardId: 'drift', dimension: 2, min: [-10, 0], max: 10 }).valid, 'a third party with the same rules agrees').to.be.true()
    expect(checkEvidence(below.evidence as any, { shardId: 'drift', dimension: 2 }).valid, 'and one without bounds does not').to.be.false()
  })

  it('resolves bounds and rates to k numbers and refuses rules that cannot work', () => {
    const rules = resolveRules({ shardId: 's', dimension: 2, min: -1, max: [1, 2] })
    expect([rules.min, rules.max, rules.maxInputRate]).to.deep.equal([[-1, -1], [1, 2], [Infinity, Infinity]])
    expect(() => resolveRules({ shardId: 's', dimension: 2, min: [0] })).to.throw(/min must be a number or 2 numbers/).with.property('name', 'InvalidShardRulesError')
    expect(() => resolveRules({ shardId: 's', dimension: 1, min: 2, max: 1 })).to.throw(/must not exceed max/)
    expect(() => resolveRules({ shardId: 's', dimension: 1, maxInputRate: 0 })).to.throw(/maxInputRate/)
    expect(() => resolveRules({ shardId: 's', dimension: 1, min: [Number.NaN] })).to.throw(/min/)
  })

  it('time: ignores a cycle id too far ahead of the clock (charging its signer) or older than maxAge', () => {
    const rules = resolveRules({ shardId: 'drift', dimension: 2, maxAge: 60_000 })
    expect(timeFault(T0 + rules.maxClockSkew, T0, rules)).to.equal(undefined)
    expect(timeFault(T0 + rules.maxClockSkew + 1, T0, rules)).to.equal('future')
    expect(timeFault(T0 - 60_001, T0, rules)).to.equal('expired')
    const l = ledger({ maxAge: 60_000 })
    expect(l.admit(sdm(T0 + 12 * 3600_000), 'a', T0)).to.include({ verdict: 'ignore', reason: 'future', blamed: 'a' })
    expect(l.threat('a', T0)).to.be.greaterThan(0)
    expect(l.admit(sdm(T0 - 3600_000), 'b', T0)).to.deep.equal({ verdict: 'ignore', reason: 'expired' })
    expect(l.threat('b', T0), 'a replica may serve an entry about to expire: no blame').to.equal(0)
    expect(l.admit(sdm(T0), 'a', T0 + 1000).verdict, 'the future one was not recorded: the owner is not muted').to.equal('accept')
  })

  it('input rate: a change faster than maxInputRate between two signed messages is rejected with jump evidence', () => {
    const l = ledger({ maxInputRate: 2 })
    expect(l.admit(sdm(T0, [0, 0]), 'a', T0).verdict).to.equal('accept')
    expect(l.admit(sdm(T0 + 1000, [2, -2]), 'a', T0 + 1000).verdict, '2 per second').to.equal('accept')
    const jump = l.admit(sdm(T0 + 1500, [2, 3]), 'a', T0 + 1500)
    expect(jump).to.include({ verdict: 'reject', reason: 'input-rate', blamed: 'a' })
    expect(jump.evidence?.kind).to.equal(EvidenceKind.Jump)
    const rules = { shardId: 'drift', dimension: 2, maxInputRate: 2 }
    expect(checkEvidence(jump.evidence as any, rules)).to.deep.equal({ valid: true, offender: 'a', reason: 'input-rate' })
    const [first, second] = jump.evidence?.messages ?? []
    expect(checkEvidence({ kind: EvidenceKind.Jump, messages: [second, first] }, rules).valid, 'in either order').to.be.true()
    expect(checkEvidence(jump.evidence as any, { ...rules, maxInputRate: 20 }).valid, 'not beyond a looser rule').to.be.false()
    expect(checkEvidence({ kind: EvidenceKind.Jump, messages: [first, { ...second, origin: 'b' }] }, rules).valid, 'two signers prove nothing').to.be.false()
  })

  it('admitEntry: a served entry passes the single-message rules only, and blames the origin or the source', () => {
    const l = ledger({ max: 100 })
    expect(l.admitEntry(sdm(T0), { origin: 'a', source: 's', now: T0 })).to.deep.equal({ verdict: 'accept', reason: 'ok' })
    expect(l.admitEntry(sdm(T0), { origin: 'a', source: 's', now: T0 }).verdict, 'no rate limit nor duplicate rule').to.equal('accept')
    const far = l.admitEntry(sdm(T0, [1e308, 0]), { origin: 'a', source: 's', now: T0 })
    expect(far).to.include({ verdict: 'reject', reason: 'out-of-bounds', blamed: 'a' })
    expect(far.evidence?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(l.admitEntry({ cycleId: 'x' }, { origin: 'a', source: 's', now: T0 })).to.include({ reason: 'malformed', blamed: 's' })
    expect(l.admitEntry(sdm(T0 + 86_400_000), { origin: 'b', source: 's', now: T0 })).to.include({ verdict: 'ignore', reason: 'future' })
  })

  it('refuse charges the source like a malformed message; three quarantine it', () => {
    const l = ledger()
    const results = [0, 1, 2].map(() => l.refuse('s', T0, 'unproven'))
    expect(results.map(r => [r.verdict, r.reason, r.transition])).to.deep.equal([['reject', 'unproven', undefined], ['reject', 'unproven', 'alert'], ['reject', 'unproven', 'quarantine']])
    expect(l.quarantined(T0 + 3)).to.deep.equal(['s'])
  })

  it('a quarantine lasts quarantineTime, not the few seconds threat decay alone gives', () => {
    const l = ledger()
    expect(l.condemn('x', T0).transition).to.equal('quarantine')
    expect(l.status('x', T0 + 5 * THREAT_HALF_LIFE_MS), 'threat alone would be 0.03 by now').to.equal('quarantine')
    expect(l.score('x', T0 + QUARANTINE_TIME_MS - 1)).to.equal(-1000)
    expect(l.admit(sdm(T0 + 1000), 'x', T0 + QUARANTINE_TIME_MS - 1).reason).to.equal('quarantined')
    expect(l.status('x', T0 + QUARANTINE_TIME_MS)).to.equal('live')
    expect(l.quarantined(T0 + QUARANTINE_TIME_MS)).to.deep.equal([])

    // with a short hold, decay alone decides after it: threat 1 falls below 0.85 after 0.23 half-lives
    const short = ledger({ quarantineTime: 1000 })
    short.condemn('y', T0)
    expect(short.status('y', T0 + 0.2 * THREAT_HALF_LIFE_MS)).to.equal('quarantine')
    expect(short.status('y', T0 + 0.3 * THREAT_HALF_LIFE_MS)).to.equal('alert')
  })
})
