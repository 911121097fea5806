import { existsSync } from 'node:fs'
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
    // TCP doubles its retransmission timeout at each loss, up to 120 s by default. At 30 % loss, in one of nine runs
    // here a handshake segment was lost eight times in a row: the connection's next try was 52 s away and the node
    // stayed alone for 110 s (a CI run that failed with one node 0.27 away for 240 s looked alike). This test checks
    // LVS under loss, not the kernel's backoff: the timeout is capped at 5 s where the kernel allows it (Linux 6.15+).
    // BENCHMARKS.md (bench:netns) measures with and without the cap
    const tcpRtoMaxMs = existsSync('/proc/sys/net/ipv4/tcp_rto_max_ms') ? 5000 : 0
    const result = await runNetns({ nodes: 3, loss: 0.3, seconds: 240, partitionSeconds: 20, tcpRtoMaxMs })

    expect(result.crashed).to.equal(0)
    expect(result.converged, `error ${result.finalError}`).to.be.true()
    expect(result.targetError).to.be.at.most(1e-6)
    expect(result.partition?.bothSidesRan).to.be.true()
    expect(result.partition?.converged).to.be.true()
    expect(result.partition?.targetError).to.be.at.most(1e-6)
  })
})
