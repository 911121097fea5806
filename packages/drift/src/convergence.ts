import { CONVERGED_EPSILON, INTERVAL_GROWTH, MAX_INTERVAL_MS, MIN_INTERVAL_MS, ROUNDING_ULPS } from './constants.ts'
import { distance, norm } from './vector.ts'
import type { Vector } from './vector.ts'

/** The largest distance between any two states (0 for fewer than two); O(n^2) */
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

/**
 * The distance to `target` under which floating point cannot bring a state
 * any nearer: a few ulps of the target (plus a few of the smallest double,
 * for a zero target)
 */
export function roundingFloor (target: Vector): number {
  return ROUNDING_ULPS * (Number.EPSILON * norm(target) + Number.MIN_VALUE)
}

/**
 * Whether an error is small: at most `epsilon x scale`, or at most `floor`
 * (an absolute tolerance such as `roundingFloor(target)`, default 0)
 */
export function isConverged (error: number, scale: number, epsilon = CONVERGED_EPSILON, floor = 0): boolean {
  return error <= Math.max(epsilon * scale, floor)
}

export interface IntervalOptions {
  /** the interval of the last cycle, ms */
  current: number
  /** the node's drift state */
  state: Vector
  /** its target this cycle */
  target: Vector
  /**
   * the size the error is judged against, e.g. the larger of the spread of
   * the shard's inputs and the error when the target last moved; with a zero
   * scale the node is converged only at the rounding floor of the target
   */
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

/**
 * The next cycle interval: back to `min` while the node is far from its
 * target, stretching by `growth` per cycle toward `max` once its error is
 * within `epsilon x scale`, or at the rounding floor of the target (so a
 * lone node, or a shard whose inputs all agree, does go quiet)
 */
export function adaptiveInterval (options: IntervalOptions): number {
  const min = options.min ?? MIN_INTERVAL_MS
  const max = options.max ?? MAX_INTERVAL_MS
  const current = Number.isFinite(options.current) ? options.current : min
  const converged = isConverged(distance(options.state, options.target), options.scale, options.epsilon, roundingFloor(options.target))

  if (!converged) {
    return min
  }

  return Math.min(max, Math.max(min, current * (options.growth ?? INTERVAL_GROWTH)))
}
