/** A least-squares line through (x, y) points: its slope and the slope's standard error */
export interface Trend {
  slope: number
  stderr: number
  points: number
}

export function fitTrend (points: ReadonlyArray<{ x: number, y: number }>): Trend {
  const n = points.length

  if (n < 3) {
    return { slope: 0, stderr: Number.POSITIVE_INFINITY, points: n }
  }

  const mx = points.reduce((sum, p) => sum + p.x, 0) / n
  const my = points.reduce((sum, p) => sum + p.y, 0) / n
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0)
  const slope = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0) / sxx
  const intercept = my - slope * mx
  const residual = points.reduce((sum, p) => sum + (p.y - intercept - slope * p.x) ** 2, 0)

  return { slope, stderr: Math.sqrt(residual / (n - 2) / sxx), points: n }
}

/**
 * Whether a series keeps growing: its slope after warm-up is above
 * `threshold` by more than twice its standard error (the noise of a
 * garbage-collected heap makes a short run's slope uncertain; a real leak
 * stays above the threshold however noisy)
 */
export function keepsGrowing (trend: Trend, threshold: number): boolean {
  return trend.points >= 3 && trend.slope - 2 * trend.stderr > threshold
}
