import { mkdir } from 'node:fs/promises'
import { shardTopic } from '@lvs/codec'
import { CompactMemoryDatastore } from '@lvs/node'
import { createRandom } from '@lvs/simulator'
import { lvsPreset } from '@lvs/transport'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { attack } from './soak-attack.ts'
import { growthChecks, soakTrends, warmUpEnd } from './soak-checks.ts'
import { startChild } from './soak-children.ts'
import { equilibriumCheck } from './soak-equilibrium.ts'
import { SOAK_SHARD, processSample } from './soak-sample.ts'
import { InvalidSwarmOptionError } from './swarm.ts'
import type { SoakCheck, SoakSeriesPoint, SoakTrends } from './soak-checks.ts'
import type { SoakChild } from './soak-children.ts'
import type { NodeCheck } from './soak-node-check.ts'
import type { PresetServices } from '@lvs/transport'
import type { Libp2p } from 'libp2p'

export interface SoakOptions {
  /** how long the churn and the attack last */
  minutes: number
  /** churning honest nodes running at any time, each in a process of its own */
  nodes: number
  /** one honest node leaves and a new one joins this often, s */
  churnSeconds: number
  /** every process is sampled this often, s */
  sampleSeconds: number
  seed: number
  /**
   * Minutes every honest node's time bounds are shortened to: the table's
   * retention of departed entries, gossipsub's retained scores, the peer
   * store's address and peer age, and the DHT's provider records to four
   * fifths of it (0: their defaults, 24 hours, 1 hour, 1 and 6 hours, 4
   * hours). With churn each departed peer leaves state that lives
   * that long, so memory grows until the longest bound has passed once and
   * then stays flat: shortened, an hour's soak reaches that plateau and
   * judges what keeps growing beyond it
   */
  boundsMinutes: number
  /** a directory where the relay and the long-lived node write V8 heap snapshots at the end of warm-up and at the end (none when not given) */
  heapSnapshots?: string
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = { minutes: 5, nodes: 6, churnSeconds: 20, sampleSeconds: 60, seed: 1, boundsMinutes: 5 }

export type { SoakCheck }

export interface SoakResult {
  options: SoakOptions
  ok: boolean
  checks: SoakCheck[]
  /** honest nodes that ever ran, and the hostile messages sent */
  honestNodes: number
  hostileMessages: number
  /** every process sampled every `sampleSeconds`: heap (after gc), RSS, listeners, handles, connections, table size */
  series: SoakSeriesPoint[]
  /** growth per hour of heap, RSS, listeners and handles after warm-up, per process */
  trends: SoakTrends
  seconds: number
}

export interface SoakProgress {
  seconds: number
  running: number
  left: number
  hostileMessages: number
  /** heap of the soak's own process (the hostile node), the relay and the long-lived node, MB */
  heapMB: Record<string, number>
}

const SHARD = SOAK_SHARD.name
const SETTLE_MS = 90_000

export function resolveSoakOptions (partial: Partial<SoakOptions> = {}): SoakOptions {
  const options = { ...DEFAULT_SOAK_OPTIONS, ...partial }
  const check = (ok: boolean, message: string): void => {
    if (!ok) {
      throw new InvalidSwarmOptionError(message)
    }
  }

  check(options.minutes > 0 && options.minutes <= 24 * 60, `--minutes must be a number in (0, 1440], got ${options.minutes}`)
  check(Number.isInteger(options.nodes) && options.nodes >= 3 && options.nodes <= 50, `--nodes must be an integer in 3..50, got ${options.nodes}`)
  check(options.churnSeconds >= 1, `--churn-seconds must be at least 1, got ${options.churnSeconds}`)
  check(options.boundsMinutes >= 0, `--bounds-minutes must be 0 (the defaults) or more, got ${options.boundsMinutes}`)
  check(options.sampleSeconds >= 1, `--sample-seconds must be at least 1, got ${options.sampleSeconds}`)
  check(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff, `--seed must be an integer in 0..4294967295, got ${options.seed}`)

  return options
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * A soak of real nodes, each in a process of its own: a relay, a
 * long-lived node and churning honest nodes that join and leave (each
 * joiner with a new key and input) while a hostile node in this process
 * attacks. The relay, the long-lived node and this process are sampled
 * every `sampleSeconds` (heap, RSS, listeners, handles, connections, table
 * size). Then it checks that no honest node crashed or went negative, that
 * the honest equilibrium holds (every node's target is the exact mean of
 * every honest input ever announced: departed nodes stay counted as dormant
 * entries), that no series keeps growing after warm-up, and that the audit
 * logs verify
 */
export async function runSoak (partial: Partial<SoakOptions> = {}, onProgress?: (progress: SoakProgress) => void): Promise<SoakResult> {
  const options = resolveSoakOptions(partial)

  if (options.heapSnapshots != null) {
    await mkdir(options.heapSnapshots, { recursive: true })
  }

  const random = createRandom(options.seed)
  const started = Date.now()
  const errors: unknown[] = []
  const onError = (err: unknown): void => { errors.push(err) }
  process.on('uncaughtException', onError)
  process.on('unhandledRejection', onError)

  const inputs = new Map<string, number[]>()
  const departed = new Map<string, number>()
  const running: SoakChild[] = []
  const crashed: string[] = []
  const series: SoakSeriesPoint[] = []
  const children: SoakChild[] = []
  let hostile: Libp2p<PresetServices> | undefined
  let hostileMessages = 0
  let quarantines = 0
  let left = 0

  // the relay is everyone's hub; the first churning node, which never leaves, is the hostile node's way in
  const join = async (): Promise<void> => {
    const input = [random.range(0, 10), random.range(0, 10)]
    const node = await startChild('churn', input, [children[0].addr, ...running.slice(0, 1).map(first => first.addr)], options.boundsMinutes)
    inputs.set(node.peerId, input)
    running.push(node)
  }

  /** One sample of this process (the hostile node), the relay and the long-lived node, at `minute` */
  const sample = async (minute: number): Promise<void> => {
    const { views, ...own } = processSample([])
    series.push({ minute, process: 'soak', ...own })

    for (const child of children) {
      const { views, ...theirs } = await child.sample()
      series.push({ minute, process: child.role === 'relay' ? 'relay' : 'node', ...theirs })
    }
  }

  try {
    children.push(await startChild('relay', [random.range(0, 10), random.range(0, 10)], [], options.boundsMinutes))
    children.push(await startChild('node', [random.range(0, 10), random.range(0, 10)], [children[0].addr], options.boundsMinutes))
    children.forEach(child => { inputs.set(child.peerId, child.input) })

    for (let i = 0; i < options.nodes; i++) {
      await join()
    }

    // a datastore that keeps no views into larger buffers, as createLvsNode's (docs/node.md)
    hostile = await createLibp2p({ ...lvsPreset(), datastore: new CompactMemoryDatastore() })
    hostile.services.pubsub.subscribe(shardTopic(SHARD))
    // (should this dial fail, the loop below dials again while it has no connection)
    await hostile.dial(multiaddr(running[0].addr)).catch(() => {})

    // the churn and the attack last `minutes` from here, once every node has started
    const end = Date.now() + options.minutes * 60_000
    let nextChurn = Date.now() + options.churnSeconds * 1000
    let nextSample = Date.now() + options.sampleSeconds * 1000
    let nextProgress = Date.now() + 10_000
    // the relay's and the long-lived node's heaps where warm-up ends and at the end: what grew in between is what a diff shows
    let snapshotAt = options.heapSnapshots == null ? Number.POSITIVE_INFINITY : started + warmUpEnd(options.minutes) * 60_000
    const snapshot = async (name: string): Promise<void> => {
      for (const child of children) {
        await child.snapshot(`${options.heapSnapshots}/${child.role}-${name}.heapsnapshot`)
      }
    }
    let tick = 0
    const minute = (): number => (Date.now() - started) / 60_000
    await sample(minute())

    while (Date.now() < end) {
      await sleep(100)
      tick++

      hostileMessages += attack(hostile, tick)

      if (hostile.getConnections().length === 0 && tick % 50 === 0) {
        // the honest nodes closed on it: it comes back through another one, as an attacker would
        const target = running[random.int(running.length)]
        await hostile.dial(multiaddr(target.addr)).catch(() => {})
      }

      if (Date.now() >= nextChurn) {
        nextChurn += options.churnSeconds * 1000
        // never the first node: it is the hostile node's way in
        const leaving = running.splice(1 + random.int(running.length - 1), 1)[0]
        quarantines += (await leaving.check().catch(() => undefined))?.quarantines ?? 0
        await leaving.stop()
        departed.set(leaving.peerId, Date.now())
        left++
        await join()
      }

      crashed.push(...[...running, ...children].filter(node => node.crashed() && !crashed.includes(node.peerId)).map(node => node.peerId))

      if (Date.now() >= snapshotAt) {
        snapshotAt = Number.POSITIVE_INFINITY
        await snapshot('warm')
      }

      if (Date.now() >= nextSample) {
        nextSample += options.sampleSeconds * 1000
        await sample(minute())
      }

      if (Date.now() >= nextProgress) {
        nextProgress += 10_000
        const latest = Object.fromEntries(series.slice(-3).map(point => [point.process, point.heapMB]))
        onProgress?.({ seconds: (Date.now() - started) / 1000, running: running.length, left, hostileMessages, heapMB: latest })
      }
    }

    await hostile.stop()
    hostile = undefined

    // the honest swarm, left alone, must settle on the exact mean of the honest inputs it counts (every one
    // ever announced, but for departed entries past their retention: soak-equilibrium.ts)
    const honest = { inputs, departed }
    const retention = options.boundsMinutes * 60_000
    const settledBy = Date.now() + SETTLE_MS
    const checkAll = async (): Promise<NodeCheck[]> => Promise.all([...running, ...children].map(async node => node.check()))
    let checks = await checkAll()
    let equilibrium = equilibriumCheck(checks, honest, Date.now(), retention)

    while (!equilibrium.ok && Date.now() < settledBy) {
      await sleep(250)
      checks = await checkAll()
      equilibrium = equilibriumCheck(checks, honest, Date.now(), retention)
    }

    await sample(minute())

    if (options.heapSnapshots != null) {
      await snapshot('end')
    }

    quarantines += checks.reduce((sum, check) => sum + check.quarantines, 0)
    const negative = checks.some(check => check.negative || [...check.state, ...check.target, ...check.total].some(v => v < 0))
    const trends = soakTrends(series, minute())

    const results: SoakCheck[] = [
      { name: 'no honest node crashed', ok: crashed.length === 0 && errors.length === 0 && checks.every(check => check.status === 'started'), detail: `${crashed.length} ended unasked, ${errors.length} uncaught errors here${errors.length > 0 ? `: ${String(errors[0])}` : ''}` },
      { name: 'no negative value', ok: !negative, detail: `states, targets, totals and table inputs of ${checks.length} nodes on a nonNegative shard` },
      equilibrium,
      { name: 'the hostile node was quarantined', ok: quarantines > 0, detail: `${quarantines} quarantine events for ${hostileMessages} hostile messages` },
      ...growthChecks(trends, minute() - warmUpEnd(minute())),
      { name: 'audit logs verify', ok: checks.every(check => check.audit.ok), detail: `${checks.length} logs, ${checks.reduce((sum, check) => sum + check.audit.length, 0)} entries` }
    ]

    return { options, ok: results.every(check => check.ok), checks: results, honestNodes: inputs.size, hostileMessages, series, trends, seconds: (Date.now() - started) / 1000 }
  } finally {
    process.off('uncaughtException', onError)
    process.off('unhandledRejection', onError)
    await Promise.all([...running, ...(hostile == null ? [] : [hostile]), ...children].map(async node => {
      try {
        await node.stop()
      } catch {
        // the result stands
      }
    }))
  }
}
