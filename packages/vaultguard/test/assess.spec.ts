import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { assess } from '../src/index.ts'
import type { AssessEntry, Assessment } from '../src/index.ts'

/** `count` inputs uniform in [0, 100)^2, a fixed draw of a seeded generator (mulberry32) */
function uniform (count: number, seed: number): AssessEntry[] {
  let s = seed >>> 0
  const next = (): number => {
    s = (s + 0x6D2B79F5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 100
  }

  return Array.from({ length: count }, (_, i) => ({ key: `h${i.toString().padStart(3, '0')}`, input: [next(), next()] }))
}

/** The same entries moved from [0, 100) to [low, low + width) */
function scaled (table: AssessEntry[], low: number, width: number): AssessEntry[] {
  return table.map(e => ({ key: e.key, input: e.input.map(v => low + (v / 100) * width) }))
}

const honest = uniform(95, 7)
const liars = Array.from({ length: 5 }, (_, i) => ({ key: `liar${i}`, input: [1e6, -1e6] }))

describe('assess (replicated judgement)', () => {
  it('quarantines extreme liars and leaves every honest entry live with trust 1', () => {
    const { entries } = assess([...honest, ...liars])

    liars.forEach(liar => {
      expect(entries.get(liar.key)).to.include({ status: 'quarantine', weight: 0, cause: 'anomaly' })
    })
    honest.forEach(h => {
      expect(entries.get(h.key)).to.include({ status: 'live', weight: 1, trust: 1, threat: 0 })
      expect(entries.get(h.key)?.input).to.deep.equal(h.input)
    })
  })

  it('keeps every honest input live for any uniform draw of 20 or more in any range', () => {
    fc.assert(fc.property(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      (count, seed, low, width) => {
        for (const a of assess(scaled(uniform(count, seed), low, width)).entries.values()) {
          expect(a).to.include({ status: 'live', trust: 1, weight: 1 })
        }
      }), { numRuns: 200, seed: 1 })
  })

  it('anomaly clamp: clamps an anomalous input to centre +- k MADs and reduces its weight', () => {
    const table = [...honest, { key: 'odd', input: [400, 50] }]
    const { entries, robust } = assess(table)
    const odd = entries.get('odd')
    const reach = (robust?.k ?? 0) * (robust?.scale[0] ?? 0)

    expect(odd?.energy).to.be.above(1)
    expect(odd?.input[0]).to.be.closeTo((robust?.centre[0] ?? 0) + reach, 1e-9)
    expect(odd?.input[1]).to.equal(50)
    expect(odd?.weight).to.be.below(1).and.above(0)
  })

  it('maps energy to ALERT and QUARANTINE through threat = 1 - 1/energy', () => {
    // centre 10, MAD floored at 5 % of 10 = 0.5, so k MADs = 3 (no widening)
    const flat = Array.from({ length: 10 }, (_, i) => ({ key: `f${i}`, input: [10] }))
    const at = (value: number): Assessment | undefined => assess([...flat, { key: 'x', input: [value] }], [], { smallSampleWidening: 0 }).entries.get('x')

    expect(at(12)).to.include({ status: 'live', weight: 1 }) // energy 0.67
    expect(at(10 + 3 * 2)).to.include({ status: 'live', weight: 0.5 }) // energy 2: threat 0.5
    expect(at(10 + 3 * 3)).to.include({ status: 'alert' }) // energy 3: threat 0.67
    expect(at(10 + 3 * 3)?.weight).to.be.closeTo(1 / 3, 1e-12)
    expect(at(10 + 3 * 8)).to.include({ status: 'quarantine', weight: 0 }) // energy 8: threat 0.875
  })

  it('widens the threshold for few entries: k x (1 + 10 / n) MADs', () => {
    const five = [0, 10, 11, 12, 13].map((value, i) => ({ key: `e${i}`, input: [value] }))
    // median 11, MAD 1: the entry at 0 is 11 MADs out, beyond 6 but within 6 x (1 + 10 / 5) = 18
    expect(assess(five).robust?.k).to.equal(18)
    expect(assess(five).entries.get('e0')).to.include({ status: 'live', weight: 1 })
    expect(assess(five, [], { smallSampleWidening: 0 }).entries.get('e0')?.energy).to.be.closeTo(11 / 6, 1e-12)
  })

  it('floors the MAD so a table of equal inputs does not make a small difference infinite', () => {
    const flat = Array.from({ length: 10 }, (_, i) => ({ key: `f${i}`, input: [10, 0] }))
    const { entries, robust } = assess([...flat, { key: 'x', input: [10.5, 0.000001] }])

    expect(robust?.scale).to.deep.equal([0.5, 1e-6])
    expect(entries.get('x')).to.include({ status: 'live', weight: 1 })
  })

  it('judges no anomaly below the minimum number of entries', () => {
    const table = [{ key: 'a', input: [0] }, { key: 'b', input: [0] }, { key: 'c', input: [0] }, { key: 'd', input: [1e9] }]
    expect(assess(table).entries.get('d')).to.include({ status: 'live', weight: 1 })
    expect(assess(table, [], { minEntries: 4 }).entries.get('d')).to.include({ status: 'quarantine' })
  })

  it('quarantines an entry condemned by evidence, and leaves it out of the centre', () => {
    const ten = honest.slice(0, 10)
    const asSet = assess([...ten, { key: 'c', input: [50, 50] }], new Set(['c']))
    const asMap = assess([...ten, { key: 'c', input: [50, 50] }], new Map([['c', [{}]], ['h000', []]]))

    expect(asSet.entries.get('c')).to.include({ status: 'quarantine', weight: 0, threat: 1, trust: 0, cause: 'evidence' })
    expect(asSet.robust?.centre).to.deep.equal(assess(ten).robust?.centre)
    expect(asMap.entries.get('c')).to.deep.equal(asSet.entries.get('c'))
    expect(asMap.entries.get('h000')?.status, 'an empty evidence list condemns nothing').to.equal('live')
  })

  it('quarantines an entry whose input is not k finite numbers, and leaves it out of the centre', () => {
    const ten = honest.slice(0, 10)
    const { entries, robust } = assess([...ten, { key: 'n', input: [Number.NaN, 1] }, { key: 'short', input: [1] }])

    expect(entries.get('n')).to.include({ status: 'quarantine', cause: 'malformed' })
    expect(entries.get('short')).to.include({ status: 'quarantine', cause: 'malformed' })
    expect(robust).to.deep.equal(assess(ten).robust)
  })

  it('refuses a table with two entries of one key', () => {
    expect(() => assess([{ key: 'a', input: [1] }, { key: 'a', input: [2] }])).to.throw().with.property('name', 'DuplicateKeyError')
  })

  it('is deterministic and independent of the table\'s order (results in key order)', () => {
    const table = [...honest.slice(0, 30), ...liars, { key: 'odd', input: [300, -40] }]
    const reference = assess(table)
    const keys = table.map(e => e.key).sort()

    fc.assert(fc.property(fc.shuffledSubarray(table, { minLength: table.length, maxLength: table.length }), fc.shuffledSubarray(['liar1', 'h003'], { minLength: 0 }), (shuffled, condemned) => {
      const a = assess(shuffled, [...condemned].reverse())
      const b = assess(table, condemned)

      expect([...a.entries.keys()]).to.deep.equal(keys)
      expect([...a.entries]).to.deep.equal([...b.entries])
      expect(a.robust).to.deep.equal(b.robust)
    }), { numRuns: 100 })
    expect(assess([...table].reverse())).to.deep.equal(reference)
  })
})
