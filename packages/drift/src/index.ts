/**
 * @packageDocumentation
 *
 * The drift core of LVS (docs/state.md and docs/cycle.md): the pure
 * arithmetic of one drift cycle. No I/O, no clock, no randomness of its own: the table,
 * the trust, the entropy and the time all come in as arguments, so the live
 * node and the simulator run the very same code and a run is reproducible.
 *
 * @example
 *
 * ```ts
 * import { target, step, apply, mixEntropy, adaptiveInterval } from '@lvs/drift'
 *
 * const table = [{ key: 'a', input: [5, 1] }, { key: 'b', input: [-2, -3] }]
 * const t = target(table, new Map())            // [1.5, -1]
 * const e = mixEntropy([[0.2, 0.9], [0.6, 0.4]]) // unit, zero-mean direction
 * let x = [5, 1]
 * x = apply(x, step(x, t, e))                   // 30 % closer, give or take the entropy push
 *
 * // the next cycle in 50 ms while far, up to 10 s once converged
 * const next = adaptiveInterval({ current: 50, state: x, target: t, scale: 7 })
 * ```
 */

export { DEFAULT_ALPHA, DEFAULT_BETA, MIN_INTERVAL_MS, MAX_INTERVAL_MS, INTERVAL_GROWTH, CONVERGED_EPSILON, NORMALIZE_TOLERANCE, ROUNDING_ULPS } from './constants.ts'
export { DimensionMismatchError, DuplicateKeyError, EmptyTableError, InvalidParametersError } from './errors.ts'
export type { DriftEntry, TrustMap } from './table.ts'
export { target } from './target.ts'
export type { TargetOptions, TargetFunction } from './target.ts'
export { summary } from './summary.ts'
export type { TableSummary } from './summary.ts'
export { step, contraction } from './step.ts'
export type { Coefficients } from './step.ts'
export { mixEntropy } from './mix-entropy.ts'
export { apply, distance, norm, normalize } from './vector.ts'
export type { Vector } from './vector.ts'
export { spread, error, isConverged, roundingFloor, adaptiveInterval } from './convergence.ts'
export type { IntervalOptions } from './convergence.ts'
export { CompensatedSum } from './summation.ts'
