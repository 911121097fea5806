import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { EvidenceKind, PeerLedger, checkEvidence, condemned } from '../src/index.ts'
import type { Evidence, GuardMessage, SignedBy } from '../src/index.ts'

const rules = { shardId: 'drift', dimension: 1, nonNegative: true, maxMagnitude: 100 }
const m = (cycleId: number, input: number[], state = [0]): GuardMessage => ({ shardId: 'drift', cycleId, input, state })
const one = (kind: EvidenceKind, message: GuardMessage, origin = 'x'): Evidence => ({ kind, messages: [{ origin, message }] })

describe('evidence', () => {
  it('out of bounds: proven by one message with a component beyond the bound or not finite', () => {
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, m(1, [101])), rules)).to.deep.equal({ valid: true, offender: 'x', reason: 'out-of-bounds' })
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, m(1, [1], [Infinity])), rules)).to.include({ valid: true, reason: 'non-finite' })
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, m(1, [100])), rules).valid, 'within the bound').to.be.false()
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, m(1, [101])), { ...rules, maxMagnitude: 1000 }).valid, 'judged by the shard\'s rules').to.be.false()
  })

  it('negative input: proven by one message, on a nonNegative shard only', () => {
    const evidence = one(EvidenceKind.NegativeInput, m(1, [-1]))
    expect(checkEvidence(evidence, rules)).to.include({ valid: true, offender: 'x' })
    expect(checkEvidence(evidence, { ...rules, nonNegative: false }).valid).to.be.false()
  })

  it('drain: proven by one message with a negative state, on a nonNegative shard only', () => {
    const evidence = one(EvidenceKind.Drain, m(1, [1], [-3]))
    expect(checkEvidence(evidence, rules)).to.include({ valid: true, offender: 'x', reason: 'negative-state' })
    expect(checkEvidence(evidence, { ...rules, nonNegative: false }).valid).to.be.false()
    expect(checkEvidence(one(EvidenceKind.Drain, m(1, [1], [0])), rules).valid).to.be.false()
  })

  it('a single message proves only the kind it shows', () => {
    expect(checkEvidence(one(EvidenceKind.NegativeInput, m(1, [101])), rules).valid).to.be.false()
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, m(1, [-1])), rules).valid).to.be.false()
    expect(checkEvidence(one(EvidenceKind.Drain, m(1, [-1], [-1])), rules).valid, 'the input fault comes first').to.be.false()
    expect(checkEvidence(one(EvidenceKind.OutOfBounds, { ...m(1, [101]), shardId: 'load' }), rules).valid, 'another shard').to.be.false()
    expect(checkEvidence({ kind: EvidenceKind.OutOfBounds, messages: [{ origin: 'x', message: m(1, [101]) }, { origin: 'x', message: m(2, [101]) }] }, rules).valid).to.be.false()
  })

  it('equivocation: two different messages of one signer with one cycle id', () => {
    const pair = (a: GuardMessage, b: GuardMessage, origins = ['x', 'x']): ReturnType<typeof checkEvidence> =>
      checkEvidence({ kind: EvidenceKind.Equivocation, messages: [{ origin: origins[0], message: a }, { origin: origins[1], message: b }] }, rules)

    expect(pair(m(3, [1]), m(3, [2]))).to.deep.equal({ valid: true, offender: 'x', reason: 'equivocation' })
    expect(pair(m(3, [1], [0]), m(3, [1], [5])).valid, 'a different state').to.be.true()
    expect(pair(m(3, [1]), m(3, [1])).valid, 'the same content').to.be.false()
    expect(pair(m(3, [0]), m(3, [-0])).valid, '0 and -0 say the same').to.be.false()
    expect(pair(m(3, [1]), m(4, [2])).valid, 'different cycles').to.be.false()
    expect(pair(m(3, [1]), m(3, [2]), ['x', 'y']).valid, 'different signers').to.be.false()
    expect(pair(m(3, [1]), { ...m(3, [2]), shardId: 'load' }).valid, 'another shard').to.be.false()
    expect(checkEvidence({ kind: EvidenceKind.Equivocation, messages: [{ origin: 'x', message: m(3, [1]) }] }, rules).valid, 'one message').to.be.false()
  })

  it('the ledger\'s evidence checks out on another replica', () => {
    const ledger = new PeerLedger({ ...rules, minInterval: 0 })
    const found = [
      ledger.admit(m(1, [101]), 'a', 0),
      ledger.admit(m(1, [-1]), 'b', 0),
      ledger.admit(m(1, [1], [-1]), 'c', 0),
      ledger.admit(m(1, [1]), 'd', 0),
      ledger.admit(m(1, [2]), 'd', 1)
    ].map(result => result.evidence)

    expect(found.map(e => e?.kind)).to.deep.equal([EvidenceKind.OutOfBounds, EvidenceKind.NegativeInput, EvidenceKind.Drain, undefined, EvidenceKind.Equivocation])
    expect(found.filter(e => e != null).map(e => checkEvidence(e as Evidence, rules).offender)).to.deep.equal(['a', 'b', 'c', 'd'])
  })

  it('condemned: the offenders of the valid evidence only, whatever its order', () => {
    const evidence = [one(EvidenceKind.OutOfBounds, m(1, [101]), 'b'), one(EvidenceKind.OutOfBounds, m(1, [1]), 'innocent'), one(EvidenceKind.NegativeInput, m(1, [-1]), 'a')]
    expect([...condemned(evidence, rules)]).to.deep.equal(['a', 'b'])
    expect([...condemned([...evidence].reverse(), rules)]).to.deep.equal(['a', 'b'])
  })

  it('never throws on any evidence', () => {
    const signed = fc.record({ origin: fc.string(), message: fc.anything() }) as fc.Arbitrary<SignedBy>
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.record({ kind: fc.integer({ min: 0, max: 5 }), messages: fc.array(fc.oneof(signed, fc.anything()), { maxLength: 3 }) })), evidence => {
      expect(checkEvidence(evidence as Evidence, rules).valid).to.be.a('boolean')
    }), { numRuns: 1000 })
    const hostile = new Proxy({}, { get () { throw new Error('boom') } })
    expect(checkEvidence(hostile as Evidence, rules).valid).to.be.false()
    expect(checkEvidence({ kind: EvidenceKind.Equivocation, messages: [hostile, hostile] } as Evidence, rules).valid).to.be.false()
  })
})
