import { performance } from 'node:perf_hooks'
import { LOAD_SMOOTHING } from './constants.ts'
import { createLoadScale } from './load-scale.ts'
import type { LoadMonitor } from './load-scale.ts'

/**
 * Node: load from the event loop's utilisation, the share of time the loop
 * spent running callbacks rather than waiting for I/O. It is what the
 * event-loop delay would show, read straight from libuv: perf_hooks'
 * `monitorEventLoopDelay` histogram recorded no delay at all for a loop
 * blocked 150 ms on Node 22, so it is not used.
 */
export function createLoadMonitor (): LoadMonitor {
  const scale = createLoadScale(LOAD_SMOOTHING)
  let last = performance.eventLoopUtilization()

  return {
    load () {
      const now = performance.eventLoopUtilization()
      const window = performance.eventLoopUtilization(now, last)
      last = now

      return scale(window.active, window.active + window.idle)
    },
    stop () {
      // nothing runs between readings
    }
  }
}
