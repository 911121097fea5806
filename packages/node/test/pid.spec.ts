import { expect } from 'aegir/chai'
import { PublishController } from '../src/pid.ts'

/** A swarm whose traffic is inversely proportional to the publish interval */
function plant (bytesPerPublish: number): (interval: number) => number {
  return interval => bytesPerPublish * 60_000 / interval
}

describe('PublishController', () => {
  it('stays at the floor while under budget', () => {
    const pid = new PublishController({ budget: 15_000, min: 1000, max: 60_000 })

    for (let i = 0; i < 50; i++) {
      expect(pid.update(5_000)).to.equal(1000)
    }
  })

  it('settles the measured rate at the budget when the floor would exceed it', () => {
    const pid = new PublishController({ budget: 15_000, min: 1000, max: 60_000 })
    // 2 KB per publish: the budget needs one publish per 8 s
    const traffic = plant(2000)
    let rate = traffic(pid.interval)

    for (let i = 0; i < 40; i++) {
      rate = traffic(pid.update(rate))
    }

    expect(rate).to.be.closeTo(15_000, 1_500)
    expect(pid.interval).to.be.closeTo(8000, 800)
  })

  it('changes the interval by at most the step factor', () => {
    const pid = new PublishController({ budget: 1000, min: 100, max: 100_000, maxStep: 2 })
    let last = pid.interval

    for (const rate of [1e9, 1e9, 1e9, 0, 0, 1e9, 0]) {
      const next = pid.update(rate)
      expect(next / last).to.be.within(0.5 - 1e-12, 2 + 1e-12)
      last = next
    }
  })

  it('does not wind up while saturated: back to the floor soon after the load goes', () => {
    const pid = new PublishController({ budget: 15_000, min: 1000, max: 60_000 })

    for (let i = 0; i < 500; i++) {
      pid.update(1e9)
    }

    expect(pid.interval).to.equal(60_000)
    let steps = 0

    while (pid.interval > 1000 && steps < 100) {
      pid.update(1000)
      steps++
    }

    expect(steps).to.be.at.most(12)
  })

  it('refuses bounds that make no sense', () => {
    expect(() => new PublishController({ budget: 0, min: 1, max: 2 })).to.throw(RangeError)
    expect(() => new PublishController({ budget: 1, min: 3, max: 2 })).to.throw(RangeError)
    expect(() => new PublishController({ budget: 1, min: 1, max: 2, maxStep: 1 })).to.throw(RangeError)
  })
})
