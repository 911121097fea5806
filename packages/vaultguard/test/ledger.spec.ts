import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { ALERT_THRESHOLD, EvidenceKind, PeerLedger, QUARANTINE_SCORE, THREAT_HALF_LIFE_MS } from '../src/index.ts'
import type { GuardMessage } from '../src/index.ts'

const sdm = (cycleId: number, input = [1, 2], overrides: Partial<GuardMessage> = {}): GuardMessage =>
  ({ shardId: 'drift', cycleId, input, state: [1, 2], driftWeight: 1, ...overrides })

const ledger = (rules = {}): PeerLedger => new PeerLedger({ shardId: 'drift', dimension: 2, minInterval: 100, ...rules })

describe('PeerLedger.admit: one test per rule', () => {
  it('accepts a good message', () => {
    expect(ledger().admit(sdm(1), { origin: 'a', now: 0 })).to.deep.equal({ verdict: 'accept', reason: 'ok' })
  })

  it('rejects non-finite numbers', () => {
    const result = ledger().admit(sdm(1, [Number.NaN, 1]), { origin: 'a', now: 0 })
    expect(result).to.include({ verdict: 'reject', reason: 'non-finite' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.OutOfBounds)
    expect(ledger().admit(sdm(1, [1, 1], { state: [Infinity, 0] }), { origin: 'a', now: 0 }).reason).to.equal('non-finite')
  })

  it('rejects the wrong dimension', () => {
    expect(ledger().admit(sdm(1, [1, 2, 3]), { origin: 'a', now: 0 })).to.include({ verdict: 'reject', reason: 'dimension' })
  })

  it('rejects magnitudes beyond the bound, with evidence', () => {
    const result = ledger({ maxMagnitude: 1000 }).admit(sdm(1, [1001, 0]), { origin: 'a', now: 0 })
    expect(result).to.include({ verdict: 'reject', reason: 'out-of-bounds' })
    expect(result.evidence).to.deep.equal({ kind: EvidenceKind.OutOfBounds, messages: [{ origin: 'a', message: sdm(1, [1001, 0]) }] })
    expect(ledger({ maxMagnitude: 1000 }).admit(sdm(1, [999, 0]), { origin: 'a', now: 0 }).verdict).to.equal('accept')
  })

  it('rejects a negative input on a nonNegative shard only', () => {
    expect(ledger({ nonNegative: true }).admit(sdm(1, [-1, 0]), { origin: 'a', now: 0 })).to.include({ verdict: 'reject', reason: 'negative-input' })
    expect(ledger().admit(sdm(1, [-1, 0]), { origin: 'a', now: 0 }).verdict).to.equal('accept')
  })

  it('rejects a message of another shard and a malformed one', () => {
    expect(ledger().admit(sdm(1, [1, 1], { shardId: 'load' }), { origin: 'a', now: 0 }).reason).to.equal('wrong-shard')
    expect(ledger().admit({ cycleId: 'x' }, { origin: 'a', now: 0 }).reason).to.equal('malformed')
    expect(ledger().admit(sdm(0), { origin: 'a', now: 0 }).reason).to.equal('malformed')
  })

  it('ignores a cycle id that is not newer', () => {
    const l = ledger()
    l.admit(sdm(5), { origin: 'a', now: 0 })
    expect(l.admit(sdm(4), { origin: 'a', now: 1000 })).to.include({ verdict: 'ignore', reason: 'stale' })
    expect(l.admit(sdm(6), { origin: 'a', now: 1000 }).verdict).to.equal('accept')
  })

  it('ignores an exact duplicate without blame', () => {
    const l = ledger()
    l.admit(sdm(5), { origin: 'a', now: 0 })
    expect(l.admit(sdm(5), { origin: 'a', now: 1000 })).to.include({ verdict: 'ignore', reason: 'duplicate' })
    expect(l.threat('a', 1000)).to.equal(0)
  })

  it('rejects two different messages with one cycle id as equivocation, with both as evidence', () => {
    const l = ledger()
    l.admit(sdm(5, [1, 1]), { origin: 'a', now: 0 })
    const result = l.admit(sdm(5, [9, 9]), { origin: 'a', now: 1000 })
    expect(result).to.include({ verdict: 'reject', reason: 'equivocation' })
    expect(result.evidence?.kind).to.equal(EvidenceKind.Equivocation)
    expect(result.evidence?.messages.map(m => m.message.input)).to.deep.equal([[1, 1], [9, 9]])
  })

  it('rate-limits to one SDM per sender per minInterval', () => {
    const l = ledger()
    l.admit(sdm(1), { origin: 'a', now: 0 })
    expect(l.admit(sdm(2), { origin: 'a', now: 99 })).to.include({ verdict: 'ignore', reason: 'rate-limit' })
    expect(l.admit(sdm(3), { origin: 'a', now: 100 }).verdict).to.equal('accept')
  })

  it('raises threat for an input jump beyond k MADs, but accepts it', () => {
    const l = ledger()
    l.admit(sdm(1, [1, 1]), { origin: 'a', now: 0 })
    const result = l.admit(sdm(2, [100, 1]), { origin: 'a', now: 1000, scale: [1, 1] })
    expect(result).to.include({ verdict: 'accept', reason: 'jump' })
    expect(l.threat('a', 1000)).to.be.above(0)
    expect(l.admit(sdm(3, [101, 1]), { origin: 'b', now: 1000, scale: [1, 1] }).reason).to.equal('ok')
  })

  it('blames the forwarder, not the origin, for a replayed old message', () => {
    const l = ledger()
    l.admit(sdm(5), { origin: 'a', now: 0 })
    l.admit(sdm(2), { origin: 'a', source: 'replayer', now: 1000 })
    expect(l.threat('replayer', 1000)).to.be.above(0)
    expect(l.threat('a', 1000)).to.equal(0)
  })

  it('never throws, whatever it is given', () => {
    const l = ledger()
    fc.assert(fc.property(fc.anything(), fc.string(), fc.double(), (message, origin, now) => {
      const result = l.admit(message, { origin, now })
      expect(['accept', 'reject', 'ignore']).to.include(result.verdict)
    }), { numRuns: 500 })
    fc.assert(fc.property(fc.record({
      shardId: fc.constantFrom('drift', 'x'),
      cycleId: fc.oneof(fc.integer(), fc.double()),
      input: fc.array(fc.double(), { maxLength: 3 }),
      state: fc.array(fc.double(), { maxLength: 3 })
    }), fc.integer(), (message, now) => {
      expect(['accept', 'reject', 'ignore']).to.include(l.admit(message, { origin: 'o', now }).verdict)
    }), { numRuns: 500 })
  })
})

describe('PeerLedger threat and trust', () => {
  it('moves a peer to ALERT at 0.60 and QUARANTINE at 0.85, reporting each transition', () => {
    const l = ledger({ maxMagnitude: 10 })
    const transitions = [1, 2, 3].map(cycle => l.admit(sdm(cycle, [100, 0]), { origin: 'liar', now: 0 }))

    expect(transitions.map(t => t.transition)).to.deep.equal([undefined, 'alert', 'quarantine'])
    expect(l.threat('liar', 0)).to.be.closeTo(0.9, 1e-12)
    expect(l.status('liar', 0)).to.equal('quarantine')
    expect(l.trust('liar', 0)).to.be.closeTo(0.1, 1e-12)
  })

  it('ignores everything from a quarantined peer and scores it below the graylist', () => {
    const l = ledger({ maxMagnitude: 10 })
    for (let cycle = 1; cycle <= 3; cycle++) { l.admit(sdm(cycle, [100, 0]), { origin: 'liar', now: 0 }) }

    expect(l.admit(sdm(10), { origin: 'liar', now: 0 })).to.include({ verdict: 'ignore', reason: 'quarantined' })
    expect(l.score('liar', 0)).to.equal(QUARANTINE_SCORE)
    expect(l.score('stranger', 0)).to.equal(0)
  })

  it('decays threat with time (half-life) and with good messages', () => {
    const l = ledger({ maxMagnitude: 10 })
    l.admit(sdm(1, [100, 0]), { origin: 'a', now: 0 })
    l.admit(sdm(2, [100, 0]), { origin: 'a', now: 0 })
    const threat = l.threat('a', 0)

    expect(threat).to.be.at.least(ALERT_THRESHOLD)
    expect(l.threat('a', THREAT_HALF_LIFE_MS)).to.be.closeTo(threat / 2, 1e-12)

    l.admit(sdm(3, [1, 1]), { origin: 'a', now: THREAT_HALF_LIFE_MS })
    expect(l.threat('a', THREAT_HALF_LIFE_MS)).to.be.below(threat / 2)
  })

  it('quarantines a flooder through the rate limit', () => {
    const l = ledger()
    let transition
    for (let cycle = 1; cycle <= 40; cycle++) {
      transition = l.admit(sdm(cycle), { origin: 'flood', now: cycle }).transition ?? transition
    }

    expect(l.status('flood', 40)).to.equal('quarantine')
    expect(transition).to.equal('quarantine')
  })
})
