import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { target } from '../src/index.ts'
import type { DriftEntry } from '../src/index.ts'

const entries = (...inputs: number[][]): DriftEntry[] => inputs.map((input, i) => ({ key: `k${i}`, input }))

describe('target with trim (W-MSR)', () => {
  const honest = entries([1], [2], [3], [4], [5])

  it('drops the F largest and smallest values when liars sit outside the honest range', () => {
    const table = [...honest, { key: 'liar-high', input: [1000] }, { key: 'liar-low', input: [-1000] }]
    expect(target(table, new Map(), { trim: 1 })).to.deep.equal([3])
    expect(target(table, new Map(), { trim: 0 })).to.deep.equal([15 / 7])
    expect(target(table)).to.deep.equal([15 / 7])
  })

  it('keeps the target inside the honest range when liars sit inside it', () => {
    // liars inside the range cannot be told from honest nodes: the trim drops
    // k0 and liar-a (ties by key) and 4 and 5, and promises only that the
    // target stays within the honest range [1, 5]
    const table = [...honest, { key: 'liar-a', input: [1] }, { key: 'liar-b', input: [1] }]
    expect(target(table, new Map(), { trim: 2 })).to.deep.equal([(1 + 2 + 3) / 3])
    expect(target(table)).to.deep.equal([17 / 7])
  })

  it('does not trim with fewer than 2F + 3 entries of positive weight, and does at exactly 2F + 3', () => {
    expect(target(entries([1], [2], [3], [1000]), new Map(), { trim: 1 })).to.deep.equal([1006 / 4])
    expect(target(entries([1], [2], [3], [4], [1000]), new Map(), { trim: 1 })).to.deep.equal([3])
    // an entry of no weight does not count toward 2F + 3
    expect(target(entries([1], [2], [3], [4], [1000]), new Map([['k0', 0]]), { trim: 1 })).to.deep.equal([1009 / 4])
  })

  it('trims each component on its own', () => {
    const table = entries([0, 100], [1, 1], [2, 2], [3, 3], [100, 0])
    expect(target(table, new Map(), { trim: 1 })).to.deep.equal([2, 2])
  })

  it('weights the entries it keeps by trust', () => {
    const table = entries([1], [2], [3], [4], [100])
    expect(target(table, new Map([['k1', 0.5]]), { trim: 1 })).to.deep.equal([(2 * 0.5 + 3 + 4) / 2.5])
  })

  it('breaks ties by key, so every replica drops the same entry', () => {
    // c, d and e tie at the top; the largest key (e) is dropped, whatever the order given
    const table = [
      { key: 'e', input: [5] }, { key: 'a', input: [1] }, { key: 'd', input: [5] }, { key: 'b', input: [2] }, { key: 'c', input: [5] }
    ]
    const trust = new Map([['c', 1], ['d', 0.5], ['e', 0.25]])
    expect(target(table, trust, { trim: 1 })).to.deep.equal([(2 + 5 + 2.5) / 2.5])
  })

  it('refuses a trim that is not a non-negative integer', () => {
    for (const trim of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => target(honest, new Map(), { trim })).to.throw().with.property('name', 'InvalidParametersError')
    }
  })

  it('stays within the honest range for up to F liars anywhere, at any weights', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }).chain(trim => fc.record({
        trim: fc.constant(trim),
        honest: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2 * trim + 3, maxLength: 12 }),
        liars: fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: trim }),
        weights: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 })
      })),
      ({ trim, honest, liars, weights }) => {
        const table = [...honest, ...liars].map((value, i) => ({ key: `n${i}`, input: [value] }))
        const trust = new Map(table.map((entry, i) => [entry.key, weights[i]]))
        const [t] = target(table, trust, { trim })
        const slack = 1e-12 * Math.max(...honest.map(Math.abs), 1)

        expect(t).to.be.within(Math.min(...honest) - slack, Math.max(...honest) + slack)
      }
    ), { numRuns: 300 })
  })
})
