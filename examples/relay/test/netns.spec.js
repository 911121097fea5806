// Relays on separate hosts: three network namespaces on one private network,
// each with a relay and two Node nodes of its own; the second and third
// relays are told of the first only. Every node of every relay reaches the
// same exact equilibrium; one relay stops, the rest converge on a new input
// without it, and it returns with --key and --data holding its table.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { makeHosts, netnsNodeScript, netnsUnavailable } from '@lvs/swarm'
import { expect } from 'aegir/chai'
import { RELAY } from './run.js'

const RELAY_INPUTS = [[3, -3], [-5, 1], [6, 2]]
const NODE_INPUTS = [[-8, 4], [2, 9], [7, -6], [-1, -7], [9, 5], [-4, 0]]
const SETTLE_MS = 180_000
const HTTP_PORT = 8080

function mean (inputs) {
  return [0, 1].map(j => inputs.reduce((sum, input) => sum + input[j], 0) / inputs.length)
}

/** the target is the mean to 1e-9 of the inputs' range, and the state within 1e-6 of it */
function exactAt (view, inputs) {
  const expected = mean(inputs)
  const scale = Math.max(...[0, 1].map(j => Math.max(...inputs.map(v => v[j])) - Math.min(...inputs.map(v => v[j]))))
  return view != null && view.count === inputs.length &&
    view.target.every((value, j) => Math.abs(value - expected[j]) <= 1e-9 * scale) &&
    Math.hypot(view.state[0] - expected[0], view.state[1] - expected[1]) <= 1e-6 * scale
}

function onLines (stream, handle) {
  createInterface({ input: stream }).on('line', handle)
}

async function sleep (ms) {
  await new Promise(resolve => setTimeout(resolve, ms))
}

describe('relays on separate hosts (network namespaces)', function () {
  this.timeout(600_000)
  let hosts
  let dir
  const processes = []

  before(async function () {
    const reason = await netnsUnavailable()

    if (reason != null) {
      console.log(`      skipped: ${reason}`)
      this.skip()
    }

    dir = await mkdtemp(join(tmpdir(), 'lvs-relays-'))
    hosts = await makeHosts(3)
  })

  after(async function () {
    processes.forEach(child => { child.kill('SIGKILL') })
    await hosts?.destroy()
    await rm(dir ?? '', { recursive: true, force: true })
  })

  /** Relay `i` on host `i`; resolves with its `start` event once it logged it */
  async function startRelay (i, bootstrap) {
    const child = hosts.spawn(i, process.execPath, [RELAY, '--host', hosts.address(i), '--http-port', String(HTTP_PORT), '--ws-port', '4001', '--tcp-port', '4002',
      '--data', join(dir, `relay${i}`), `--input=${RELAY_INPUTS[i].join(',')}`, '--log', 'json', '--quiet', ...(bootstrap == null ? [] : ['--bootstrap', bootstrap])])
    processes.push(child)
    let errors = ''
    child.stderr.on('data', chunk => { errors += chunk.toString() })
    const exited = new Promise(resolve => child.on('exit', resolve))
    const started = await new Promise((resolve, reject) => {
      onLines(child.stdout, line => {
        const event = JSON.parse(line)
        if (event.event === 'start') {
          resolve(event)
        }
      })
      void exited.then(code => { reject(new Error(`relay ${i} exited with ${code}: ${errors}`)) })
    })

    return { child, exited, started, tcp: `/ip4/${hosts.address(i)}/tcp/4002/p2p/${started.peerId}` }
  }

  /** A node on host `i` bootstrapped to `relay`; its `last` report (state, target, count) follows its output */
  function startNode (i, input, relay) {
    const child = hosts.spawn(i, process.execPath, [netnsNodeScript(), '--host', hosts.address(i), '--input', input.join(','), '--bootstrap', relay])
    processes.push(child)
    const node = { child, input, last: undefined }
    onLines(child.stdout, line => {
      const report = JSON.parse(line)
      if (report.target != null) {
        node.last = report
      }
    })
    return node
  }

  /** Relay `i`'s /relay.json, read on its own host */
  async function relayInfo (i) {
    const script = `fetch('http://${hosts.address(i)}:${HTTP_PORT}/relay.json').then(r => r.text()).then(text => process.stdout.write(text))`
    return JSON.parse(await hosts.exec(i, process.execPath, ['-e', script]))
  }

  /** Relay `i`'s view of the shard */
  async function relayView (i) {
    return (await relayInfo(i)).drift
  }

  /** Waits until every node and every relay in `relayIndexes` is exactly at the mean of `inputs` */
  async function settle (nodes, relayIndexes, inputs, what) {
    const deadline = Date.now() + SETTLE_MS

    while (true) {
      const views = await Promise.all(relayIndexes.map(async i => relayView(i).catch(() => undefined)))

      if (nodes.every(node => exactAt(node.last, inputs)) && views.every(view => exactAt(view, inputs))) {
        return
      }

      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}: nodes ${JSON.stringify(nodes.map(node => node.last))}, relays ${JSON.stringify(views)}`)
      }

      await sleep(1000)
    }
  }

  it('three relays bootstrapped by one address make one swarm; one stops, the rest go on, and it returns with its table', async () => {
    const first = await startRelay(0)
    const relays = [first, ...await Promise.all([1, 2].map(async i => startRelay(i, first.tcp)))]
    const nodes = NODE_INPUTS.map((input, k) => startNode(Math.floor(k / 2), input, relays[Math.floor(k / 2)].tcp))
    const inputs = () => [...RELAY_INPUTS, ...nodes.map(node => node.input)]

    await settle(nodes, [0, 1, 2], inputs(), 'nine nodes on three hosts at one exact equilibrium')
    // relays 1 and 2 were told only of relay 0: they found each other
    expect((await relayInfo(2)).relays.map(relay => relay.peerId)).to.include(relays[1].started.peerId)
    expect((await relayInfo(1)).relays.map(relay => relay.peerId)).to.include(relays[2].started.peerId)

    // relay 1 stops (SIGTERM saves its table); a node on relay 0 changes its input while it is away
    relays[1].child.kill('SIGTERM')
    expect(await relays[1].exited).to.equal(0)
    nodes[0].input = [-2, 8]
    nodes[0].child.stdin.write(`${JSON.stringify({ input: nodes[0].input })}\n`)
    // relay 1's entry stays counted (dormant once silent): the rest reach the new mean without it
    await settle(nodes, [0, 2], inputs(), 'the new mean with relay 1 stopped')

    const back = await startRelay(1, first.tcp)
    expect(back.started.peerId, 'the same identity, from --data\'s key').to.equal(relays[1].started.peerId)
    expect(back.started.restored, 'its table, loaded before it heard any peer').to.equal(inputs().length)
    await settle(nodes, [0, 1, 2], inputs(), 'all nine again, the returned relay among them')

    for (const relay of [back, relays[0], relays[2]]) {
      relay.child.kill('SIGTERM')
      expect(await relay.exited).to.equal(0)
    }
  })
})
