import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'aegir/chai'
import { InvalidSwarmOptionError, plotSoak, resolveSoakOptions, resolveSwarmOptions, runNetns, runSoak, runSwarm } from '../src/index.ts'

// the built command, whether this test runs from test/ or from dist/test/
const cli = [new URL('../dist/src/cli.js', import.meta.url), new URL('../src/cli.js', import.meta.url)].map(url => fileURLToPath(url)).find(path => existsSync(path)) ?? 'dist/src/cli.js'

async function run (args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [cli, ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err == null ? 0 : (err as { code?: number }).code ?? 1, stdout, stderr })
    })
  })
}

describe('swarm', function () {
  this.timeout(180_000)

  it('three real nodes converge to the exact mean, with traffic and heap measured', async () => {
    const progress: number[] = []
    const result = await runSwarm({ nodes: 3, seconds: 90 }, p => { progress.push(p.seconds) })

    expect(result.converged).to.be.true()
    expect(result.targetError).to.be.at.most(1e-6)
    expect(result.finalError).to.be.at.most(1e-6)
    expect(result.spread).to.be.at.most(1e-3)
    expect(result.cycles).to.be.greaterThan(0)
    expect(result.bytesPerNodePerMinute).to.be.greaterThan(result.sentPerNodePerMinute)
    expect(result.sentPerNodePerMinute).to.be.greaterThan(0)
    expect(result.heapPerNodeMB).to.be.a('number')
    expect(result.bytesPerNodePerMinuteConverged).to.be.null()
  })

  it('sixteen nodes on one host converge: gossipsub does not graylist peers for sharing 127.0.0.1', async function () {
    this.timeout(300_000)
    // beyond 10 peers on one IP gossipsub's colocation penalty graylisted them all
    // (their subscriptions were dropped) and the tables stayed incomplete for good.
    // An entry that is on its way while a node joins can miss it; its first pull mends that
    // within 60 to 180 s (beacons are minutes apart at 16 nodes): a CI run on a busy machine
    // stopped at 90 s with one node still 0.028 away
    const result = await runSwarm({ nodes: 16, seconds: 200 })

    expect(result.converged, `target error ${result.targetError}`).to.be.true()
    expect(result.targetError).to.be.at.most(1e-6)
    expect(result.finalError).to.be.at.most(1e-6)
  })

  it('refuses options it cannot use with a typed error', () => {
    for (const bad of [{ nodes: 1 }, { nodes: 2.5 }, { loss: 1 }, { loss: -0.1 }, { seconds: 0 }, { dimension: 17 }, { seed: -1 }]) {
      expect(() => resolveSwarmOptions(bad)).to.throw(InvalidSwarmOptionError)
    }
  })

  it('refuses netns options it cannot use before it touches a namespace', async () => {
    for (const bad of [{ nodes: 1 }, { loss: 1 }, { partitionSeconds: -1 }, { tcpRtoMaxMs: 500 }, { tcpRtoMaxMs: 1.5 }]) {
      await expect(runNetns(bad)).to.eventually.be.rejected.with.property('name', 'InvalidSwarmOptionError')
    }
  })

  it('the command prints one JSON object, and exits 2 on a bad flag', async () => {
    const bad = await run(['--nodes', 'many'])
    expect(bad.code, bad.stderr).to.equal(2)
    expect(bad.stderr).to.match(/--nodes takes a number/)

    const unknown = await run(['--fast'])
    expect(unknown.code).to.equal(2)

    const help = await run(['--help'])
    expect(help.code).to.equal(0)
    expect(help.stdout).to.match(/--loss P/)

    const ok = await run(['--nodes', '2', '--loss', '0.3', '--json'])
    expect(ok.code).to.equal(0)
    const result = JSON.parse(ok.stdout)
    expect(Object.keys(result)).to.include.members(['converged', 'seconds', 'cycles', 'spread', 'finalError', 'bytesPerNodePerMinute', 'heapPerNodeMB'])
    expect(result.options.loss).to.equal(0.3)
  })

  it('a short soak: churn and a hostile node, and every check passes', async () => {
    const snapshots = await mkdtemp(join(tmpdir(), 'lvs-soak-'))
    const result = await runSoak({ minutes: 0.5, churnSeconds: 10, nodes: 4, sampleSeconds: 5, heapSnapshots: snapshots })
    // the relay's and the long-lived node's heaps where warm-up ended and at the end
    expect((await readdir(snapshots)).sort()).to.deep.equal(['node-end.heapsnapshot', 'node-warm.heapsnapshot', 'relay-end.heapsnapshot', 'relay-warm.heapsnapshot'])
    await rm(snapshots, { recursive: true })

    for (const check of result.checks) {
      expect(check.ok, `${check.name}: ${check.detail}`).to.be.true()
    }

    expect(result.honestNodes, 'four churning, two churned in, the relay and the long-lived node').to.be.at.least(8)
    expect(result.hostileMessages).to.be.greaterThan(100)
    // sampled every 5 s: the soak's own process (the hostile node), the relay and the long-lived node, each in its own process
    for (const process of ['soak', 'relay', 'node']) {
      const points = result.series.filter(point => point.process === process)
      expect(points.length, process).to.be.at.least(6)
      expect(points.every(point => point.heapMB > 0 && point.codeMB > 0 && point.heapTotalMB >= point.heapMB + point.codeMB && point.externalMB > 0 && point.rssMB > point.heapMB && point.handles > 0 && point.listeners > 0), process).to.be.true()
      expect(points.at(-1)?.table, `${process}: every honest node in its table at the end`).to.equal(process === 'soak' ? 0 : result.honestNodes)
    }
    expect(await plotSoak(result.series, 'a short soak')).to.match(/^<svg[\s\S]*<\/svg>$/)
    expect(() => resolveSoakOptions({ nodes: 2 })).to.throw(InvalidSwarmOptionError)
  })
})
