import { CONVERGED_EPSILON, INTERVAL_GROWTH, MAX_INTERVAL_MS, MIN_INTERVAL_MS } from './constants.ts'
import { distance } from './vector.ts'
import type { Vector } from './vector.ts'

/** The largest distance between any two states (0 for fewer than two) */
export function spread (states: readonly Vector[]): number {
  let largest = 0

  for (let i = 0; i < states.length; i++) {
    for (let j = i + 1; j < states.length; j++) {
      largest = Math.max(largest, distance(states[i], states[j]))
    }
  }

  return largest
}

/** The largest distance of any state from the equilibrium (0 for none) */
export function error (states: readonly Vector[], equilibrium: Vector): number {
  let largest = 0

  for (const state of states) {
    largest = Math.max(largest, distance(state, equilibrium))
  }

  return largest
}

export interface IntervalOptions {
  /** the interval of the last cycle, ms */
  current: number
  /** this node's distance to its target */
  error: number
  /** what the error is measured against: the spread of the shard's inputs, say */
  scale: number
  /** error / scale under which the node counts as converged, default 1e-3 */
  epsilon?: number
  /** default 50 ms */
  min?: number
  /** default 10 s */
  max?: number
  /** growth per converged cycle, default 1.5 */
  growth?: number
}

/** Whether an error is small against its scale (a zero scale means any error is large but zero) */
export function isConverged (error: number, scale: number, epsilon = CONVERGED_EPSILON): boolean {
  return error <= epsilon * scale
}

/**
 * The next cycle interval: back to `min` while the node is far from its
 * target, stretching by `growth` per cycle toward `max` once converged
 */
export function adaptiveInterval (options: IntervalOptions): number {
  const min = options.min ?? MIN_INTERVAL_MS
  const max = options.max ?? MAX_INTERVAL_MS

  if (!isConverged(options.error, options.scale, options.epsilon)) {
    return min
  }

  return Math.min(max, Math.max(min, options.current * (options.growth ?? INTERVAL_GROWTH)))
}
