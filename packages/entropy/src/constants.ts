/**
 * How often the browser monitor schedules a probe task (ms). Fine enough to
 * see a 50 ms drift cycle being late, coarse enough to cost nothing.
 */
export const PROBE_INTERVAL_MS = 50

/**
 * Weight of the newest window in the load's moving average: about the last
 * five readings count
 */
export const LOAD_SMOOTHING = 0.2
