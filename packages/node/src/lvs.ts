import { LvsService } from './lvs-service.ts'
import type { Lvs, LvsComponents } from './api.ts'
import type { LvsInit } from './types.ts'

/**
 * The LVS libp2p service: add it beside gossipsub (named `pubsub`) in any
 * libp2p 3 node
 */
export function lvs (init: LvsInit = {}): (components: LvsComponents) => Lvs {
  return (components) => new LvsService(components, init)
}
