import { createLoadMonitor } from './load.ts'
import type { LoadMonitor } from './load-scale.ts'

let shared: LoadMonitor | undefined

/**
 * This process's load in [0, 1] since the previous call: event-loop delay in
 * Node, task timing in the browser. The first call starts a monitor that
 * runs for the life of the process and returns 0; use
 * `createLoadMonitor()` for one you can stop.
 */
export function calculateLoad (): number {
  shared ??= createLoadMonitor()

  return shared.load()
}
