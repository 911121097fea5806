#!/usr/bin/env node
// An LVS relay: the Node preset with a circuit relay v2 server, WebSockets
// and TCP listeners, a DHT server, gossipsub and an LVS node of its own. It
// serves the browser demo over HTTP on the same host (with /relay.json and
// /healthz) and prints the page URL and its multiaddrs. It joins other
// relays given with --bootstrap. SIGINT or SIGTERM stop it and save its state.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { createLvsNode } from '@lvs/node'
import { LevelDatastore } from 'datastore-level'
import { Registry } from 'prom-client'
import { logGuard } from './guard-log.js'
import { createHttpServer } from './http.js'
import { loadOrCreateKey } from './key.js'
import { createLog } from './log.js'
import { HELP, InvalidRelayOptionError, parseOptions } from './options.js'

const SHARD = 'drift'
// the gossipsub topic of the shard (`shardTopic` of @lvs/codec)
const SHARD_TOPIC = `/lvs/1/shard/${SHARD}`
const HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop'
const STATUS_INTERVAL_MS = 10_000

let options

try {
  options = parseOptions(process.argv.slice(2), process.env, fileURLToPath(new URL('../browser/dist', import.meta.url)))
} catch (err) {
  if (!(err instanceof InvalidRelayOptionError)) {
    throw err
  }

  console.error(`${err.name}: ${err.message}\n\n${HELP}`)
  process.exit(2)
}

if (options.help) {
  console.log(HELP)
  process.exit(0)
}

const datastore = options.data === '' ? undefined : new LevelDatastore(resolve(options.data))
await datastore?.open()
const registry = options.metrics ? new Registry() : undefined

let node

try {
  node = await createLvsNode({
    host: options.host,
    tcpPort: options.tcpPort,
    wsPort: options.wsPort,
    relayServer: true,
    lowPower: false,
    bootstrap: options.bootstrap,
    announce: options.announce,
    maxConnections: options.maxConnections,
    relayReservations: options.maxReservations,
    inboundRate: options.inboundRate,
    ...(options.input == null ? {} : { inputs: { [SHARD]: options.input } }),
    libp2p: {
      ...(datastore == null ? {} : { datastore }),
      ...(options.key == null ? {} : { privateKey: await loadOrCreateKey(resolve(options.key)) }),
      ...(registry == null ? {} : { metrics: prometheusMetrics({ registry }) })
    }
  })
} catch (err) {
  await datastore?.close()

  // a Node.js too old: which one it needs and how to run it
  if (err?.name === 'UnsupportedRuntimeError') {
    console.error(`${err.name}: ${err.message}`)
    process.exit(1)
  }

  // an option the node refuses (an input outside the shard's bounds, say): the reason, then the help
  if (err?.name !== 'InvalidSettingError' && err?.name !== 'InvalidShardConfigError') {
    throw err
  }

  console.error(`${err.name}: ${err.message}\n\n${HELP}`)
  process.exit(2)
}

// entries of the shard loaded from the datastore, before any peer was heard
const restored = node.services.lvs.table(SHARD).length
const log = createLog(options.log)
logGuard(node, log)

/** Other relays this one knows: peers that serve circuit relay, with their addresses */
async function knownRelays () {
  const peers = await node.peerStore.all({ filters: [peer => peer.protocols.includes(HOP_PROTOCOL)] })

  return peers.map(peer => ({ peerId: peer.id.toString(), multiaddrs: peer.addresses.map(({ multiaddr }) => multiaddr.toString()) }))
}

let stopping = 0
const addrs = () => node.getMultiaddrs().map(ma => ma.toString())
const server = createHttpServer({
  web: resolve(options.web),
  relayInfo: async () => ({
    peerId: node.peerId.toString(),
    // what it advertises: --announce when given, else what it listens on
    multiaddrs: addrs(),
    // the one a browser dials: WebSockets (through a TLS proxy when announced so)
    websockets: addrs().find(ma => ma.includes('/ws/') || ma.includes('/wss/')) ?? null,
    relays: await knownRelays(),
    // the relay's own node in the shard the demo draws
    [SHARD]: (({ input, state, target, count, converged }) => ({ input, state, target, count, converged }))(node.services.lvs.getState(SHARD))
  }),
  // ready: libp2p started, the page served, the shard's topic joined, not stopping
  ready: () => stopping === 0 && node.status === 'started' && server.listening && node.services.pubsub.getTopics().includes(SHARD_TOPIC),
  metrics: registry == null ? undefined : async () => registry.metrics()
})

await new Promise((resolve, reject) => {
  server.once('error', reject)
  server.listen(options.httpPort, options.host, () => { resolve() })
})

const page = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${server.address().port}/`
const state = datastore == null ? 'in memory' : `saved in ${resolve(options.data)}, ${restored} ${SHARD} entries restored`

if (options.log === 'json') {
  log('start', { peerId: node.peerId.toString(), page, multiaddrs: addrs(), bootstrap: options.bootstrap, metrics: registry == null ? null : `${page}metrics`, state, restored })
} else {
  console.log(`LVS relay ${node.peerId}`)
  console.log(`page: ${page}`)
  console.log('multiaddrs:')
  addrs().forEach(ma => { console.log(`  ${ma}`) })

  if (registry != null) {
    console.log(`metrics: ${page}metrics`)
  }

  console.log(`state: ${state}; Ctrl+C stops`)
}

const status = options.quiet
  ? undefined
  : setInterval(() => {
    const view = node.services.lvs.getState(SHARD)
    const traffic = node.services.lvs.traffic()
    const kb = (traffic.sent + traffic.received) / 1024
    log('status', { connections: node.getConnections().length, shard: SHARD, count: view.count, spread: view.spread, converged: view.converged, state: view.state, interval: Math.round(view.interval), kb: Math.round(kb) },
      `connections ${node.getConnections().length}, ${SHARD} nodes ${view.count}, spread ${view.spread.toExponential(2)}, ${view.converged ? 'converged' : 'converging'} at [${view.state.map(v => v.toFixed(4)).join(', ')}], interval ${Math.round(view.interval)} ms, ${kb.toFixed(0)} KB so far`)
  }, STATUS_INTERVAL_MS)

/** Ctrl+C reaches the relay from the terminal and again through npm or `npm start`: a repeat this soon is the same request */
const REPEAT_SIGNAL_MS = 3000

async function stop (signal) {
  if (stopping > 0) {
    if (Date.now() - stopping > REPEAT_SIGNAL_MS) {
      log('exit', { signal }, `${signal} again: exiting without waiting`)
      process.exit(1)
    }

    return
  }

  stopping = Date.now()
  log('stopping', { signal }, `${signal}: stopping, saving state`)
  clearInterval(status)
  // the page stays up while the node stops, so that /healthz says 503 to whoever watches it
  await node.stop()
  server.closeAllConnections()
  server.close()
  await datastore?.close()
  log('stopped', {}, 'stopped')
  process.exit(0)
}

process.on('SIGINT', () => { void stop('SIGINT') })
process.on('SIGTERM', () => { void stop('SIGTERM') })
