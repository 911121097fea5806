import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { DEFAULT_ALPHA, DEFAULT_BETA, apply, distance, mixEntropy, norm, normalize, step, target } from '../src/index.ts'

/** mulberry32: a seeded PRNG for reproducible entropy */
function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('step', () => {
  it('is beta x err + alpha x |err| x e', () => {
    const d = step([0, 0], [3, 4], [1, 0], { alpha: 0.1, beta: 0.5 })
    expect(d).to.deep.equal([0.5 * 3 + 0.1 * 5 * 1, 0.5 * 4])
  })

  it('is zero at the equilibrium, whatever the entropy', () => {
    expect(step([2, 2], [2, 2], normalize([0.9, 0.1]))).to.deep.equal([0, 0])
  })

  it('shrinks the error by at least (1 - beta + alpha) for any unit entropy', () => {
    const bound = 1 - DEFAULT_BETA + DEFAULT_ALPHA
    const component = fc.double({ min: -1e6, max: 1e6, noNaN: true })

    fc.assert(fc.property(
      fc.array(component, { minLength: 3, maxLength: 3 }),
      fc.array(component, { minLength: 3, maxLength: 3 }),
      fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 3, maxLength: 3 }),
      (state, goal, raw) => {
        const before = distance(state, goal)
        const after = distance(apply(state, step(state, goal, normalize(raw))), goal)
        expect(after).to.be.at.most(bound * before + 1e-9 * (1 + before))
      }
    ), { numRuns: 500 })
  })

  it('refuses vectors of different dimensions', () => {
    expect(() => step([1], [1, 2], [0])).to.throw().with.property('name', 'DimensionMismatchError')
  })

  it('brings two nodes from [5,1] and [-2,-3] within 1 % of their distance in <= 20 cycles, to the exact mean', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = mulberry32(seed)
      const table = [{ key: 'a', input: [5, 1] }, { key: 'b', input: [-2, -3] }]
      const goal = target(table)
      let a: number[] = [5, 1]
      let b: number[] = [-2, -3]
      const initial = distance(a, b)
      let cycles = 0

      while (distance(a, b) > 0.01 * initial || distance(a, goal) > 0.01 * initial) {
        // each node mixes its own entropy with the other's last packet
        const ea = [random(), random()]
        const eb = [random(), random()]
        a = apply(a, step(a, goal, mixEntropy([ea, eb])))
        b = apply(b, step(b, goal, mixEntropy([eb, ea])))
        cycles++
        expect(cycles, `seed ${seed}`).to.be.at.most(20)
      }

      expect(cycles).to.be.at.least(5)
    }
  })
})

describe('entropy direction', () => {
  it('normalize centres and scales to unit length', () => {
    const e = normalize([0.9, 0.1, 0.5])
    expect(e.reduce((a, b) => a + b)).to.be.closeTo(0, 1e-12)
    expect(norm(e)).to.be.closeTo(1, 1e-12)
  })

  it('normalize gives zeros, not NaN, without spread', () => {
    expect(normalize([0.4, 0.4])).to.deep.equal([0, 0])
    expect(normalize([0.4])).to.deep.equal([0])
  })

  it('mixEntropy averages, subtracts 0.5 and normalises', () => {
    expect(mixEntropy([[1, 0], [0.5, 0]])).to.deep.equal(normalize([0.25, -0.5]))
  })

  it('mixEntropy needs a vector and one dimension', () => {
    expect(() => mixEntropy([])).to.throw().with.property('name', 'DimensionMismatchError')
    expect(() => mixEntropy([[0.1], [0.1, 0.2]])).to.throw().with.property('name', 'DimensionMismatchError')
  })
})
