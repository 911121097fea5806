import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { summary, target } from '../src/index.ts'
import { outcome } from './fixtures/prng.ts'
import type { DriftEntry, TargetFunction } from '../src/index.ts'

const entries = (...inputs: number[][]): DriftEntry[] => inputs.map((input, i) => ({ key: `k${i}`, input }))

describe('target', () => {
  it('is the mean of the inputs with full trust', () => {
    expect(target(entries([5, 1], [-2, -3]))).to.deep.equal([1.5, -1])
    expect(target(entries([5, 1], [-2, -3]), new Map())).to.deep.equal([1.5, -1])
  })

  it('weights inputs by trust; a missing key has trust 1', () => {
    const table = entries([0], [10])
    expect(target(table, new Map([['k1', 0.25]]))).to.deep.equal([2])
  })

  it('ignores entries of zero, negative or non-finite trust', () => {
    const table = entries([0], [1e6], [2], [-1e6], [5e5], [7e7])
    const trust = new Map([['k1', 0], ['k3', -0.5], ['k4', Number.NaN], ['k5', Infinity]])
    expect(target(table, trust)).to.deep.equal([1])
  })

  it('throws EmptyTableError when nothing has weight', () => {
    expect(() => target([])).to.throw().with.property('name', 'EmptyTableError')
    expect(() => target(entries([1]), new Map([['k0', 0]]))).to.throw().with.property('name', 'EmptyTableError')
  })

  it('throws DimensionMismatchError for mixed dimensions', () => {
    expect(() => target(entries([1, 2], [1]))).to.throw().with.property('name', 'DimensionMismatchError')
  })

  it('does not let an entry of no weight stop the shard, whatever its dimension', () => {
    expect(target(entries([1, 2], [1]), new Map([['k1', 0]]))).to.deep.equal([1, 2])
  })

  it('throws DuplicateKeyError when a key appears twice', () => {
    const table = [{ key: 'a', input: [1] }, { key: 'b', input: [2] }, { key: 'a', input: [3] }]
    expect(() => target(table)).to.throw().with.property('name', 'DuplicateKeyError')
    expect(() => summary(table)).to.throw().with.property('name', 'DuplicateKeyError')
  })

  it('handles k = 16', () => {
    const a = Array.from({ length: 16 }, (_, i) => i)
    const b = a.map(value => -value)
    expect(target(entries(a, b))).to.deep.equal(a.map(() => 0))
  })

  it('keeps the mean of a thousand inputs exact where naive summation drifts', () => {
    const table = entries([1e16], ...Array.from({ length: 999 }, () => [1]), [-1e16])
    const naive = table.reduce((sum, entry) => sum + entry.input[0], 0) / table.length

    expect(naive).to.not.equal(999 / 1001)
    expect(target(table)).to.deep.equal([999 / 1001])
  })

  it('is a TargetFunction, the shape a neighbour-aggregation target would take', () => {
    const fn: TargetFunction = target
    expect(fn(entries([1], [3]))).to.deep.equal([2])
  })

  it('is bit-identical whatever the order of the table (target and summary)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }), // ties, for the trim
      fc.double({ min: -1e12, max: 1e12, noNaN: true }) // -0, subnormals, wide magnitudes
    )
    const trust = fc.option(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })), { nil: undefined })
    const table = fc.integer({ min: 1, max: 4 }).chain(k => fc.uniqueArray(
      fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), input: fc.array(value, { minLength: k, maxLength: k }), trust }),
      { selector: row => row.key, minLength: 1, maxLength: 40 }
    ))

    fc.assert(fc.property(
      table.chain(rows => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
      fc.integer({ min: 0, max: 4 }),
      ([rows, shuffled], trim) => {
        const trustMap = new Map<string, number>()
        rows.forEach(row => { if (row.trust != null) { trustMap.set(row.key, row.trust) } })
        const original = rows.map(({ key, input }) => ({ key, input }))
        const permuted = shuffled.map(({ key, input }) => ({ key, input }))

        expect(outcome(() => target(permuted, trustMap, { trim }))).to.deep.equal(outcome(() => target(original, trustMap, { trim })))
        expect(summary(permuted, trustMap)).to.deep.equal(summary(original, trustMap))
      }
    ), { numRuns: 400 })
  })
})

describe('summary', () => {
  it('total is the trust-weighted sum, count the entries with weight', () => {
    const table = entries([1, 2], [3, 4], [100, 100], [5, 5])
    expect(summary(table, new Map([['k2', 0], ['k3', 0.5]]))).to.deep.equal({ total: [6.5, 8.5], count: 3, weight: 2.5 })
  })

  it('total = count x mean with full trust', () => {
    const table = entries([1.5], [2.25], [-0.75])
    const { total, count } = summary(table)
    expect(total[0]).to.equal(count * target(table)[0])
  })

  it('is empty for an empty table, and refuses mixed dimensions', () => {
    expect(summary([])).to.deep.equal({ total: [], count: 0, weight: 0 })
    expect(() => summary(entries([1], [1, 2]))).to.throw().with.property('name', 'DimensionMismatchError')
  })
})
