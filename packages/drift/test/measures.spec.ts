import { expect } from 'aegir/chai'
import { adaptiveInterval, apply, distance, error, isConverged, mixEntropy, norm, roundingFloor, spread, step } from '../src/index.ts'
import { mulberry32 } from './fixtures/prng.ts'

describe('vector helpers', () => {
  it('distance, norm and apply', () => {
    expect(distance([0, 0, 0], [1, 2, 2])).to.equal(3)
    expect(norm([3, 4])).to.equal(5)
    expect(apply([1, 2], [0.5, -2])).to.deep.equal([1.5, 0])
  })

  it('refuse vectors of different dimensions', () => {
    expect(() => distance([1], [1, 2])).to.throw().with.property('name', 'DimensionMismatchError')
    expect(() => apply([1], [1, 2])).to.throw().with.property('name', 'DimensionMismatchError')
  })
})

describe('convergence measures', () => {
  it('spread is the largest pairwise distance', () => {
    expect(spread([[0, 0], [3, 4], [1, 1]])).to.equal(5)
    expect(spread([[1, 1, 1], [1, 1, 1]])).to.equal(0)
    expect(spread([[1, 1]])).to.equal(0)
    expect(spread([])).to.equal(0)
  })

  it('error is the largest distance to the equilibrium', () => {
    expect(error([[0, 0], [6, 8], [3, 5]], [3, 4])).to.equal(5)
    expect(error([], [3, 4])).to.equal(0)
  })

  it('isConverged compares the error with epsilon x scale, or an absolute floor', () => {
    expect(isConverged(0.5e-3, 1)).to.be.true()
    expect(isConverged(2e-3, 1)).to.be.false()
    expect(isConverged(2e-3, 1, 1e-2)).to.be.true()
    expect(isConverged(1e-16, 0)).to.be.false()
    expect(isConverged(1e-16, 0, 1e-3, 1e-15)).to.be.true()
  })

  it('roundingFloor is a few ulps of the target', () => {
    expect(roundingFloor([3, 4])).to.be.closeTo(8 * 5 * Number.EPSILON, 1e-300)
    expect(roundingFloor([0, 0])).to.be.above(0)
  })
})

describe('adaptiveInterval', () => {
  const near = { state: [1, 1], target: [1, 1.001], scale: 10 }
  const far = { state: [1, 1], target: [1, 2], scale: 10 }

  it('drops back to 50 ms while far from the target', () => {
    expect(adaptiveInterval({ current: 4000, ...far })).to.equal(50)
  })

  it('stretches by 1.5 per converged cycle up to 10 s (14 cycles)', () => {
    let interval = 50
    let cycles = 0

    while (interval < 10_000 && cycles < 100) {
      interval = adaptiveInterval({ current: interval, ...near })
      cycles++
    }

    expect(interval).to.equal(10_000)
    expect(cycles).to.equal(14)
    expect(adaptiveInterval({ current: 10_000, ...near })).to.equal(10_000)
  })

  it('takes min, max, growth and epsilon', () => {
    expect(adaptiveInterval({ current: 100, ...near, growth: 3, max: 250 })).to.equal(250)
    expect(adaptiveInterval({ current: 100, ...far, min: 20 })).to.equal(20)
    expect(adaptiveInterval({ current: 100, ...far, epsilon: 0.5 })).to.equal(150)
    expect(adaptiveInterval({ current: Number.NaN, ...near })).to.equal(75)
  })

  it('lets a lone node go quiet although floating point leaves it an ulp short of its target', () => {
    // one node (input spread 0) whose input moved from [5, 1] to [2, 2]
    const random = mulberry32(3)
    const goal = [2, 2]
    let x = [5, 1]
    let interval = 50
    let cycles = 0

    while (interval < 10_000 && cycles < 1000) {
      x = apply(x, step(x, goal, mixEntropy([[random(), random()]])))
      interval = adaptiveInterval({ current: interval, state: x, target: goal, scale: 0 })
      cycles++
    }

    expect(interval).to.equal(10_000)
    expect(cycles).to.be.below(200)
    // the reason for the floor: the state never lands on the target exactly
    expect(distance(x, goal)).to.be.above(0)
    expect(isConverged(distance(x, goal), 0)).to.be.false()
  })
})
