import { LOAD_SMOOTHING, PROBE_INTERVAL_MS } from './constants.ts'
import { createLoadScale } from './load-scale.ts'
import type { LoadMonitor } from './load-scale.ts'

/**
 * Browser: load from task timing. A probe task scheduled every
 * PROBE_INTERVAL_MS runs late by as long as the main thread was busy; the
 * lateness summed over a window is how long the thread was busy.
 */
export function createLoadMonitor (): LoadMonitor {
  const scale = createLoadScale(LOAD_SMOOTHING)
  let late = 0
  let since = performance.now()
  let due = since + PROBE_INTERVAL_MS
  let timer: ReturnType<typeof setTimeout> | undefined

  const probe = (): void => {
    const now = performance.now()
    late += Math.max(0, now - due)
    due = now + PROBE_INTERVAL_MS
    timer = setTimeout(probe, PROBE_INTERVAL_MS)
  }
  timer = setTimeout(probe, PROBE_INTERVAL_MS)

  return {
    load () {
      const now = performance.now()
      // a probe that is overdue right now counts too
      const overdue = Math.max(0, now - due)
      const load = scale(late + overdue, now - since)
      late = -overdue
      since = now

      return load
    },
    stop () {
      clearTimeout(timer)
    }
  }
}
