#!/usr/bin/env node
// An LVS relay: the Node preset with a circuit relay v2 server, WebSockets
// and TCP listeners, a DHT server, gossipsub and an LVS node of its own. It
// serves the browser demo over HTTP on the same host and prints the page URL
// and its multiaddrs. SIGINT or SIGTERM stop it and save its state.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { createLvsNode } from '@lvs/node'
import { LevelDatastore } from 'datastore-level'
import { Registry } from 'prom-client'
import { logGuard } from './guard-log.js'
import { createHttpServer } from './http.js'
import { loadOrCreateKey } from './key.js'
import { HELP, InvalidRelayOptionError, parseOptions } from './options.js'

const SHARD = 'drift'
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

logGuard(node)

const addrs = () => node.getMultiaddrs().map(ma => ma.toString())
const server = createHttpServer({
  web: resolve(options.web),
  relayInfo: () => ({
    peerId: node.peerId.toString(),
    multiaddrs: addrs(),
    // the one a browser dials: WebSockets on this host
    websockets: addrs().find(ma => ma.includes('/ws/')) ?? null,
    // the relay's own node in the shard the demo draws
    [SHARD]: (({ input, state, target, count, converged }) => ({ input, state, target, count, converged }))(node.services.lvs.getState(SHARD))
  }),
  metrics: registry == null ? undefined : async () => registry.metrics()
})

await new Promise((resolve, reject) => {
  server.once('error', reject)
  server.listen(options.httpPort, options.host, () => { resolve() })
})

const page = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${server.address().port}/`
console.log(`LVS relay ${node.peerId}`)
console.log(`page: ${page}`)
console.log('multiaddrs:')
addrs().forEach(ma => { console.log(`  ${ma}`) })

if (registry != null) {
  console.log(`metrics: ${page}metrics`)
}

console.log(`state: ${datastore == null ? 'in memory' : `saved in ${resolve(options.data)}`}; Ctrl+C stops`)

const status = options.quiet
  ? undefined
  : setInterval(() => {
    const view = node.services.lvs.getState(SHARD)
    const traffic = node.services.lvs.traffic()
    console.log(`${new Date().toISOString().slice(11, 19)} connections ${node.getConnections().length}, ${SHARD} nodes ${view.count}, spread ${view.spread.toExponential(2)}, ${view.converged ? 'converged' : 'converging'} at [${view.state.map(v => v.toFixed(4)).join(', ')}], interval ${Math.round(view.interval)} ms, ${((traffic.sent + traffic.received) / 1024).toFixed(0)} KB so far`)
  }, STATUS_INTERVAL_MS)

/** Ctrl+C reaches the relay from the terminal and again through npm or `npm start`: a repeat this soon is the same request */
const REPEAT_SIGNAL_MS = 3000
let stopping = 0

async function stop (signal) {
  if (stopping > 0) {
    if (Date.now() - stopping > REPEAT_SIGNAL_MS) {
      console.log(`${signal} again: exiting without waiting`)
      process.exit(1)
    }

    return
  }

  stopping = Date.now()
  console.log(`${signal}: stopping, saving state`)
  clearInterval(status)
  server.closeAllConnections()
  server.close()
  await node.stop()
  await datastore?.close()
  console.log('stopped')
  process.exit(0)
}

process.on('SIGINT', () => { void stop('SIGINT') })
process.on('SIGTERM', () => { void stop('SIGTERM') })
