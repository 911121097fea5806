import { error, spread, target } from '@lvs/drift'
import { equals } from 'uint8arrays/equals'
import { Adversary } from './adversary.ts'
import { BEACON_TRIES, BOUND_FACTOR, ENTROPY_EVERY, EXPIRE_EVERY, QUIET_EXPIRE_EVERY, QUIET_SETTLE_SECONDS, THRESHOLDS } from './constants.ts'
import { SimKeys } from './keys.ts'
import { SimNetwork } from './network.ts'
import { resolveOptions } from './options.ts'
import { createRandom } from './prng.ts'
import { SimNode } from './sim-node.ts'
import type { AdversaryKind, SimOptions } from './options.ts'
import type { Random } from './prng.ts'

/** The simulated clock starts here (ms since the epoch), so cycle ids look like the node's */
const T0 = 1_800_000_000_000

export interface SimProgress {
  cycle: number
  /** largest distance of an online honest node from the equilibrium, relative to the initial spread */
  error: number
  /** spread of the online honest nodes, relative to the initial spread */
  spread: number
}

export interface SimResult {
  options: SimOptions
  /** the error reached 1e-6 of the initial spread and the run ended there */
  converged: boolean
  /** ticks run (each `intervalMs` of simulated time) */
  cycles: number
  /** simulated seconds run */
  simSeconds: number
  /** first tick with every online honest node within 1e-3 of the initial spread of the equilibrium */
  cyclesTo1e3: number | null
  /** the same for 1e-6 */
  cyclesTo1e6: number | null
  /** at the end: largest distance of an honest node from the (trimmed) mean of the honest inputs, relative to the initial spread */
  finalError: number
  /** the same, in value units */
  finalErrorAbsolute: number
  initialSpread: number
  /** largest spread of the online honest nodes seen in any tick, relative to the initial spread */
  maxSpread: number
  /** the honest equilibrium at the end */
  equilibrium: number[]
  /** adversaries every online honest node excludes (its guard's quarantine, or weight 0 in its table) */
  quarantined: number
  adversaries: number
  /** times an honest node snapped to its target in recovery mode */
  recoveries: number
  messages: { delivered: number, lost: number }
  /** with `quietSeconds`: the SDMs the settled swarm published over them (all nodes together), per simulated minute */
  quiet?: { seconds: number, sdmsPerMinute: number }
  /** honest nodes' syncs, and the served entries they refused */
  syncs: { runs: number, refused: number }
  churn?: {
    nodes: number
    /** while they were away, the others' target stayed the equilibrium that counts their dormant entries */
    dormantValueKept: boolean
    /** ticks after their return until every honest node was within 1e-3 of the new equilibrium */
    reconvergedIn: number | null
  }
  seconds: number
}

function kindOf (attack: AdversaryKind, i: number): Exclude<AdversaryKind, 'mixed'> {
  const kinds = ['extreme', 'flip', 'replay', 'flood', 'sync-forge', 'equivocate', 'out-of-bounds', 'sybil'] as const
  return attack === 'mixed' ? kinds[i % kinds.length] : attack
}

/** A random element of a non-empty list */
function pick <T> (random: Random, list: readonly T[]): T {
  return list[random.int(list.length)]
}

/**
 * Runs N in-process nodes over a simulated network (loss, fanout, churn,
 * adversaries), reproducible from one seed. Each honest node runs the
 * node's own engine (`@lvs/engine`: admission, evidence, target, cycle,
 * publish decision) on the simulated clock; the simulator plays gossip
 * (a broadcast with loss), beacons and syncs, and signatures.
 */
export async function simulate (partial: Partial<SimOptions> = {}, onProgress?: (progress: SimProgress) => void): Promise<SimResult> {
  const started = Date.now()
  const options = resolveOptions(partial)
  const random = createRandom(options.seed)
  const keys = new SimKeys(random.fork())
  const network = new SimNetwork(random.fork(), options.loss, options.fanout)
  const range = options.inputRange
  const shard = { name: 'drift', dimension: options.dimension, min: -BOUND_FACTOR * range, max: BOUND_FACTOR * range, liveTimeout: 3 * options.heartbeat, retention: options.retention * options.intervalMs }
  const settings = { minInterval: options.intervalMs, heartbeatInterval: options.heartbeat, trim: options.trim }
  const newInput = (): number[] => Array.from({ length: options.dimension }, () => random.range(0, range))
  const honestCount = options.nodes - options.adversaries
  const honest: SimNode[] = []

  for (let i = 0; i < honestCount; i++) {
    honest.push(await SimNode.create(keys, newInput(), shard, settings, random.fork(), T0))
  }

  const online = (): SimNode[] => honest.filter(node => node.online)
  const adversaries = Array.from({ length: options.adversaries }, (_, i) => new Adversary({ keys, kind: kindOf(options.attack, i), shardId: 'drift', dimension: options.dimension, range, random: random.fork(), honest: () => online().map(node => node.key) }))
  const churned = options.churn > 0 ? honest.slice(0, Math.max(1, Math.round(options.churn * honestCount))) : []
  const byKey = new Map<string, SimNode | Adversary>([...honest, ...adversaries].map(node => [node.key, node]))
  const beaconEvery = Math.max(1, Math.round(options.heartbeat / options.intervalMs))
  const syncs = { runs: 0, refused: 0 }
  let sdmsSent = 0

  const equilibrium = (): number[] => target(honest.map(node => ({ key: node.key, input: node.input })), new Map(), { trim: options.trim })
  const initialSpread = spread(honest.map(node => node.input)) || 1

  let eq = equilibrium()
  const reached: Array<number | null> = THRESHOLDS.map(() => null)
  let maxSpread = 0
  let dormantValueKept = true
  let reconvergedIn: number | null = null

  /** `node` syncs from `peer` (an honest node or an adversary that serves a table) at `now` */
  const sync = (node: SimNode, peer: SimNode | Adversary, now: number): void => {
    const served = peer instanceof SimNode ? peer.serve() : peer.serve(now)

    if (served != null) {
      const { found, refused } = node.sync(served, peer.key, now)
      network.send(node.key, found)
      syncs.runs++
      syncs.refused += refused
    }
  }

  /**
   * Beacons: every node floods its table digest; a node that hears one
   * that differs from its own syncs from that peer (here: from the first
   * of a few random peers whose beacon arrived and differs). Adversaries
   * that serve tables announce a digest that always differs.
   */
  const beaconRound = (now: number): void => {
    const present = online()
    const digests = new Map(present.map(node => [node, node.digest()]))

    for (const node of present) {
      for (let i = 0; i < BEACON_TRIES; i++) {
        const peer = pick(random, present)

        if (peer !== node && network.arrives() && !equals(digests.get(peer) as Uint8Array, digests.get(node) as Uint8Array)) {
          sync(node, peer, now)
          break
        }
      }

      adversaries.filter(a => a.advertises && network.arrives()).forEach(adversary => { sync(node, adversary, now) })
    }
  }

  /** Every node hears the latest entropy packet of one random peer, if it is not lost */
  const exchangeEntropy = (): void => {
    const present = online()
    present.forEach(node => {
      const peer = pick(random, present)

      if (peer !== node && network.arrives()) {
        node.hearEntropy(peer.ownEntropy)
      }
    })
  }

  /** One tick of the whole swarm; returns the relative error after it */
  const tick = (cycle: number, expireEvery = EXPIRE_EVERY): number => {
    const now = T0 + cycle * options.intervalMs

    if (churned.length > 0 && cycle === options.leaveAt) {
      churned.forEach(node => { node.online = false })
    }

    if (churned.length > 0 && cycle === options.returnAt) {
      const stayed = online()
      churned.forEach(node => {
        node.online = true
        node.setInput(newInput())
        // a node that comes back fetches the table from a peer, as the node does on join
        sync(node, pick(random, stayed), now)
      })
      eq = equilibrium()
    }

    const listening = [...online().map(node => node.key), ...adversaries.map(a => a.key)]
    network.deliver(listening, (key, deliveries) => {
      const node = byKey.get(key)

      if (node instanceof SimNode) {
        network.send(node.key, node.receive(deliveries, now))
      } else {
        node?.receive(deliveries)
      }
    })

    if (cycle % ENTROPY_EVERY === 1) {
      exchangeEntropy()
    }

    if (cycle % expireEvery === 0) {
      online().forEach(node => node.engine.expire(now))
    }

    // the first beacons go out with the first cycle: a joining node syncs from whoever it hears first
    if (cycle % beaconEvery === 1) {
      beaconRound(now)
    }

    online().forEach(node => {
      const packets = node.tick(now)
      sdmsSent += packets.length
      network.send(node.key, packets)
    })
    adversaries.forEach(adversary => { adversary.tick(cycle, now).forEach(({ packets, to }) => { network.send(adversary.key, packets, to) }) })

    const states = online().map(node => node.state)
    const relative = error(states, eq) / initialSpread
    // twice the largest distance from one state bounds the spread: the O(n^2) spread only when it could set a new largest
    if (2 * error(states, states[0] ?? []) > maxSpread * initialSpread) {
      maxSpread = Math.max(maxSpread, spread(states) / initialSpread)
    }

    THRESHOLDS.forEach((threshold, i) => {
      if (reached[i] == null && relative <= threshold) {
        reached[i] = cycle
      }
    })

    if (churned.length > 0 && cycle === options.returnAt - 1) {
      // nobody heard the churned nodes for a while: their dormant entries must still count
      dormantValueKept = relative <= THRESHOLDS[0]
    }

    if (churned.length > 0 && cycle >= options.returnAt && reconvergedIn == null && relative <= THRESHOLDS[0]) {
      reconvergedIn = cycle - options.returnAt
    }

    if (onProgress != null && cycle % 20 === 0) {
      onProgress({ cycle, error: relative, spread: spread(states) / initialSpread })
    }

    return relative
  }

  let cycle = 0
  let relativeError = Infinity
  let settled = 0

  while (cycle < options.cycles) {
    cycle++
    relativeError = tick(cycle)
    settled = relativeError <= THRESHOLDS[1] ? settled + 1 : 0
    const churnDone = churned.length === 0 || cycle > options.returnAt
    // adversaries get two rounds of beacons (and the syncs they trigger) before the run may end
    const attacked = adversaries.length === 0 || cycle > 2 * beaconEvery

    if (options.settleCycles > 0 && churnDone && attacked && settled >= options.settleCycles) {
      break
    }
  }

  // the settled swarm, left running: what it still publishes once the last SDMs of converging went out (heartbeats)
  let quiet: SimResult['quiet']
  if (options.quietSeconds > 0) {
    const ticksOf = (seconds: number): number => Math.round(seconds * 1000 / options.intervalMs)
    let before = sdmsSent

    for (let i = 0; i < ticksOf(QUIET_SETTLE_SECONDS) + ticksOf(options.quietSeconds); i++) {
      before = i === ticksOf(QUIET_SETTLE_SECONDS) ? sdmsSent : before
      cycle++
      relativeError = tick(cycle, QUIET_EXPIRE_EVERY)
    }

    quiet = { seconds: options.quietSeconds, sdmsPerMinute: (sdmsSent - before) / (options.quietSeconds / 60) }
  }

  const present = online()
  const finalErrorAbsolute = error(present.map(node => node.state), eq)
  const end = T0 + cycle * options.intervalMs

  return {
    options,
    converged: relativeError <= THRESHOLDS[1],
    cycles: cycle,
    simSeconds: cycle * options.intervalMs / 1000,
    cyclesTo1e3: reached[0],
    cyclesTo1e6: reached[1],
    finalError: finalErrorAbsolute / initialSpread,
    finalErrorAbsolute,
    initialSpread,
    maxSpread,
    equilibrium: eq,
    quarantined: adversaries.filter(a => present.every(node => node.excludes(a.key, end))).length,
    adversaries: adversaries.length,
    recoveries: honest.reduce((sum, node) => sum + node.recoveries, 0),
    messages: { delivered: network.delivered, lost: network.lost },
    ...(quiet != null ? { quiet } : {}),
    syncs,
    ...(churned.length > 0 ? { churn: { nodes: churned.length, dormantValueKept, reconvergedIn } } : {}),
    seconds: (Date.now() - started) / 1000
  }
}
