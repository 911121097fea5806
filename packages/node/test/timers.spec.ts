import { expect } from 'aegir/chai'
import { everyStretched } from '../src/timers.ts'

const wait = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('everyStretched', () => {
  it('waits base x stretch, each wait drawn between half and one and a half of it, the first too', async () => {
    const controller = new AbortController()
    const runs: number[] = []
    const started = Date.now()
    void everyStretched(() => 40, () => 2, () => { runs.push(Date.now() - started) }, controller.signal, () => {})
    await wait(1000)
    controller.abort()

    // waits of 40 to 120 ms: about 12 runs in a second (at most 25), none before 40 ms
    expect(runs.length).to.be.within(5, 25)
    expect(runs[0]).to.be.at.least(35)
  })

  it('follows a stretch that grows while it waits: a wait drawn in a small swarm is not kept in a large one', async () => {
    const controller = new AbortController()
    let stretch = 1
    let runs = 0
    void everyStretched(() => 100, () => stretch, () => { runs++ }, controller.signal, () => {})
    // the swarm grows before the first wait (50 to 150 ms) is over: the wait becomes 5 to 15 s
    await wait(20)
    stretch = 100
    await wait(600)
    expect(runs).to.equal(0)
    controller.abort()
  })

  it('goes on after a task that throws, and stops when the signal aborts', async () => {
    const controller = new AbortController()
    const errors: Error[] = []
    let runs = 0
    void everyStretched(() => 10, () => 1, () => { runs++; throw new Error('boom') }, controller.signal, err => { errors.push(err) })
    await wait(300)
    controller.abort()
    const after = runs
    await wait(100)

    expect(runs).to.be.at.least(3).and.to.equal(after)
    expect(errors).to.have.lengthOf(runs)
    expect(errors[0].message).to.equal('boom')
  })
})
