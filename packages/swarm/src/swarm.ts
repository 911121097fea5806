import { distance, spread, target } from '@lvs/drift'
import { createLvsNode } from '@lvs/node'
import { createRandom } from '@lvs/simulator'
import { trafficMeter } from '@lvs/transport'
import { connect } from './dial.ts'
import { measureJoin } from './swarm-join.ts'
import { resolveSwarmOptions } from './swarm-options.ts'
import { findStragglers } from './swarm-stragglers.ts'
import { countMessages, protocolBytes, topicKind, totalBytes } from './swarm-traffic.ts'
import type { JoinResult } from './swarm-join.ts'
import type { SwarmOptions } from './swarm-options.ts'
import type { Straggler } from './swarm-stragglers.ts'
import type { LvsNode } from '@lvs/node'
import type { TrafficMeter } from '@lvs/transport'

export { DEFAULT_SWARM_OPTIONS, InvalidSwarmOptionError, resolveSwarmOptions } from './swarm-options.ts'
export type { SwarmOptions } from './swarm-options.ts'

export interface SwarmProgress {
  seconds: number
  /** spread of the states, relative to the inputs' */
  spread: number
  /** largest distance from a node's state to the exact equilibrium, relative */
  error: number
}

export interface SwarmResult {
  options: SwarmOptions
  /** every state within 1e-6 (relative) of the exact equilibrium, every target within 1e-6, spread <= 1e-3 */
  converged: boolean
  /** from setting the inputs to convergence (or to the limit) */
  seconds: number
  /** drift cycles of the busiest node by then */
  cycles: number
  /** cycles until every node's state was within 1 % (of the inputs' spread) of the exact equilibrium, the slowest node's */
  cyclesTo1Percent: number | null
  /** spread of the states at the end, relative to the spread of the inputs */
  spread: number
  /** largest distance from a node's state to the exact (trimmed) mean of the inputs, relative */
  finalError: number
  /** largest distance from a node's target to it, relative */
  targetError: number
  equilibrium: number[]
  /** all libp2p traffic of a node (sent + received, counted on its connections), per minute, while converging */
  bytesPerNodePerMinute: number
  /** the same, sent only */
  sentPerNodePerMinute: number
  /** the same over the quiet seconds after convergence (null without --quiet) */
  bytesPerNodePerMinuteConverged: number | null
  /** over the quiet seconds: bytes per node per minute by protocol stream, gossipsub's split by what it carries, and the connections' framing */
  protocolsConverged: Record<string, number> | null
  /** the same, KB per node per minute, from setting the inputs to convergence */
  protocolsConverging: Record<string, number>
  /** over the quiet seconds: gossipsub messages handed to a node per minute, by what they carry (each one once, however many copies came) */
  messagesConverged: Record<string, number> | null
  /** connections per node at the end, on average */
  connectionsPerNode: number
  /** one more node joining the converged swarm (with `join`) */
  join: JoinResult | null
  /** over the quiet seconds: CPU time of the process per node, as a share of one core */
  cpuPerNodeConverged: number | null
  /** the same while converging: the nodes' joining burst (handshakes, identify, DHT) and the fast drift cycles, over the few seconds convergence takes */
  cpuPerNode: number
  /** CPU time of the process per node while converging, ms */
  cpuMsPerNode: number
  /** CPU share per node over the first minute from setting the inputs: joining, converging and the converged rest of the minute (null when the run ended sooner) */
  cpuPerNodeFirstMinute: number | null
  /** heap growth per node, libp2p included (after a forced gc when node runs with --expose-gc) */
  heapPerNodeMB: number
  gcExposed: boolean
  /** when not converged: the nodes furthest from the equilibrium (at most five) and what their tables lack */
  stragglers: Straggler[]
}

const RELATIVE_EXACT = 1e-6
const RELATIVE_SPREAD = 1e-3
const POLL_MS = 250
const FIRST_MINUTE_MS = 60_000
const PROGRESS_MS = 5_000
/** honest inputs are uniform in [-INPUT_RANGE, INPUT_RANGE) per component */
const INPUT_RANGE = 10
/** Nodes started back to back before a pause: a 100-node swarm started without pauses timed out handshakes to the first node */
const START_BATCH = 10
const START_PAUSE_MS = 2_000

function heapUsed (): number {
  (globalThis as { gc?(): void }).gc?.()
  return process.memoryUsage().heapUsed
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Starts N real libp2p nodes with the LVS service in this process (TCP on
 * 127.0.0.1, the first one bootstrap to the others), sets random inputs,
 * and measures how they converge to the exact equilibrium: time, cycles,
 * spread, error, traffic from libp2p's own connection counters, heap
 */
export async function runSwarm (partial: Partial<SwarmOptions> = {}, onProgress?: (progress: SwarmProgress) => void): Promise<SwarmResult> {
  const options = resolveSwarmOptions(partial)
  const random = createRandom(options.seed)
  const shard = 'drift'
  const zero = new Array<number>(options.dimension).fill(0)
  const inputs = Array.from({ length: options.nodes }, () => zero.map(() => random.range(-INPUT_RANGE, INPUT_RANGE)))
  // N nodes share one event loop here, so its load is theirs together: low-power mode would mistake that for a busy node
  const init = { shards: [{ name: shard, dimension: options.dimension }], inputs: { [shard]: zero }, trim: options.trim, simulatedLoss: options.loss, lowPower: false }
  const gcExposed = typeof (globalThis as { gc?(): void }).gc === 'function'
  const heapBefore = heapUsed()
  const nodes: LvsNode[] = []
  let firstMinute: ReturnType<typeof setTimeout> | undefined
  const meters: TrafficMeter[] = []
  const metered = (): typeof init & { libp2p: { metrics: TrafficMeter['metrics'] } } => {
    const meter = trafficMeter({ gossip: topicKind })
    meters.push(meter)
    return { ...init, libp2p: { metrics: meter.metrics } }
  }

  try {
    const first = await createLvsNode(metered())
    nodes.push(first)
    const tcp = first.getMultiaddrs().filter(addr => addr.toString().includes('/tcp/') && !addr.toString().includes('/ws'))
    const bootstrap = tcp.map(String)

    for (let i = 1; i < options.nodes; i++) {
      const node = await createLvsNode({ ...metered(), bootstrap })
      nodes.push(node)
      await connect(node, first, tcp)

      if (i % START_BATCH === 0) {
        // every node shares this event loop: let the last batch's handshakes, identify and DHT queries finish before the next
        await sleep(START_PAUSE_MS)
      }
    }

    const equilibrium = target(inputs.map((input, i) => ({ key: nodes[i].peerId.toString(), input })), new Map(), { trim: options.trim })
    const scale = spread(inputs)
    const cyclesBefore = nodes.map(node => node.services.lvs.getState(shard).cycles)
    const measure = (): { spread: number, error: number, targetError: number, cycles: number } => {
      const views = nodes.map(node => node.services.lvs.getState(shard))

      return {
        spread: spread(views.map(view => view.state)) / scale,
        error: Math.max(...views.map(view => distance(view.state, equilibrium))) / scale,
        targetError: Math.max(...views.map(view => distance(view.target, equilibrium))) / scale,
        cycles: Math.max(...views.map((view, i) => view.cycles - cyclesBefore[i]))
      }
    }

    // each node's cycles until its state first came within 1 % of the equilibrium
    const within1Percent = new Map<number, number>()
    const listeners = nodes.map((node, i) => {
      const listener = (evt: CustomEvent<{ shard: string, state: number[] }>): void => {
        if (!within1Percent.has(i) && evt.detail.shard === shard && distance(evt.detail.state, equilibrium) <= 0.01 * scale) {
          within1Percent.set(i, node.services.lvs.getState(shard).cycles - cyclesBefore[i])
        }
      }
      node.services.lvs.addEventListener('cycle', listener)
      return listener
    })
    const bytesBefore = totalBytes(nodes)
    const protocolsAtStart = protocolBytes(meters)
    const cpuBefore = process.cpuUsage()
    const started = Date.now()
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since)
      return (used.user + used.system) / 1000 / options.nodes
    }
    let cpuPerNodeFirstMinute: number | null = null
    firstMinute = setTimeout(() => { cpuPerNodeFirstMinute = cpuMs(cpuBefore) / (Date.now() - started) }, FIRST_MINUTE_MS)
    nodes.forEach((node, i) => { node.services.lvs.setInput(shard, inputs[i]) })

    let now = measure()
    let lastProgress = started
    let converged = false

    while (Date.now() - started < options.seconds * 1000) {
      await sleep(POLL_MS)
      now = measure()
      converged = now.spread <= RELATIVE_SPREAD && now.error <= RELATIVE_EXACT && now.targetError <= RELATIVE_EXACT

      if (converged) {
        break
      }

      if (Date.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = Date.now()
        onProgress?.({ seconds: (lastProgress - started) / 1000, spread: now.spread, error: now.error })
      }
    }

    const elapsed = Date.now() - started
    nodes.forEach((node, i) => { node.services.lvs.removeEventListener('cycle', listeners[i]) })
    const cyclesTo1Percent = within1Percent.size === nodes.length ? Math.max(...within1Percent.values()) : null
    const bytesAfter = totalBytes(nodes)
    const cpuMsPerNode = cpuMs(cpuBefore)
    const perNodePerMinute = (bytes: number, ms: number): number => bytes / options.nodes / (ms / 60_000)
    const perProtocol = (before: Record<string, number>, after: Record<string, number>, ms: number): Record<string, number> => Object.fromEntries(Object.entries(after)
      .map(([protocol, bytes]) => [protocol, Math.round(perNodePerMinute(bytes - (before[protocol] ?? 0), ms))] as const)
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1]))
    const protocolsConverging = perProtocol(protocolsAtStart, protocolBytes(meters), elapsed)
    const heapPerNodeMB = (heapUsed() - heapBefore) / options.nodes / 2 ** 20
    let bytesPerNodePerMinuteConverged: number | null = null
    let protocolsConverged: Record<string, number> | null = null
    let cpuPerNodeConverged: number | null = null
    let messagesConverged: Record<string, number> | null = null
    let join: JoinResult | null = null

    if (converged && options.quiet > 0) {
      await sleep(options.settle * 1000)
      const quietBytes = totalBytes(nodes)
      const quietStart = Date.now()
      const cpuQuiet = process.cpuUsage()
      const protocolsBefore = protocolBytes(meters)
      const messages = countMessages(nodes)
      await sleep(options.quiet * 1000)
      messages.stop()
      const quietMs = Date.now() - quietStart
      cpuPerNodeConverged = cpuMs(cpuQuiet) / quietMs
      bytesPerNodePerMinuteConverged = perNodePerMinute(totalBytes(nodes).both - quietBytes.both, quietMs)
      const protocolsAfter = protocolBytes(meters)
      protocolsConverged = perProtocol(protocolsBefore, protocolsAfter, quietMs)
      messagesConverged = Object.fromEntries(Object.entries(messages.read()).map(([kind, n]) => [kind, perNodePerMinute(n, quietMs)]))
    }

    const connectionsPerNode = nodes.reduce((sum, node) => sum + node.getConnections().length, 0) / nodes.length
    const stragglers = converged ? [] : findStragglers({ nodes, inputs, equilibrium, scale, shard, exact: RELATIVE_EXACT })

    if (converged && options.join) {
      const input = zero.map(() => random.range(-INPUT_RANGE, INPUT_RANGE))
      const joined = await measureJoin({ nodes: [...nodes], inputs, input, shard, init: metered(), bootstrap: tcp, trim: options.trim, exact: RELATIVE_EXACT, scale, limitSeconds: options.seconds })
      nodes.push(joined.joiner)
      join = joined.result
    }

    return {
      options,
      converged,
      seconds: elapsed / 1000,
      cycles: now.cycles,
      cyclesTo1Percent,
      spread: now.spread,
      finalError: now.error,
      targetError: now.targetError,
      equilibrium,
      bytesPerNodePerMinute: perNodePerMinute(bytesAfter.both - bytesBefore.both, elapsed),
      sentPerNodePerMinute: perNodePerMinute(bytesAfter.sent - bytesBefore.sent, elapsed),
      bytesPerNodePerMinuteConverged,
      protocolsConverged,
      protocolsConverging,
      messagesConverged,
      connectionsPerNode,
      join,
      cpuPerNode: cpuMsPerNode / elapsed,
      cpuMsPerNode,
      cpuPerNodeFirstMinute,
      cpuPerNodeConverged,
      heapPerNodeMB,
      gcExposed,
      stragglers
    }
  } finally {
    clearTimeout(firstMinute)
    await Promise.all(nodes.map(async node => {
      try {
        await node.stop()
      } catch {
        // a node that fails to stop must not hide the result
      }
    }))
  }
}
