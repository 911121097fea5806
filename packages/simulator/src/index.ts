/**
 * @packageDocumentation
 *
 * The swarm simulator of LVS: N in-process nodes that each run the node's
 * own engine (`@lvs/engine`) over a simulated network with message loss,
 * limited fanout, churn and adversaries (including forged syncs,
 * equivocation, out-of-bounds inputs and Sybil identities), reproducible
 * from a seed. `npm run sim` is its command line.
 *
 * @example
 *
 * ```ts
 * import { simulate } from '@lvs/simulator'
 *
 * const result = await simulate({ nodes: 100, loss: 0.6, adversaries: 5, attack: 'sync-forge', seed: 7 })
 * result.converged   // true
 * result.cyclesTo1e6 // 50 ms ticks until every honest node is within 1e-6 of the equilibrium
 * ```
 */

export { simulate } from './simulate.ts'
export type { SimProgress, SimResult } from './simulate.ts'
export { resolveOptions, parseArguments, InvalidOptionError, ADVERSARY_KINDS } from './options.ts'
export type { SimOptions, AdversaryKind, CliArguments } from './options.ts'
export { createRandom } from './prng.ts'
export type { Random } from './prng.ts'
