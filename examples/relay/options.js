// The relay's flags: each has an environment variable and a default, and a
// bad value is an error that names the flag (the relay prints it with --help).
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'

export const HELP = `Usage: npm start -- [flags]     (or: node examples/relay/relay.js [flags])

An LVS relay: circuit relay v2 server for browsers, WebSockets and TCP
listeners, Kademlia DHT server, gossipsub and an LVS node of its own; it
serves the browser demo over HTTP and prints the page URL and its multiaddrs.

  --host H          address to listen on (LVS_HOST, default 127.0.0.1)
  --http-port P     port of the page (LVS_HTTP_PORT, default 8080, 0: any free)
  --ws-port P       WebSockets port browsers dial (LVS_WS_PORT, default 4001)
  --tcp-port P      TCP port Node peers dial (LVS_TCP_PORT, default 4002)
  --input X,Y       the relay's own input in the "drift" shard, each in [-100, 100]
                    (LVS_INPUT, default: the saved one, else 0,0)
  --data DIR        where state is saved on stop and loaded on start
                    (LVS_DATA, default .lvs-relay; "" keeps it in memory)
  --key FILE        persisted private key, made on first use, so the relay's
                    address and its entry stay the same across restarts
                    (LVS_KEY; default <data>.key when --data keeps state,
                    "" for a new identity each start)
  --bootstrap ADDR  a peer to join through, with its /p2p/ id: another relay,
                    whose swarm this one joins (repeatable; LVS_BOOTSTRAP,
                    addresses separated by commas)
  --announce ADDR   an address to advertise instead of the ones listened on:
                    a public IP or DNS name, or the /tls/ws address of a TLS
                    proxy in front of the relay (repeatable; LVS_ANNOUNCE)
  --max-connections N  connections kept before the relay prunes and refuses
                    new ones (LVS_MAX_CONNECTIONS, default 300)
  --max-reservations N  browsers the relay holds a circuit reservation for
                    (LVS_MAX_RESERVATIONS, default 128)
  --inbound-rate N  inbound connections a second taken from one host; more
                    are refused (LVS_INBOUND_RATE, default 100)
  --log FORMAT      text (default) or json: one JSON object per line, with
                    its time and event (LVS_LOG)
  --metrics         Prometheus metrics at /metrics on the page's port
                    (LVS_METRICS=1)
  --web DIR         the built browser demo to serve
                    (default examples/browser/dist)
  --quiet           no status line every 10 s
  --help            this text

GET /healthz answers 200 once the relay listens and takes part in its
shard, 503 before that and while it stops. Ctrl+C (SIGINT) or SIGTERM stops
the relay and saves its state.
`

export class InvalidRelayOptionError extends Error {
  static name = 'InvalidRelayOptionError'

  constructor (message) {
    super(message)
    this.name = 'InvalidRelayOptionError'
  }
}

function port (value, flag) {
  const n = Number(value)

  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidRelayOptionError(`${flag} must be a port number 0..65535, not "${value}"`)
  }

  return n
}

function count (value, flag) {
  const n = Number(value)

  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidRelayOptionError(`${flag} must be a whole number of at least 1, not "${value}"`)
  }

  return n
}

function vector (value, flag) {
  const parts = value.split(',').map(part => Number(part.trim()))

  if (parts.length !== 2 || !parts.every(Number.isFinite)) {
    throw new InvalidRelayOptionError(`${flag} must be two finite numbers like 1.5,-2, not "${value}"`)
  }

  return parts
}

/** Multiaddrs given as a repeated flag, else as the environment variable's comma-separated list */
function addresses (given, fromEnv, flag, needsPeerId, example) {
  const list = given ?? (fromEnv ?? '').split(',').map(part => part.trim()).filter(part => part !== '')

  return list.map(value => {
    let addr

    try {
      addr = multiaddr(value)
    } catch (err) {
      throw new InvalidRelayOptionError(`${flag} must be a multiaddr like ${example}, not "${value}" (${err.message})`)
    }

    if (needsPeerId && addr.getComponents().every(component => component.name !== 'p2p')) {
      throw new InvalidRelayOptionError(`${flag} needs the peer's id at its end (/p2p/12D3Koo...), which "${value}" lacks: the relay prints it beside its multiaddrs`)
    }

    return addr.toString()
  })
}

/**
 * Options from the command line over the environment over the defaults
 *
 * @param {string[]} argv - arguments after the program name
 * @param {Record<string, string | undefined>} env - environment variables
 * @param {string} defaultWeb - the browser demo's build folder
 */
export function parseOptions (argv, env, defaultWeb) {
  let values

  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        'http-port': { type: 'string' },
        'ws-port': { type: 'string' },
        'tcp-port': { type: 'string' },
        input: { type: 'string' },
        data: { type: 'string' },
        key: { type: 'string' },
        bootstrap: { type: 'string', multiple: true },
        announce: { type: 'string', multiple: true },
        'max-connections': { type: 'string' },
        'max-reservations': { type: 'string' },
        'inbound-rate': { type: 'string' },
        log: { type: 'string' },
        metrics: { type: 'boolean' },
        web: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true
    }))
  } catch (err) {
    throw new InvalidRelayOptionError(err.message)
  }

  const input = values.input ?? env.LVS_INPUT
  const data = values.data ?? env.LVS_DATA ?? '.lvs-relay'
  // state kept with a new identity would count the relay's input twice (its old entry stays counted
  // for the shard's retention): a relay that keeps its state keeps its key beside it
  const key = values.key ?? env.LVS_KEY ?? (data === '' ? '' : `${data}.key`)
  const log = values.log ?? env.LVS_LOG ?? 'text'

  if (log !== 'text' && log !== 'json') {
    throw new InvalidRelayOptionError(`--log must be text or json, not "${log}"`)
  }

  return {
    help: values.help === true,
    host: values.host ?? env.LVS_HOST ?? '127.0.0.1',
    httpPort: port(values['http-port'] ?? env.LVS_HTTP_PORT ?? '8080', '--http-port'),
    wsPort: port(values['ws-port'] ?? env.LVS_WS_PORT ?? '4001', '--ws-port'),
    tcpPort: port(values['tcp-port'] ?? env.LVS_TCP_PORT ?? '4002', '--tcp-port'),
    input: input == null ? undefined : vector(input, '--input'),
    data,
    key: key === '' ? undefined : key,
    bootstrap: addresses(values.bootstrap, env.LVS_BOOTSTRAP, '--bootstrap', true, '/ip4/192.0.2.1/tcp/4002/p2p/12D3Koo...'),
    announce: addresses(values.announce, env.LVS_ANNOUNCE, '--announce', false, '/dns4/relay.example.org/tcp/443/tls/ws'),
    maxConnections: count(values['max-connections'] ?? env.LVS_MAX_CONNECTIONS ?? '300', '--max-connections'),
    maxReservations: count(values['max-reservations'] ?? env.LVS_MAX_RESERVATIONS ?? '128', '--max-reservations'),
    inboundRate: count(values['inbound-rate'] ?? env.LVS_INBOUND_RATE ?? '100', '--inbound-rate'),
    log,
    metrics: values.metrics === true || env.LVS_METRICS === '1',
    web: values.web ?? defaultWeb,
    quiet: values.quiet === true
  }
}
