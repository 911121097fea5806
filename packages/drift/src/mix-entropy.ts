import { InvalidParametersError } from './errors.ts'
import { checkSameDimension, normalize } from './vector.ts'
import type { Vector } from './vector.ts'

/**
 * The entropy direction of a cycle (docs/cycle.md): the mean of the
 * entropy vectors received and the node's own (components in [0, 1)), minus
 * 0.5, normalised to a centred unit vector (zeros when it has no direction)
 *
 * @throws {InvalidParametersError} with no vector
 * @throws {DimensionMismatchError} with vectors of different k
 */
export function mixEntropy (vectors: readonly Vector[]): number[] {
  if (vectors.length === 0) {
    throw new InvalidParametersError('mixEntropy needs at least one vector')
  }

  const k = vectors[0].length
  const mean = new Array<number>(k).fill(0)

  for (const vector of vectors) {
    checkSameDimension(vectors[0], vector, 'entropy vectors')
    vector.forEach((value, i) => { mean[i] += value / vectors.length })
  }

  return normalize(mean.map(value => value - 0.5))
}
