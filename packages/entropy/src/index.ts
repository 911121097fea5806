/**
 * @packageDocumentation
 *
 * The entropy engine of LVS: random k-vectors from the platform's
 * cryptographic RNG, their normalisation into a centred unit direction,
 * the node's load, and entropy packets (EP) built from both.
 *
 * The same code runs in Node and in the browser; only the load monitor
 * differs (event-loop delay in Node, task timing in the browser), swapped
 * in through the package.json `browser` map.
 *
 * @example
 *
 * ```ts
 * import { createEntropyPacket, normalizeEntropy } from '@lvs/entropy'
 * import { encodeEntropyPacket } from '@lvs/codec'
 *
 * const ep = createEntropyPacket(2)   // { entropyVector: [0.13, 0.87], nodeLoad: 0, timestamp: ... }
 * const bytes = encodeEntropyPacket(ep)
 * normalizeEntropy(ep.entropyVector) // [-0.707..., 0.707...]: centred, unit length
 * ```
 */

export { generateEntropy, InvalidDimensionError } from './generate.ts'
export { normalizeEntropy } from './normalize.ts'
export { createLoadMonitor } from './load.ts'
export { calculateLoad } from './shared-load.ts'
export { createEntropyPacket } from './packet.ts'
export type { LoadMonitor } from './load-scale.ts'
export type { EntropyPacketOptions } from './packet.ts'
