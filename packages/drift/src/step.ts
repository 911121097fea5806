import { DEFAULT_ALPHA, DEFAULT_BETA } from './constants.ts'
import { checkSameDimension, norm } from './vector.ts'
import type { Vector } from './vector.ts'

export interface Coefficients {
  /** entropy coefficient, default 0.05 */
  alpha?: number
  /** peer-pull coefficient, default 0.3 */
  beta?: number
}

/**
 * The drift of one cycle (docs/cycle.md):
 * `D = beta x err + alpha x |err| x e` with `err = target - state` and `e`
 * the entropy direction (length <= 1, as `mixEntropy` gives). The error
 * after the step is `(1 - beta) err - alpha |err| e`, so it shrinks to at
 * most `contraction(coefficients)` of itself and the push vanishes at the
 * equilibrium. Clamping the step is the guard's job, not this one's.
 *
 * @throws {DimensionMismatchError} when state, target and entropy differ in dimension
 */
export function step (state: Vector, target: Vector, entropy: Vector, coefficients: Coefficients = {}): number[] {
  const alpha = coefficients.alpha ?? DEFAULT_ALPHA
  const beta = coefficients.beta ?? DEFAULT_BETA
  checkSameDimension(state, target, 'step state and target')
  checkSameDimension(state, entropy, 'step state and entropy')

  const error = state.map((value, i) => target[i] - value)
  const size = norm(error)

  return error.map((value, i) => beta * value + alpha * size * entropy[i])
}

/**
 * The worst-case factor by which one step shrinks the error, for any
 * entropy direction of length <= 1: `|1 - beta| + alpha`. Below 1 means the
 * cycle converges; with `alpha < beta < 1 - alpha` it also never overshoots.
 * Defaults: 1 - 0.3 + 0.05 = 0.75.
 */
export function contraction (coefficients: Coefficients = {}): number {
  return Math.abs(1 - (coefficients.beta ?? DEFAULT_BETA)) + (coefficients.alpha ?? DEFAULT_ALPHA)
}
