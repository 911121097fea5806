import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { summary, target } from '../src/index.ts'
import type { DriftEntry } from '../src/index.ts'

const entries = (...inputs: number[][]): DriftEntry[] => inputs.map((input, i) => ({ key: `k${i}`, input }))

describe('target', () => {
  it('is the mean of the inputs with full trust', () => {
    expect(target(entries([5, 1], [-2, -3]))).to.deep.equal([1.5, -1])
  })

  it('weights inputs by trust; a missing key has trust 1', () => {
    const table = entries([0], [10])
    expect(target(table, new Map([['k1', 0.25]]))).to.deep.equal([2])
  })

  it('ignores entries of zero trust', () => {
    const table = entries([0], [1e6], [2])
    expect(target(table, new Map([['k1', 0]]))).to.deep.equal([1])
  })

  it('throws EmptyTableError when nothing has weight', () => {
    expect(() => target([])).to.throw().with.property('name', 'EmptyTableError')
    expect(() => target(entries([1]), new Map([['k0', 0]]))).to.throw().with.property('name', 'EmptyTableError')
  })

  it('throws DimensionMismatchError for mixed dimensions', () => {
    expect(() => target(entries([1, 2], [1]))).to.throw().with.property('name', 'DimensionMismatchError')
  })

  it('is bit-identical whatever the order of the table', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 0, max: 3 }),
      fc.nat(),
      (rows, trim, seed) => {
        const table = rows.map(([value], i) => ({ key: `key-${i}`, input: [value, -value / 3] }))
        const trust = new Map(rows.map(([, weight], i) => [`key-${i}`, weight]))
        // a deterministic shuffle from the seed
        const shuffled = table.map((entry, i) => ({ entry, order: (i * 2654435761 + seed) % 4294967296 }))
          .sort((a, b) => a.order - b.order).map(({ entry }) => entry)

        expect(target(shuffled, trust, { trim })).to.deep.equal(target(table, trust, { trim }))
      }
    ), { numRuns: 300 })
  })

  it('keeps the mean of a thousand inputs exact where naive summation drifts', () => {
    const table = entries([1e16], ...Array.from({ length: 999 }, () => [1]), [-1e16])
    // naive left-to-right summation loses every 1 added to 1e16
    expect(target(table)).to.deep.equal([999 / 1001])
  })

  describe('trim', () => {
    const honest = entries([1], [2], [3], [4], [5])

    it('drops the F largest and smallest values per component', () => {
      const table = [...honest, { key: 'liar-high', input: [1000] }, { key: 'liar-low', input: [-1000] }]
      expect(target(table, new Map(), { trim: 1 })).to.deep.equal([3])
      expect(target(table, new Map(), { trim: 0 })).to.deep.equal([15 / 7])
    })

    it('does not trim with fewer than 2F + 3 entries', () => {
      const table = entries([1], [2], [3], [1000])
      expect(target(table, new Map(), { trim: 1 })).to.deep.equal([1006 / 4])
    })

    it('trims each component on its own', () => {
      const table = entries([0, 100], [1, 1], [2, 2], [3, 3], [100, 0])
      expect(target(table, new Map(), { trim: 1 })).to.deep.equal([2, 2])
    })
  })
})

describe('summary', () => {
  it('total is the trust-weighted sum, count the entries with weight', () => {
    const table = entries([1, 2], [3, 4], [100, 100])
    expect(summary(table, new Map([['k2', 0]]))).to.deep.equal({ total: [4, 6], count: 2, weight: 2 })
  })

  it('total = count x mean with full trust', () => {
    const table = entries([1.5], [2.25], [-0.75])
    const { total, count } = summary(table)
    expect(total[0]).to.equal(count * target(table)[0])
  })
})
