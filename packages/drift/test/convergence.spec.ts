import { expect } from 'aegir/chai'
import { adaptiveInterval, error, isConverged, spread } from '../src/index.ts'

describe('convergence measures', () => {
  it('spread is the largest pairwise distance', () => {
    expect(spread([[0, 0], [3, 4], [1, 1]])).to.equal(5)
    expect(spread([[1, 1]])).to.equal(0)
    expect(spread([])).to.equal(0)
  })

  it('error is the largest distance to the equilibrium', () => {
    expect(error([[0, 0], [6, 8]], [3, 4])).to.equal(5)
  })

  it('isConverged compares the error with its scale', () => {
    expect(isConverged(0.5e-3, 1)).to.be.true()
    expect(isConverged(2e-3, 1)).to.be.false()
  })
})

describe('adaptiveInterval', () => {
  it('stays at 50 ms while far from the target', () => {
    expect(adaptiveInterval({ current: 4000, error: 1, scale: 10 })).to.equal(50)
  })

  it('stretches by 1.5 per converged cycle up to 10 s', () => {
    let interval = 50
    let cycles = 0

    while (interval < 10_000) {
      interval = adaptiveInterval({ current: interval, error: 0, scale: 10 })
      cycles++
    }

    expect(interval).to.equal(10_000)
    expect(cycles).to.equal(14)
  })
})
