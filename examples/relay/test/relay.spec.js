// The relay program as an operator runs it: flags, its page and addresses,
// a persisted key, state saved on SIGTERM and loaded on the next start,
// Prometheus metrics, and an error that names a bad flag.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { InvalidRelayOptionError, parseOptions } from '../options.js'
import { FREE_PORTS, RELAY, start } from './run.js'

describe('the relay example', function () {
  this.timeout(60_000)
  let dir

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lvs-relay-'))
  })

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads flags over the environment over its defaults, and names a bad flag', () => {
    const defaults = parseOptions([], {}, '/web')
    expect(defaults).to.include({ host: '127.0.0.1', httpPort: 8080, wsPort: 4001, tcpPort: 4002, data: '.lvs-relay', key: '.lvs-relay.key', metrics: false, web: '/web' })
    expect(parseOptions(['--data', ''], {}, '/web').key, 'nothing kept: a new identity each start').to.equal(undefined)
    expect(parseOptions(['--data', 'state', '--key', ''], {}, '/web').key, 'asked for').to.equal(undefined)
    expect(parseOptions(['--data', 'state'], {}, '/web').key, 'state kept, key beside it').to.equal('state.key')
    expect(parseOptions(['--ws-port', '5001'], { LVS_WS_PORT: '6001', LVS_HTTP_PORT: '9000' }, '/web')).to.include({ wsPort: 5001, httpPort: 9000 })
    expect(parseOptions(['--input', '1.5, -2'], {}, '/web').input).to.deep.equal([1.5, -2])

    const relay = '/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWGxoFVhJRygrXqPf43oHc4eQEDe765CqNq4PZzMMHXero'
    expect(parseOptions(['--bootstrap', relay, '--bootstrap', relay.replace('4002', '4003')], {}, '/web').bootstrap).to.have.lengthOf(2)
    expect(parseOptions([], { LVS_BOOTSTRAP: `${relay}, ${relay}` }, '/web').bootstrap).to.deep.equal([relay, relay])
    expect(parseOptions(['--announce', '/dns4/relay.example.org/tcp/443/tls/ws'], { LVS_LOG: 'json' }, '/web')).to.deep.include({ announce: ['/dns4/relay.example.org/tcp/443/tls/ws'], log: 'json' })
    expect(defaults).to.deep.include({ bootstrap: [], announce: [], log: 'text', maxConnections: 300, maxReservations: 128, inboundRate: 100 })
    expect(parseOptions(['--max-connections', '50', '--inbound-rate', '10'], { LVS_MAX_RESERVATIONS: '8', LVS_MAX_CONNECTIONS: '70' }, '/web')).to.include({ maxConnections: 50, maxReservations: 8, inboundRate: 10 })
    expect(() => parseOptions(['--bootstrap', '/ip4/127.0.0.1/tcp/4002'], {}, '/web')).to.throw(InvalidRelayOptionError, /needs the peer's id/)

    for (const bad of [['--ws-port', '70000'], ['--http-port', 'x'], ['--input', '1'], ['--input', '1,NaN'], ['--nope'], ['--bootstrap', 'relay.example.org'], ['--announce', '/ip4/1.2.3'], ['--log', 'xml'], ['--max-connections', '0'], ['--max-reservations', '2.5'], ['--inbound-rate', 'many']]) {
      expect(() => parseOptions(bad, {}, '/web'), bad.join(' ')).to.throw(InvalidRelayOptionError)
    }
  })

  it('prints help, and exits 2 with the error and the help on a bad flag', async () => {
    const help = start(['--help'])
    expect(await help.exited).to.equal(0)
    expect(help.output()).to.include('--ws-port')

    const bad = start(['--tcp-port=99999'])
    expect(await bad.exited).to.equal(2)
    expect(bad.output()).to.include('InvalidRelayOptionError: --tcp-port must be a port number')
  })

  it('serves its addresses and metrics, keeps its peer id with --key, and saves its state on SIGTERM', async () => {
    const key = join(dir, 'relay.key')
    const data = join(dir, 'data')
    const first = start([...FREE_PORTS, '--key', key, '--data', data, '--input', '2.5,-1', '--metrics'])
    const page = await first.ready

    const info = await (await fetch(new URL('/relay.json', page))).json()
    expect(info.websockets).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3Koo/)
    expect(first.output()).to.include(info.websockets)

    const metrics = await (await fetch(new URL('/metrics', page))).text()
    expect(metrics).to.match(/lvs_cycles_total\{shard="drift"\}/)

    // no demo built into this folder: the page says how to build it; other paths are 404
    expect((await fetch(new URL('/nothing-here.js', page))).status).to.equal(404)
    expect((await fetch(new URL('/../../package.json', page))).status).to.equal(404)
    expect((await fetch(`${page}%2e%2e%2f%2e%2e%2fpackage.json`)).status).to.equal(404)
    expect((await fetch(`${page}%E0%A4%A`)).status).to.equal(400)

    expect(await first.stop()).to.equal(0)
    expect(first.output()).to.include('SIGTERM: stopping, saving state')

    // the same identity, and the saved input without --input
    const second = start([...FREE_PORTS, '--key', key, '--data', data, '--metrics'])
    const again = await (await fetch(new URL('/relay.json', await second.ready))).json()
    expect(again.peerId).to.equal(info.peerId)
    expect(await second.stop()).to.equal(0)
    expect(info.drift.input).to.deep.equal([2.5, -1])
    expect(again.drift.input).to.deep.equal([2.5, -1])
  })

  it('under a Node.js older than 22, says which Node it needs and how to run it', async function () {
    // the machine's own node, not the Node 22 that npm puts first on the PATH
    const old = (process.env.PATH ?? '').split(':').filter(dir => !dir.includes('node_modules')).map(dir => join(dir, 'node')).find(path => {
      const found = spawnSync(path, ['--version'], { encoding: 'utf8' })
      return found.status === 0 && Number(found.stdout.trim().slice(1).split('.')[0]) < 22
    })

    if (old == null) {
      this.skip() // no Node.js older than 22 on this machine to try it with
    }

    const run = spawnSync(old, [RELAY, ...FREE_PORTS, '--data', ''], { encoding: 'utf8', timeout: 30_000 })
    expect(run.status).to.equal(1)
    expect(run.stderr).to.match(/^UnsupportedRuntimeError: LVS needs Node.js 22 or later .* this is Node.js \d+\./)
    expect(run.stderr).to.include('node_modules/.bin/node')
  })

  it('refuses an input outside the shard\'s bounds with the node\'s typed error, and exits 2', async () => {
    const out = start([...FREE_PORTS, '--data', '', '--input', '500,0'])
    expect(await out.exited).to.equal(2)
    expect(out.output()).to.include('InvalidSettingError: inputs.drift must be 2 finite numbers within [[-100, -100], [100, 100]], got [500, 0]')
  })

  it('logs what its guard does: a plain libp2p peer that sends garbage is quarantined, and the relay says so', async () => {
    const relay = start([...FREE_PORTS, '--data', ''])
    const info = await (await fetch(new URL('/relay.json', await relay.ready))).json()
    const tcpAddr = info.multiaddrs.find(ma => !ma.includes('/ws'))
    // a peer that imports nothing of LVS
    const attacker = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), pubsub: gossipsub({ allowPublishToZeroTopicPeers: true }) }
    })

    try {
      attacker.services.pubsub.subscribe('/lvs/1/shard/drift')
      await attacker.dial(multiaddr(tcpAddr))
      const deadline = Date.now() + 30_000
      let n = 0

      while (!relay.output().includes(`quarantine ${attacker.peerId}`) && Date.now() < deadline) {
        await attacker.services.pubsub.publish('/lvs/1/shard/drift', Uint8Array.from([0xff, n++ & 0xff, 0x01])).catch(() => {})
        await new Promise(resolve => setTimeout(resolve, 200))
      }

      expect(relay.output()).to.match(new RegExp(`\\d\\d:\\d\\d:\\d\\d quarantine ${attacker.peerId} in drift: malformed`))
    } finally {
      await attacker.stop()
      expect(await relay.stop()).to.equal(0)
    }
  })
})
