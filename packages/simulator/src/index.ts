/**
 * @packageDocumentation
 *
 * The swarm simulator of LVS: N in-process nodes that run the real drift
 * core (`@lvs/drift`) and guard (`@lvs/vaultguard`) over a simulated network
 * with message loss, limited fanout, churn and adversaries, reproducible
 * from a seed. `npm run sim` is its command line.
 *
 * @example
 *
 * ```ts
 * import { simulate } from '@lvs/simulator'
 *
 * const result = simulate({ nodes: 100, loss: 0.6, adversaries: 5, seed: 7 })
 * result.converged   // true
 * result.cyclesTo1e6 // cycles until every honest node is within 1e-6 of the equilibrium
 * ```
 */

export { simulate } from './simulate.ts'
export type { SimProgress, SimResult } from './simulate.ts'
export { resolveOptions, parseArguments, InvalidOptionError, ADVERSARY_KINDS } from './options.ts'
export type { SimOptions, AdversaryKind, CliArguments } from './options.ts'
export { createRandom } from './prng.ts'
export type { Random } from './prng.ts'
