import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { check, needsRecovery, spreadOf } from '../src/index.ts'

describe('check (the node\'s own step)', () => {
  it('passes a normal step unchanged', () => {
    expect(check([1, -1], [5, 5])).to.deep.equal({ drift: [1, -1], clamped: false, refused: false, reasons: [] })
  })

  it('max step: clamps |D| to maxStep, keeping its direction', () => {
    const result = check([3, 4], [0, 0], { maxStep: 1 })
    expect(result.drift[0]).to.be.closeTo(0.6, 1e-12)
    expect(result.drift[1]).to.be.closeTo(0.8, 1e-12)
    expect(result).to.include({ clamped: true, refused: false })
    expect(result.reasons).to.deep.equal(['max-step'])
    expect(check([3, 4], [0, 0], { maxStep: 5 }).clamped, 'at the bound').to.be.false()
  })

  it('relative max step: clamps |D| to a share of the distance to the target', () => {
    const result = check([0, 8], [0, 0], { maxStepShare: 1, target: [0, 5] })
    expect(result.drift).to.deep.equal([0, 5])
    expect(result.reasons).to.deep.equal(['max-step'])
    expect(check([0, 8], [0, 0], { maxStepShare: 0.5, target: [0, 5], maxStep: 2 }).drift, 'the smaller bound').to.deep.equal([0, 2])
    expect(check([0, 8], [0, 0], { maxStepShare: 1 }).clamped, 'no target, no relative bound').to.be.false()
  })

  it('nonNegative floor: never lets a nonNegative component of x + D go below 0', () => {
    const result = check([-5, -1], [2, 3], { nonNegative: true })
    expect(result.drift).to.deep.equal([-2, -1])
    expect(result).to.include({ clamped: true, refused: false })
    expect(result.reasons).to.deep.equal(['non-negative'])
    expect(check([-5, -1], [2, 3]).drift, 'only on nonNegative shards').to.deep.equal([-5, -1])
  })

  it('nonNegative floor: x + D is never negative, for any step', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 16 }), fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })), (pairs, maxStep) => {
      const D = pairs.map(p => p[0])
      const x = pairs.map(p => p[1])
      const { drift } = check(D, x, { nonNegative: true, maxStep: maxStep ?? undefined })
      drift.forEach((d, j) => { expect(x[j] + d).to.be.at.least(0) })
    }), { numRuns: 500 })
  })

  it('drain: refuses a step removing more than the set share of a component\'s total', () => {
    const refused = check([-60, 0], [100, 100], { total: [100, 100] })
    expect(refused).to.deep.equal({ drift: [0, 0], clamped: false, refused: true, reasons: ['drain'] })
    expect(check([-40, 0], [100, 100], { total: [100, 100] }).refused, 'within 50 %').to.be.false()
    expect(check([-40, 0], [100, 100], { total: [100, 100], maxDrainShare: 0.1 }).refused).to.be.true()
    expect(check([60, 0], [100, 100], { total: [100, 100] }).refused, 'adding is no drain').to.be.false()
  })

  it('refuses a non-finite step, or one of another dimension', () => {
    expect(check([Number.NaN, 0], [0, 0])).to.deep.equal({ drift: [0, 0], clamped: false, refused: true, reasons: ['non-finite'] })
    expect(check([1], [0, 0]).refused).to.be.true()
  })
})

describe('needsRecovery', () => {
  it('is false for a state inside the swarm\'s range, true far outside it', () => {
    expect(needsRecovery([10, 10], [12, 12], 20)).to.be.false()
    expect(needsRecovery([90, 12], [12, 12], 20)).to.be.false() // 78 < 4 x 20
    expect(needsRecovery([100, 12], [12, 12], 20)).to.be.true() // 88 > 4 x 20
    expect(needsRecovery([100, 12], [12, 12], 20, { factor: 5 })).to.be.false()
  })

  it('takes the spread from the table\'s inputs', () => {
    const inputs = [[0, 0], [3, 4], [1, 1]]
    expect(spreadOf(inputs)).to.equal(5)
    expect(needsRecovery([22, 0], [1, 1], inputs)).to.be.true()
    expect(needsRecovery([20, 0], [1, 1], inputs)).to.be.false()
  })

  it('adds a margin, so with no spread only a real distance counts', () => {
    expect(needsRecovery([5], [5], 0)).to.be.false()
    expect(needsRecovery([5 + 1e-9], [5], 0)).to.be.false()
    expect(needsRecovery([5.1], [5], 0)).to.be.true()
    expect(needsRecovery([5.1], [5], 0, { margin: 1 })).to.be.false()
  })

  it('recovers from a state that is not a number', () => {
    expect(needsRecovery([Number.NaN], [5], 1)).to.be.true()
  })
})
