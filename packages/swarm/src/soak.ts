import { shardTopic } from '@lvs/codec'
import { distance, spread } from '@lvs/drift'
import { CompactMemoryDatastore } from '@lvs/node'
import { createRandom } from '@lvs/simulator'
import { lvsPreset } from '@lvs/transport'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { attack } from './soak-attack.ts'
import { growthChecks, soakTrends, warmUpEnd } from './soak-checks.ts'
import { startChild } from './soak-children.ts'
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
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = { minutes: 5, nodes: 6, churnSeconds: 20, sampleSeconds: 60, seed: 1 }

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
const RELATIVE_EXACT = 1e-6
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
  const random = createRandom(options.seed)
  const started = Date.now()
  const errors: unknown[] = []
  const onError = (err: unknown): void => { errors.push(err) }
  process.on('uncaughtException', onError)
  process.on('unhandledRejection', onError)

  const inputs = new Map<string, number[]>()
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
    const node = await startChild('churn', input, [children[0].addr, ...running.slice(0, 1).map(first => first.addr)])
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
    children.push(await startChild('relay', [random.range(0, 10), random.range(0, 10)]))
    children.push(await startChild('node', [random.range(0, 10), random.range(0, 10)], [children[0].addr]))
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
        left++
        await join()
      }

      crashed.push(...[...running, ...children].filter(node => node.crashed() && !crashed.includes(node.peerId)).map(node => node.peerId))

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

    // the honest swarm, left alone, must settle on the exact mean of every honest input ever announced
    const honestInputs = [...inputs.values()]
    const mean = [0, 1].map(j => honestInputs.reduce((sum, input) => sum + input[j], 0) / honestInputs.length)
    const scale = spread(honestInputs)
    const settledBy = Date.now() + SETTLE_MS
    const exact = (vector: number[]): boolean => distance(vector, mean) <= RELATIVE_EXACT * scale
    const settled = (check: NodeCheck): boolean => check.count === honestInputs.length && exact(check.target) && exact(check.state)
    const checkAll = async (): Promise<NodeCheck[]> => Promise.all(running.map(async node => node.check()))
    const childrenAgree = async (): Promise<boolean> => (await Promise.all(children.map(async child => child.sample()))).every(s => s.views.every(view => view.count === honestInputs.length && exact(view.target)))

    while (!((await checkAll()).every(settled) && await childrenAgree()) && Date.now() < settledBy) {
      await sleep(250)
    }

    await sample(minute())
    const childViews = (await Promise.all(children.map(async child => child.sample()))).flatMap(s => s.views)
    const checks = await checkAll()
    quarantines += checks.reduce((sum, check) => sum + check.quarantines, 0)
    const negative = checks.some(check => check.negative || [...check.state, ...check.target, ...check.total].some(v => v < 0))
    const worstTarget = Math.max(...checks.map(check => distance(check.target, mean))) / scale
    const worstState = Math.max(...checks.map(check => distance(check.state, mean))) / scale
    const trends = soakTrends(series, minute())

    // per node: honest entries it lacks, and honest entries it holds in quarantine
    const honestKeys = [...inputs.keys()]
    const tableGaps = checks.map(check => {
      const held = new Map(check.held)
      return `${honestKeys.filter(key => !held.has(key)).length} missing, ${honestKeys.filter(key => held.get(key) === 'quarantined').length} quarantined`
    })
    const results: SoakCheck[] = [
      { name: 'no honest node crashed', ok: crashed.length === 0 && errors.length === 0 && checks.every(check => check.status === 'started'), detail: `${crashed.length} ended unasked, ${errors.length} uncaught errors here${errors.length > 0 ? `: ${String(errors[0])}` : ''}` },
      { name: 'no negative value', ok: !negative, detail: `states, targets, totals and table inputs of ${checks.length} nodes on a nonNegative shard` },
      { name: 'the honest equilibrium holds', ok: checks.every(settled) && childViews.every(view => view.count === honestInputs.length && exact(view.target)), detail: `target error ${worstTarget.toExponential(1)}, state error ${worstState.toExponential(1)} (relative), count ${checks.map(check => check.count).join('/')} at the churning nodes and ${childViews.map(view => view.count).join('/')} at the relay and the long-lived node, of ${honestInputs.length} honest entries (${tableGaps.join('; ')})` },
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
