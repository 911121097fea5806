import { expect } from 'aegir/chai'
import { netnsUnavailable, runNetns } from '../src/index.ts'

describe('real packet loss between network namespaces', function () {
  this.timeout(600_000)

  before(async function () {
    const reason = await netnsUnavailable()

    if (reason != null) {
      // printed so a CI log says why these checks did not run
      console.log(`      skipped: ${reason}`) // eslint-disable-line no-console
      this.skip()
    }
  })

  it('three nodes converge to the exact mean with 30 % of packets dropped on every link, then heal a partition', async () => {
    const result = await runNetns({ nodes: 3, loss: 0.3, seconds: 240, partitionSeconds: 20 })

    expect(result.crashed).to.equal(0)
    expect(result.converged, `error ${result.finalError}`).to.be.true()
    expect(result.targetError).to.be.at.most(1e-6)
    expect(result.partition?.bothSidesRan).to.be.true()
    expect(result.partition?.converged).to.be.true()
    expect(result.partition?.targetError).to.be.at.most(1e-6)
  })
})
