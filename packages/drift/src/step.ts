import { DEFAULT_ALPHA, DEFAULT_BETA } from './constants.ts'
import { DimensionMismatchError } from './errors.ts'
import { checkSameDimension, norm, normalize } from './vector.ts'
import type { Vector } from './vector.ts'

export interface Coefficients {
  /** entropy coefficient, default 0.05 */
  alpha?: number
  /** peer-pull coefficient, default 0.3 */
  beta?: number
}

/**
 * The drift of one cycle (DESIGN.md section 3):
 * `D = beta x err + alpha x |err| x e` with `err = target - state` and `e`
 * the unit entropy direction. The pull shrinks the error by beta; the push
 * is at most alpha x |err| long, so the error shrinks by at least
 * (1 - beta + alpha) each cycle and the push vanishes at the equilibrium.
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
 * The entropy direction of a cycle: the mean of the entropy vectors received
 * and the node's own (components in [0, 1)), minus 0.5, normalised to a
 * centred unit vector
 *
 * @throws {DimensionMismatchError} with no vector or vectors of different k
 */
export function mixEntropy (vectors: readonly Vector[]): number[] {
  if (vectors.length === 0) {
    throw new DimensionMismatchError('mixEntropy needs at least one vector')
  }

  const k = vectors[0].length
  const mean = new Array<number>(k).fill(0)

  for (const vector of vectors) {
    checkSameDimension(vectors[0], vector, 'entropy vectors')
    vector.forEach((value, i) => { mean[i] += value / vectors.length })
  }

  return normalize(mean.map(value => value - 0.5))
}
