import { LvsService } from './lvs-service.ts'
import { checkRuntime } from './runtime.ts'
import type { Lvs, LvsComponents } from './api.ts'
import type { LvsInit } from './types.ts'

/**
 * The LVS libp2p service: add it beside gossipsub (under any name) in any
 * libp2p 3 node
 *
 * @throws {UnsupportedRuntimeError} under a Node.js older than 22, naming the version needed
 */
export function lvs (init: LvsInit = {}): (components: LvsComponents) => Lvs {
  checkRuntime()
  return (components) => new LvsService(components, init)
}
