import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { mixEntropy, norm, normalize } from '../src/index.ts'

const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0)
const halfway = (e: number[]): void => {
  expect(e).to.have.lengthOf(2)
  expect(e[0]).to.be.closeTo(Math.SQRT1_2, 1e-15)
  expect(e[1]).to.be.closeTo(-Math.SQRT1_2, 1e-15)
}

describe('normalize', () => {
  it('centres and scales to unit length', () => {
    const e = normalize([0.9, 0.1, 0.5])
    expect(sum(e)).to.be.closeTo(0, 1e-12)
    expect(norm(e)).to.be.closeTo(1, 1e-12)
    halfway(normalize([3, 1]))
  })

  it('gives zeros, not NaN, for the zero vector, no spread, or k = 1', () => {
    expect(normalize([0, 0])).to.deep.equal([0, 0])
    expect(normalize([0.4, 0.4])).to.deep.equal([0, 0])
    expect(normalize([0.4])).to.deep.equal([0])
    expect(normalize([])).to.deep.equal([])
  })

  it('gives zeros for a spread lost in rounding, not a direction made of noise', () => {
    // 0.1 + 0.2 is 0.30000000000000004: one ulp is not a direction
    expect(normalize([0.1 + 0.2, 0.3, 0.3])).to.deep.equal([0, 0, 0])
  })

  it('gives zeros for non-finite components', () => {
    expect(normalize([Number.NaN, 1])).to.deep.equal([0, 0])
    expect(normalize([Infinity, 1])).to.deep.equal([0, 0])
  })

  it('neither overflows nor underflows', () => {
    halfway(normalize([1e300, -1e300]))
    halfway(normalize([1.7e308, 1e308]))
    halfway(normalize([3e-310, -3e-310]))
  })

  it('is never NaN: a centred unit vector or zeros, for any doubles', () => {
    fc.assert(fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 16 }), raw => {
      const e = normalize(raw)
      expect(e).to.have.lengthOf(raw.length)
      expect(e.every(Number.isFinite)).to.be.true()

      if (e.some(value => value !== 0)) {
        expect(norm(e)).to.be.closeTo(1, 1e-12)
        expect(sum(e)).to.be.closeTo(0, 1e-12)
      }
    }), { numRuns: 500 })
  })
})

describe('mixEntropy', () => {
  it('averages, subtracts 0.5 and normalises', () => {
    expect(mixEntropy([[1, 0], [0.5, 0]])).to.deep.equal(normalize([0.25, -0.5]))
    expect(mixEntropy([[0.2, 0.9, 0.4]])).to.deep.equal(normalize([0.2 - 0.5, 0.9 - 0.5, 0.4 - 0.5]))
  })

  it('gives zeros for k = 1: one dimension has no zero-mean direction', () => {
    expect(mixEntropy([[0.9], [0.7]])).to.deep.equal([0])
  })

  it('needs a vector, and one dimension', () => {
    expect(() => mixEntropy([])).to.throw().with.property('name', 'InvalidParametersError')
    expect(() => mixEntropy([[0.1], [0.1, 0.2]])).to.throw().with.property('name', 'DimensionMismatchError')
  })

  it('is a centred unit vector (or zeros) for any packets', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 16 }).chain(k => fc.array(fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: k, maxLength: k }), { minLength: 1, maxLength: 8 })),
      packets => {
        const e = mixEntropy(packets)
        const zero = e.every(value => value === 0)
        expect(zero || Math.abs(norm(e) - 1) < 1e-12).to.be.true()
        expect(sum(e)).to.be.closeTo(0, 1e-12)
      }
    ), { numRuns: 300 })
  })
})
