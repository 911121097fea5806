/**
 * The entropy direction of DESIGN.md section 3: the vector centred on its
 * own mean and scaled to unit length. A vector with no spread (all equal
 * components, or k = 1) has no direction and gives all zeros, never NaN.
 */
export function normalizeEntropy (e: readonly number[]): number[] {
  const mean = e.reduce((sum, value) => sum + value, 0) / e.length
  const centred = e.map(value => value - mean)
  const length = Math.hypot(...centred)

  if (!(length > 1e-12)) {
    return centred.map(() => 0)
  }

  return centred.map(value => value / length)
}
