import { encodeStateDiff, shardTopic } from '@lvs/codec'
import { distance, spread } from '@lvs/drift'
import { createLvsNode } from '@lvs/node'
import { createRandom } from '@lvs/simulator'
import { lvsPreset } from '@lvs/transport'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { growthChecks, soakTrends, warmUpEnd } from './soak-checks.ts'
import { startChild } from './soak-children.ts'
import { SOAK_SHARD, processSample } from './soak-sample.ts'
import { InvalidSwarmOptionError, connect } from './swarm.ts'
import type { SoakCheck, SoakSeriesPoint, SoakTrends } from './soak-checks.ts'
import type { SoakChild } from './soak-children.ts'
import type { LvsNode } from '@lvs/node'
import type { PresetServices } from '@lvs/transport'
import type { Libp2p } from 'libp2p'

export interface SoakOptions {
  /** how long the churn and the attack last */
  minutes: number
  /** honest nodes running at any time */
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
  /** heap of the soak's process, the relay and the long-lived node, MB */
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

function tcpOf (node: LvsNode): ReturnType<LvsNode['getMultiaddrs']> {
  return node.getMultiaddrs().filter(addr => addr.toString().includes('/tcp/') && !addr.toString().includes('/ws'))
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * The hostile node's repertoire: inputs beyond the guard's magnitude bound
 * and negative inputs (the shard is `nonNegative`), both evidence against
 * it, undecodable bytes, a replay of an old SDM of its own and a flood of
 * fresh ones, on the shard topic as a real peer would, with cycle ids from
 * its clock as an honest node's are
 */
function attack (hostile: Libp2p<PresetServices>, tick: number): number {
  const topic = shardTopic(SHARD)
  const send = (bytes: Uint8Array): void => { void hostile.services.pubsub.publish(topic, bytes).catch(() => {}) }
  const sdm = (cycleId: number, input: number[]): Uint8Array => encodeStateDiff({ shardId: SHARD, cycleId, input, state: input, driftWeight: 1, nonce: (tick * 7919 + cycleId) >>> 0 })
  const cycle = Date.now()

  switch (tick % 5) {
    case 0:
      send(sdm(cycle, [1e13, 1e13]))
      return 1
    case 1:
      send(sdm(cycle, [-50, 3]))
      return 1
    case 2:
      send(Uint8Array.from([0x0a, 0xff, tick & 0xff, 0x12]))
      return 1
    case 3:
      // a replay: an SDM with an older cycle id than the last it sent
      send(sdm(cycle - 60_000, [5, 5]))
      return 1
    default:
      // a flood: ten SDMs at once, each out of bounds
      for (let i = 0; i < 10; i++) {
        send(sdm(cycle + i, [1e13, i]))
      }
      return 10
  }
}

/**
 * A soak of real nodes: a relay and a long-lived node, each in a process of
 * its own, and honest nodes in this process that join and leave (each
 * joiner with a new key and input) while a hostile node attacks. Every
 * process is sampled every `sampleSeconds` (heap, RSS, listeners,
 * handles, connections, table size). Then it checks that no honest node
 * crashed or went negative, that the honest equilibrium holds (every
 * node's target is the exact mean of every honest input ever announced:
 * departed nodes stay counted as dormant entries), that no series keeps
 * growing after warm-up, and that the audit logs verify
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
  const running: LvsNode[] = []
  const crashed: string[] = []
  const series: SoakSeriesPoint[] = []
  const children: SoakChild[] = []
  let hostile: Libp2p<PresetServices> | undefined
  let hostileMessages = 0
  let quarantines = 0
  let left = 0

  const join = async (): Promise<LvsNode> => {
    const input = [random.range(0, 10), random.range(0, 10)]
    const node = await createLvsNode({ shards: [SOAK_SHARD], inputs: { [SHARD]: input }, lowPower: false })
    node.services.lvs.addEventListener('quarantine', () => { quarantines++ })
    inputs.set(node.peerId.toString(), input)
    // the relay is everyone's hub; the first node of this process is the hostile node's way in
    await node.dial(multiaddr(children[0].addr))

    if (running.length > 0) {
      await connect(node, running[0], tcpOf(running[0]))
    }

    running.push(node)
    return node
  }

  /** One sample of every process, at `minute` */
  const sample = async (minute: number): Promise<void> => {
    const { views, ...own } = processSample(running)
    series.push({ minute, process: 'soak', ...own })

    for (const child of children) {
      const { views, ...theirs } = await child.sample()
      series.push({ minute, process: child.role, ...theirs })
    }
  }

  try {
    children.push(await startChild('relay', [random.range(0, 10), random.range(0, 10)]))
    children.push(await startChild('node', [random.range(0, 10), random.range(0, 10)], children[0].addr))
    children.forEach(child => { inputs.set(child.peerId, child.input) })

    for (let i = 0; i < options.nodes; i++) {
      await join()
    }

    hostile = await createLibp2p(lvsPreset())
    hostile.services.pubsub.subscribe(shardTopic(SHARD))
    await connect(hostile as unknown as LvsNode, running[0], tcpOf(running[0]))

    const end = started + options.minutes * 60_000
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
        await hostile.dial(tcpOf(target)).catch(() => {})
      }

      if (Date.now() >= nextChurn) {
        nextChurn += options.churnSeconds * 1000
        // never the first node: it is everyone's way in
        const leaving = running.splice(1 + random.int(running.length - 1), 1)[0]
        await leaving.stop()
        left++
        await join()
      }

      for (const node of running) {
        if (node.status !== 'started') {
          crashed.push(node.peerId.toString())
        }
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

    // the honest swarm, left alone, must settle on the exact mean of every honest input ever announced
    const honestInputs = [...inputs.values()]
    const mean = [0, 1].map(j => honestInputs.reduce((sum, input) => sum + input[j], 0) / honestInputs.length)
    const scale = spread(honestInputs)
    const settledBy = Date.now() + SETTLE_MS
    const exact = (node: LvsNode): boolean => distance(node.services.lvs.getState(SHARD).target, mean) <= RELATIVE_EXACT * scale
    const settled = (node: LvsNode): boolean => exact(node) && distance(node.services.lvs.getState(SHARD).state, mean) <= RELATIVE_EXACT * scale

    const childrenAgree = async (): Promise<boolean> => (await Promise.all(children.map(async child => child.sample()))).every(s => s.views.every(view => view.count === honestInputs.length && distance(view.target, mean) <= RELATIVE_EXACT * scale))

    while (!(running.every(settled) && await childrenAgree()) && Date.now() < settledBy) {
      await sleep(250)
    }

    await sample(minute())
    const childViews = (await Promise.all(children.map(async child => child.sample()))).flatMap(s => s.views)
    const views = running.map(node => node.services.lvs.getState(SHARD))
    const tables = running.map(node => node.services.lvs.table(SHARD))
    const negative = views.some(view => [...view.state, ...view.target, ...view.total].some(v => v < 0)) ||
      tables.some(table => table.some(entry => entry.input.some(v => v < 0)))
    const audits = await Promise.all(running.map(async node => node.services.lvs.auditLog()))
    const worstTarget = Math.max(...views.map(view => distance(view.target, mean))) / scale
    const worstState = Math.max(...views.map(view => distance(view.state, mean))) / scale
    const trends = soakTrends(series, minute())

    // per node: honest entries it lacks, and honest entries it holds in quarantine
    const honestKeys = [...inputs.keys()]
    const tableGaps = tables.map(table => {
      const held = new Map(table.map(entry => [entry.key, entry.status]))
      return `${honestKeys.filter(key => !held.has(key)).length} missing, ${honestKeys.filter(key => held.get(key) === 'quarantined').length} quarantined`
    })
    const checks: SoakCheck[] = [
      { name: 'no honest node crashed', ok: crashed.length === 0 && errors.length === 0, detail: `${crashed.length} stopped unasked, ${errors.length} uncaught errors${errors.length > 0 ? `: ${String(errors[0])}` : ''}` },
      { name: 'no negative value', ok: !negative, detail: `states, targets, totals and table inputs of ${running.length} nodes on a nonNegative shard` },
      { name: 'the honest equilibrium holds', ok: running.every(settled) && [...views, ...childViews].every(view => view.count === honestInputs.length && distance(view.target, mean) <= RELATIVE_EXACT * scale), detail: `target error ${worstTarget.toExponential(1)}, state error ${worstState.toExponential(1)} (relative), count ${views.map(view => view.count).join('/')} here and ${childViews.map(view => view.count).join('/')} at the relay and the long-lived node, of ${honestInputs.length} honest entries (${tableGaps.join('; ')})` },
      { name: 'the hostile node was quarantined', ok: quarantines > 0, detail: `${quarantines} quarantine events for ${hostileMessages} hostile messages` },
      ...growthChecks(trends, minute() - warmUpEnd(minute())),
      { name: 'audit logs verify', ok: audits.every(audit => audit.verdict.ok), detail: `${audits.length} logs, ${audits.reduce((sum, audit) => sum + audit.length, 0)} entries` }
    ]

    return { options, ok: checks.every(check => check.ok), checks, honestNodes: inputs.size, hostileMessages, series, trends, seconds: (Date.now() - started) / 1000 }
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
