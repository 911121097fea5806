import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { apply, contraction, distance, mixEntropy, norm, normalize, step } from '../src/index.ts'

const component = fc.double({ min: -1e6, max: 1e6, noNaN: true })
const vector = (k: number): fc.Arbitrary<number[]> => fc.array(component, { minLength: k, maxLength: k })
/** a direction of length <= 1, not necessarily zero-mean: the bound must hold for any */
/**
 * what rounding the state and the difference may add to a distance: a few
 * ulps of their size, and a few of the smallest double per component (in
 * the subnormal range rounding is absolute: fast-check found state [0],
 * goal [-6.4e-323], beta 1.5, whose step rounds half a unit away)
 */
const slack = (state: number[], goal: number[]): number => 8 * Number.EPSILON * (norm(state) + norm(goal)) + 8 * state.length * Number.MIN_VALUE
const direction = (k: number): fc.Arbitrary<number[]> => fc.tuple(vector(k), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([raw, length]) => { const n = norm(raw); return raw.map(value => n === 0 ? 0 : length * value / n) })

describe('step', () => {
  it('is beta x err + alpha x |err| x e', () => {
    const d = step([0, 0], [3, 4], [1, 0], { alpha: 0.1, beta: 0.5 })
    expect(d).to.deep.equal([0.5 * 3 + 0.1 * 5 * 1, 0.5 * 4])
  })

  it('uses alpha = 0.05 and beta = 0.3 by default', () => {
    expect(step([0, 0], [3, 4], [0.6, 0.8])).to.deep.equal([0.3 * 3 + 0.05 * 5 * 0.6, 0.3 * 4 + 0.05 * 5 * 0.8])
  })

  it('is zero at the equilibrium, whatever the entropy', () => {
    expect(step([2, 2], [2, 2], normalize([0.9, 0.1]))).to.deep.equal([0, 0])
  })

  it('refuses vectors of different dimensions', () => {
    expect(() => step([1], [1, 2], [0])).to.throw().with.property('name', 'DimensionMismatchError')
    expect(() => step([1, 2], [1, 2], [0])).to.throw().with.property('name', 'DimensionMismatchError')
  })

  it('contraction is |1 - beta| + alpha', () => {
    expect(contraction()).to.equal(0.75)
    expect(contraction({ alpha: 0, beta: 0.2 })).to.equal(0.8)
    expect(contraction({ alpha: 0.1, beta: 1.5 })).to.equal(0.6)
  })

  it('shrinks |err| to at most (1 - beta + alpha) |err| (defaults, mixed entropy)', () => {
    const bound = contraction()

    fc.assert(fc.property(
      fc.integer({ min: 1, max: 16 }).chain(k => fc.tuple(vector(k), vector(k), fc.array(fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: k, maxLength: k }), { minLength: 1, maxLength: 4 }))),
      ([state, goal, packets]) => {
        const before = distance(state, goal)
        const after = distance(apply(state, step(state, goal, mixEntropy(packets))), goal)
        expect(after).to.be.at.most(bound * before + slack(state, goal))
      }
    ), { numRuns: 500 })
  })

  it('shrinks |err| to at most |1 - beta| + alpha for any coefficients and any direction of length <= 1', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 16 }).chain(k => fc.tuple(vector(k), vector(k), direction(k))),
      fc.double({ min: 0, max: 0.2, noNaN: true }),
      fc.double({ min: 0, max: 1.5, noNaN: true }),
      ([state, goal, e], alpha, beta) => {
        const before = distance(state, goal)
        const after = distance(apply(state, step(state, goal, e, { alpha, beta })), goal)
        expect(after).to.be.at.most(contraction({ alpha, beta }) * before + slack(state, goal))
      }
    ), { numRuns: 500 })
  })

  it('measures tiny distances without losing them to subnormal squares (fast-check found this one)', () => {
    const goal = [0, 1.5717277847026318e-162]
    expect(distance([0, 0], goal)).to.equal(1.5717277847026318e-162)
    expect(norm(goal)).to.equal(1.5717277847026318e-162)
    const after = distance(apply([0, 0], step([0, 0], goal, [0, 0], { alpha: 0, beta: 1.8318679906315087e-15 })), goal)
    expect(after).to.be.at.most(contraction({ alpha: 0, beta: 1.8318679906315087e-15 }) * distance([0, 0], goal) + slack([0, 0], goal))
  })

  it('keeps the bound for subnormal errors, within rounding of the smallest double (fast-check found this one)', () => {
    const goal = [-6.4e-323]
    const after = distance(apply([0], step([0], goal, [0], { alpha: 0, beta: 1.5 })), goal)
    expect(after).to.be.at.most(contraction({ alpha: 0, beta: 1.5 }) * distance([0], goal) + slack([0], goal))
  })

  it('meets the bound exactly when the entropy points against the error', () => {
    const state = [5, 1]
    const goal = [1.5, -1]
    const err = goal.map((value, i) => value - state[i])
    const against = err.map(value => -value / norm(err))
    const after = distance(apply(state, step(state, goal, against)), goal)

    expect(after / distance(state, goal)).to.be.closeTo(0.75, 1e-12)
  })
})
