/** Measures how busy this node is */
export interface LoadMonitor {
  /**
   * The node's load in [0, 1] since the previous call, smoothed: the share
   * of the time the event loop was too busy to run a timer when it was due
   * (0 idle, 1 saturated)
   */
  load(): number
  /** Stops measuring */
  stop(): void
}

/**
 * Turns the time timers spent waiting past their due time during a window
 * into a load in [0, 1], and smooths it with a moving average
 */
export function createLoadScale (smoothing: number): (lateMs: number, windowMs: number) => number {
  let smoothed: number | undefined

  return (lateMs, windowMs) => {
    const load = Number.isFinite(lateMs) && lateMs > 0 && windowMs > 0 ? Math.min(1, lateMs / windowMs) : 0
    smoothed = smoothed == null ? load : smoothed + smoothing * (load - smoothed)

    return smoothed
  }
}
