/**
 * @packageDocumentation
 *
 * The drift core of LVS (DESIGN.md sections 2 and 3): the pure arithmetic of
 * one drift cycle. No I/O, no clock, no randomness of its own: the table,
 * the trust, the entropy and the time all come in as arguments, so the live
 * node and the simulator run the very same code and a run is reproducible.
 *
 * @example
 *
 * ```ts
 * import { target, step, apply, mixEntropy } from '@lvs/drift'
 *
 * const table = [{ key: 'a', input: [5, 1] }, { key: 'b', input: [-2, -3] }]
 * const t = target(table, new Map())            // [1.5, -1]
 * const e = mixEntropy([[0.2, 0.9], [0.6, 0.4]]) // unit, zero-mean direction
 * let x = [5, 1]
 * x = apply(x, step(x, t, e))                   // 30 % closer, give or take the entropy push
 * ```
 */

export { DEFAULT_ALPHA, DEFAULT_BETA, MIN_INTERVAL_MS, MAX_INTERVAL_MS, INTERVAL_GROWTH, CONVERGED_EPSILON } from './constants.ts'
export { DimensionMismatchError, EmptyTableError } from './errors.ts'
export { target, summary } from './target.ts'
export type { DriftEntry, TrustMap, TargetOptions, TableSummary } from './target.ts'
export { step, mixEntropy } from './step.ts'
export type { Coefficients } from './step.ts'
export { apply, distance, norm, normalize } from './vector.ts'
export type { Vector } from './vector.ts'
export { spread, error, isConverged, adaptiveInterval } from './convergence.ts'
export type { IntervalOptions } from './convergence.ts'
export { CompensatedSum } from './summation.ts'
