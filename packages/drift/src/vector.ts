import { NORMALIZE_TOLERANCE } from './constants.ts'
import { DimensionMismatchError } from './errors.ts'

/** A point or direction in a shard's k-dimensional state space */
export type Vector = readonly number[]

export function checkSameDimension (a: Vector, b: Vector, what: string): void {
  if (a.length !== b.length) {
    throw new DimensionMismatchError(`${what}: dimensions ${a.length} and ${b.length} differ`)
  }
}

/**
 * Length of the vector whose components `at(i)` gives: scaled by the
 * largest component first, so squares of tiny components do not underflow
 * into subnormals (losing their bits) and squares of huge ones do not
 * overflow
 */
function length (k: number, at: (i: number) => number): number {
  let largest = 0

  for (let i = 0; i < k; i++) {
    largest = Math.max(largest, Math.abs(at(i)))
  }

  if (largest === 0 || !Number.isFinite(largest)) {
    return largest
  }

  let sum = 0

  for (let i = 0; i < k; i++) {
    const scaled = at(i) / largest
    sum += scaled * scaled
  }

  return largest * Math.sqrt(sum)
}

/** Euclidean length */
export function norm (v: Vector): number {
  return length(v.length, i => v[i])
}

/** Euclidean distance */
export function distance (a: Vector, b: Vector): number {
  checkSameDimension(a, b, 'distance')

  return length(a.length, i => a[i] - b[i])
}

/** x + D: the state after a drift step */
export function apply (state: Vector, drift: Vector): number[] {
  checkSameDimension(state, drift, 'apply')

  return state.map((value, i) => value + drift[i])
}

/** The vector minus the mean of its components (each divided first, so the sum cannot overflow) */
function centre (v: readonly number[]): number[] {
  const mean = v.reduce((sum, value) => sum + value / v.length, 0)

  return v.map(value => value - mean)
}

/**
 * The vector centred on its own mean and scaled to unit length. A vector
 * with no spread (all components equal, or k = 1), or a spread below
 * `NORMALIZE_TOLERANCE` of its largest component, has no direction and gives
 * all zeros; so does a vector with a non-finite component. Never NaN.
 *
 * Centred twice (corrected two-pass: the second pass removes what rounding
 * left of the mean, so nearly equal components still give a zero-mean
 * result), and scaled by an exact power of two at the extremes of the double
 * range, so huge components do not overflow nor subnormal ones lose bits.
 */
export function normalize (e: Vector): number[] {
  const zeros = e.map(() => 0)
  let largest = 0

  for (const value of e) {
    if (!Number.isFinite(value)) {
      return zeros
    }

    largest = Math.max(largest, Math.abs(value))
  }

  const factor = largest > 2 ** 1000 ? 2 ** -64 : largest < 2 ** -900 ? 2 ** 600 : 1
  const centred = centre(centre(factor === 1 ? e : e.map(value => value * factor)))
  let spread = 0

  for (const value of centred) {
    spread = Math.max(spread, Math.abs(value))
  }

  if (!(spread > NORMALIZE_TOLERANCE * largest * factor)) {
    return zeros
  }

  // divided by the largest first, so the squares neither overflow nor underflow
  const unit = centred.map(value => value / spread)
  const length = norm(unit)

  return unit.map(value => value / length)
}
