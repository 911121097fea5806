import { error, spread, target } from '@lvs/drift'
import { Adversary } from './adversary.ts'
import { THRESHOLDS, ENTROPY_EVERY } from './constants.ts'
import { HonestNode } from './honest-node.ts'
import { SimNetwork } from './network.ts'
import { resolveOptions } from './options.ts'
import { createRandom } from './prng.ts'
import type { AdversaryKind, SimOptions } from './options.ts'

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
  /** cycles run */
  cycles: number
  /** first cycle with every online honest node within 1e-3 of the initial spread of the equilibrium */
  cyclesTo1e3: number | null
  /** the same for 1e-6 */
  cyclesTo1e6: number | null
  /** at the end: largest distance of an honest node from the (trimmed) mean of the honest inputs, relative to the initial spread */
  finalError: number
  /** the same, in value units */
  finalErrorAbsolute: number
  initialSpread: number
  /** largest spread of the online honest nodes seen in any cycle, relative to the initial spread */
  maxSpread: number
  /** the honest equilibrium at the end, and what the nodes hold */
  equilibrium: number[]
  /** adversaries quarantined (table verdict or local) by every online honest node */
  quarantined: number
  adversaries: number
  /** times an honest node snapped to its target in recovery mode */
  recoveries: number
  messages: { delivered: number, lost: number }
  churn?: {
    nodes: number
    /** while they were away, the others' target stayed the equilibrium that counts their dormant entries */
    dormantValueKept: boolean
    /** cycles after their return until every honest node was within 1e-3 of the new equilibrium */
    reconvergedIn: number | null
  }
  seconds: number
}

function kindOf (attack: AdversaryKind, i: number): Exclude<AdversaryKind, 'mixed'> {
  const kinds = ['extreme', 'flip', 'replay', 'flood'] as const
  return attack === 'mixed' ? kinds[i % kinds.length] : attack
}

/**
 * Runs N in-process nodes with the real drift core and guard over a
 * simulated network (loss, fanout, churn, adversaries), from one seed
 */
export function simulate (partial: Partial<SimOptions> = {}, onProgress?: (progress: SimProgress) => void): SimResult {
  const started = Date.now()
  const options = resolveOptions(partial)
  const random = createRandom(options.seed)
  const network = new SimNetwork(random.fork(), options.loss, options.fanout)
  const config = { shardId: 'drift', dimension: options.dimension, trim: options.trim, retention: options.retention, intervalMs: options.intervalMs }
  const newInput = (): number[] => Array.from({ length: options.dimension }, () => random.range(0, options.inputRange))
  const honestCount = options.nodes - options.adversaries
  const honest = Array.from({ length: honestCount }, (_, i) => new HonestNode(`h${i}`, newInput(), config, random.fork()))
  const adversaries = Array.from({ length: options.adversaries }, (_, i) => new Adversary(`a${i}`, kindOf(options.attack, i), 'drift', options.dimension, random.fork()))
  const churned = options.churn > 0 ? honest.slice(0, Math.max(1, Math.round(options.churn * honestCount))) : []
  const byKey = new Map<string, HonestNode | Adversary>([...honest, ...adversaries].map(node => [node.key, node]))

  const equilibrium = (): number[] => target(honest.map(node => ({ key: node.key, input: node.input })), new Map(), { trim: options.trim })
  const online = (): HonestNode[] => honest.filter(node => node.online)
  const initialSpread = spread(honest.map(node => node.input)) || 1

  let eq = equilibrium()
  const reached: Array<number | null> = THRESHOLDS.map(() => null)
  let maxSpread = 0
  let dormantValueKept = true
  let reconvergedIn: number | null = null

  /** Every node hears the latest entropy packet of one random peer, if it is not lost */
  const exchangeEntropy = (): void => {
    const present = online()
    present.forEach(node => {
      const peer = present[random.int(present.length)]

      if (peer !== node && random.next() >= options.loss) {
        node.hearEntropy(peer.ownEntropy)
      }
    })
  }

  /** One cycle of the whole swarm; returns the relative error after it */
  const tick = (cycle: number): number => {
    if (churned.length > 0 && cycle === options.leaveAt) {
      churned.forEach(node => { node.online = false })
    }

    if (churned.length > 0 && cycle === options.returnAt) {
      churned.forEach(node => { node.online = true; node.setInput(newInput()) })
      eq = equilibrium()
    }

    const listening = [...online().map(node => node.key), ...adversaries.map(a => a.key)]
    network.deliver(listening, (key, deliveries) => {
      const node = byKey.get(key)

      if (node instanceof HonestNode) {
        node.receive(deliveries, cycle)
      } else {
        node?.receive(deliveries)
      }
    })

    if (cycle % ENTROPY_EVERY === 1) {
      exchangeEntropy()
    }

    online().forEach(node => { network.send(node.key, [node.cycle(cycle)]) })
    adversaries.forEach(adversary => { network.send(adversary.key, adversary.cycle(cycle)) })

    const states = online().map(node => node.state)
    const relative = error(states, eq) / initialSpread
    const relativeSpread = spread(states) / initialSpread
    maxSpread = Math.max(maxSpread, relativeSpread)

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

    if (cycle % 10 === 0) {
      onProgress?.({ cycle, error: relative, spread: relativeSpread })
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

    if (options.settleCycles > 0 && churnDone && settled >= options.settleCycles) {
      break
    }
  }

  const present = online()
  const finalErrorAbsolute = error(present.map(node => node.state), eq)

  return {
    options,
    converged: relativeError <= THRESHOLDS[1],
    cycles: cycle,
    cyclesTo1e3: reached[0],
    cyclesTo1e6: reached[1],
    finalError: finalErrorAbsolute / initialSpread,
    finalErrorAbsolute,
    initialSpread,
    maxSpread,
    equilibrium: eq,
    quarantined: adversaries.filter(a => present.every(node => node.quarantines(a.key, cycle))).length,
    adversaries: adversaries.length,
    recoveries: honest.reduce((sum, node) => sum + node.recoveries, 0),
    messages: { delivered: network.delivered, lost: network.lost },
    ...(churned.length > 0 ? { churn: { nodes: churned.length, dormantValueKept, reconvergedIn } } : {}),
    seconds: (Date.now() - started) / 1000
  }
}
