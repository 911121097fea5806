import { DimensionMismatchError } from './errors.ts'

/** A point or direction in a shard's k-dimensional state space */
export type Vector = readonly number[]

export function checkSameDimension (a: Vector, b: Vector, what: string): void {
  if (a.length !== b.length) {
    throw new DimensionMismatchError(`${what}: dimensions ${a.length} and ${b.length} differ`)
  }
}

/** Euclidean length */
export function norm (v: Vector): number {
  let sum = 0

  for (const value of v) {
    sum += value * value
  }

  return Math.sqrt(sum)
}

/** Euclidean distance */
export function distance (a: Vector, b: Vector): number {
  checkSameDimension(a, b, 'distance')
  let sum = 0

  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i]
    sum += d * d
  }

  return Math.sqrt(sum)
}

/** x + D: the state after a drift step */
export function apply (state: Vector, drift: Vector): number[] {
  checkSameDimension(state, drift, 'apply')

  return state.map((value, i) => value + drift[i])
}

/**
 * The vector centred on its own mean and scaled to unit length. A vector
 * with no spread (all components equal, or k = 1) has no direction and
 * gives all zeros, never NaN.
 */
export function normalize (e: Vector): number[] {
  const mean = e.reduce((sum, value) => sum + value, 0) / e.length
  const centred = e.map(value => value - mean)
  const length = norm(centred)

  if (!(length > 1e-12)) {
    return centred.map(() => 0)
  }

  return centred.map(value => value / length)
}
