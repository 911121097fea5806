/** The median of a list of numbers (mean of the middle two for an even count, NaN for none) */
export function median (values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN
  }

  const sorted = Float64Array.from(values).sort()
  const middle = sorted.length >> 1

  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The median absolute deviation from the median (or from `centre`) */
export function mad (values: readonly number[], centre = median(values)): number {
  return median(values.map(value => Math.abs(value - centre)))
}

export interface RobustScale {
  /** component-wise median */
  centre: number[]
  /** component-wise MAD, floored so it is never 0 */
  scale: number[]
}

/**
 * Component-wise robust centre and scale of a set of k-vectors (all of
 * length k). The scale of component j is its MAD, floored at
 * `relativeFloor x |centre_j|` and at `absoluteFloor`, so a table whose
 * inputs are mostly equal (MAD 0) does not make every small difference
 * infinitely anomalous.
 */
export function robustScale (vectors: ReadonlyArray<readonly number[]>, relativeFloor: number, absoluteFloor: number): RobustScale {
  const k = vectors[0]?.length ?? 0
  const centre: number[] = []
  const scale: number[] = []

  for (let j = 0; j < k; j++) {
    const column = vectors.map(vector => vector[j])
    const c = median(column)
    centre.push(c)
    scale.push(Math.max(mad(column, c), relativeFloor * Math.abs(c), absoluteFloor))
  }

  return { centre, scale }
}
