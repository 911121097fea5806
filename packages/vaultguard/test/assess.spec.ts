import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { EvidenceKind, assess, verifyEvidence } from '../src/index.ts'
import type { GuardMessage } from '../src/index.ts'

/** honest inputs uniform in [0, 100): a fixed, spread-out set */
const honest = Array.from({ length: 95 }, (_, i) => ({ key: `h${i}`, input: [(i * 37) % 100 + 0.5, (i * 53) % 100 + 0.25] }))
const liars = Array.from({ length: 5 }, (_, i) => ({ key: `liar${i}`, input: [1e6, -1e6] }))

describe('assess (replicated judgement)', () => {
  it('quarantines extreme liars and leaves every honest entry at full weight', () => {
    const { entries } = assess([...honest, ...liars])

    liars.forEach(liar => {
      expect(entries.get(liar.key)).to.include({ status: 'quarantine', weight: 0 })
    })
    honest.forEach(h => {
      expect(entries.get(h.key)).to.include({ status: 'normal', weight: 1, threat: 0 })
      expect(entries.get(h.key)?.input).to.deep.equal(h.input)
    })
  })

  it('clamps an anomalous input to centre +- k MADs and reduces its weight', () => {
    const table = [...honest, { key: 'odd', input: [400, 50] }]
    const { entries, robust } = assess(table)
    const odd = entries.get('odd')
    const reach = 6 * (robust?.scale[0] ?? 0)

    expect(odd?.energy).to.be.above(1)
    expect(odd?.input[0]).to.be.closeTo((robust?.centre[0] ?? 0) + reach, 1e-9)
    expect(odd?.weight).to.be.below(1).and.above(0)
  })

  it('maps energy to ALERT and QUARANTINE through threat = 1 - 1/energy', () => {
    // centre 10, MAD floored at 5 % of 10 = 0.5, so 6 MADs = 3
    const flat = Array.from({ length: 10 }, (_, i) => ({ key: `f${i}`, input: [10] }))
    const at = (value: number): string | undefined => assess([...flat, { key: 'x', input: [value] }]).entries.get('x')?.status

    expect(at(12)).to.equal('normal') // energy 0.67
    expect(at(10 + 3 * 3)).to.equal('alert') // energy 3: threat 0.67
    expect(at(10 + 3 * 8)).to.equal('quarantine') // energy 8: threat 0.875
  })

  it('judges no anomaly below the minimum number of entries', () => {
    const { entries } = assess([{ key: 'a', input: [0] }, { key: 'b', input: [1e9] }])
    expect(entries.get('b')).to.include({ status: 'normal', weight: 1 })
  })

  it('quarantines an entry condemned by evidence, and leaves it out of the centre', () => {
    const { entries, robust } = assess([...honest.slice(0, 10), { key: 'c', input: [50, 50] }], new Set(['c']))
    expect(entries.get('c')).to.include({ status: 'quarantine', weight: 0, threat: 1 })
    expect(robust?.centre).to.deep.equal(assess(honest.slice(0, 10)).robust?.centre)
  })

  it('is the same whatever the order of the table', () => {
    fc.assert(fc.property(fc.shuffledSubarray([...honest.slice(0, 30), ...liars], { minLength: 35, maxLength: 35 }), shuffled => {
      const a = assess(shuffled).entries
      const b = assess([...honest.slice(0, 30), ...liars]).entries
      for (const [key, value] of b) { expect(a.get(key)).to.deep.equal(value) }
    }), { numRuns: 50 })
  })
})

describe('evidence', () => {
  const rules = { shardId: 'drift', dimension: 1, nonNegative: true, maxMagnitude: 100 }
  const m = (cycleId: number, input: number[]): GuardMessage => ({ shardId: 'drift', cycleId, input, state: [0] })

  it('out of bounds: proven by one message beyond the bound', () => {
    expect(verifyEvidence({ kind: EvidenceKind.OutOfBounds, messages: [{ origin: 'x', message: m(1, [101]) }] }, rules))
      .to.include({ valid: true, offender: 'x' })
    expect(verifyEvidence({ kind: EvidenceKind.OutOfBounds, messages: [{ origin: 'x', message: m(1, [99]) }] }, rules).valid).to.be.false()
  })

  it('negative input: proven only on a nonNegative shard', () => {
    const evidence = { kind: EvidenceKind.NegativeInput, messages: [{ origin: 'x', message: m(1, [-1]) }] }
    expect(verifyEvidence(evidence, rules)).to.include({ valid: true, offender: 'x' })
    expect(verifyEvidence(evidence, { ...rules, nonNegative: false }).valid).to.be.false()
  })

  it('equivocation: two different messages of one signer with one cycle id', () => {
    const pair = (a: GuardMessage, b: GuardMessage, origins = ['x', 'x']): ReturnType<typeof verifyEvidence> =>
      verifyEvidence({ kind: EvidenceKind.Equivocation, messages: [{ origin: origins[0], message: a }, { origin: origins[1], message: b }] }, rules)

    expect(pair(m(3, [1]), m(3, [2]))).to.include({ valid: true, offender: 'x' })
    expect(pair(m(3, [1]), m(3, [1])).valid, 'same content').to.be.false()
    expect(pair(m(3, [1]), m(4, [2])).valid, 'different cycles').to.be.false()
    expect(pair(m(3, [1]), m(3, [2]), ['x', 'y']).valid, 'different signers').to.be.false()
  })

  it('refuses unknown kinds and malformed evidence without throwing', () => {
    expect(verifyEvidence({ kind: 99 as EvidenceKind, messages: [] }, rules).valid).to.be.false()
    expect(verifyEvidence(null as any, rules).valid).to.be.false()
    expect(verifyEvidence({ kind: EvidenceKind.Equivocation, messages: [{ origin: 'x', message: null as any }, { origin: 'x', message: null as any }] }, rules).valid).to.be.false()
  })
})
