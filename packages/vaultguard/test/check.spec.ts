import { expect } from 'aegir/chai'
import { check, needsRecovery } from '../src/index.ts'

describe('check (the node\'s own step)', () => {
  it('passes a normal step unchanged', () => {
    expect(check([1, -1], [5, 5])).to.deep.equal({ drift: [1, -1], clamped: false, refused: false, reasons: [] })
  })

  it('clamps the step to maxStep, keeping its direction', () => {
    const result = check([3, 4], [0, 0], { maxStep: 1 })
    expect(result.drift[0]).to.be.closeTo(0.6, 1e-12)
    expect(result.drift[1]).to.be.closeTo(0.8, 1e-12)
    expect(result).to.include({ clamped: true, refused: false })
    expect(result.reasons).to.deep.equal(['max-step'])
  })

  it('never lets a nonNegative component go below 0', () => {
    const result = check([-5, -1], [2, 3], { nonNegative: true })
    expect(result.drift).to.deep.equal([-2, -1])
    expect(result.reasons).to.deep.equal(['non-negative'])
    expect(check([-5, -1], [2, 3]).drift, 'only on nonNegative shards').to.deep.equal([-5, -1])
  })

  it('refuses a drain: a step removing more than the set share of the total', () => {
    const refused = check([-60, 0], [100, 100], { total: [100, 100] })
    expect(refused).to.include({ refused: true })
    expect(refused.drift).to.deep.equal([0, 0])
    expect(refused.reasons).to.deep.equal(['drain'])
    expect(check([-40, 0], [100, 100], { total: [100, 100] }).refused).to.be.false()
    expect(check([-40, 0], [100, 100], { total: [100, 100], maxDrainShare: 0.3 }).refused).to.be.true()
  })

  it('refuses a non-finite step', () => {
    expect(check([Number.NaN, 0], [0, 0]).reasons).to.deep.equal(['non-finite'])
  })
})

describe('needsRecovery', () => {
  it('is false for a state inside the swarm\'s range', () => {
    expect(needsRecovery([10, 10], [12, 12], 20)).to.be.false()
  })

  it('is true for a state far outside it', () => {
    expect(needsRecovery([1000, 1000], [12, 12], 20)).to.be.true()
  })

  it('with no spread, any real distance counts', () => {
    expect(needsRecovery([5], [5], 0)).to.be.false()
    expect(needsRecovery([5.1], [5], 0)).to.be.true()
  })
})
