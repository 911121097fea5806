import { expect } from 'aegir/chai'
import { calculateLoad, createLoadMonitor } from '../src/index.ts'

const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function busy (ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // keep the thread busy
  }
}

describe('load', function () {
  this.timeout(20_000)

  it('is low while idle and high while the thread is kept busy', async () => {
    const monitor = createLoadMonitor()

    try {
      await sleep(600)
      const idle = monitor.load()

      // busy 150 ms of every ~160 ms for 1.6 s, reading the load after each window
      let loaded = 0
      for (let i = 0; i < 10; i++) {
        busy(150)
        await sleep(10)
        loaded = monitor.load()
      }

      expect(idle).to.be.at.least(0).and.below(0.3)
      expect(loaded).to.be.above(0.5).and.at.most(1)
      expect(loaded).to.be.above(idle)
    } finally {
      monitor.stop()
    }
  })

  it('calculateLoad stays within [0, 1]', async () => {
    calculateLoad()
    await sleep(100)
    const load = calculateLoad()

    expect(load).to.be.at.least(0).and.at.most(1)
  })
})
