import { EmptyTableError, InvalidParametersError } from './errors.ts'
import { CompensatedSum } from './summation.ts'
import { byKey, weighted } from './table.ts'
import type { DriftEntry, TrustMap, WeightedEntry } from './table.ts'

export interface TargetOptions {
  /**
   * Drop the `trim` largest and `trim` smallest values per component before
   * averaging (W-MSR style), once at least 2 x trim + 3 entries have a
   * positive weight. A non-negative integer; default 0: the exact
   * trust-weighted mean.
   */
  trim?: number
}

/**
 * The shape of an equilibrium function: what the cycle calls once per shard.
 * `target` is the table mean; another way to compute the equilibrium
 * (docs/scale.md) would be another function of this shape.
 */
export type TargetFunction = (table: readonly DriftEntry[], trust?: TrustMap, options?: TargetOptions) => number[]

/** The entries kept for one component: all, or all but the `trim` lowest and highest values */
function kept (entries: WeightedEntry[], component: number, trim: number): WeightedEntry[] {
  if (trim === 0) {
    return entries
  }

  // ordered by value, ties (and -0 against 0) by key: a canonical order, so
  // every replica drops the same entries and adds the rest in the same order
  return [...entries]
    .sort((a, b) => (a.input[component] - b.input[component]) || byKey(a, b))
    .slice(trim, entries.length - trim)
}

/**
 * The equilibrium of a shard (docs/state.md): the trust-weighted mean of
 * the inputs, trimmed per component when asked. Deterministic to the bit and
 * independent of the table's order (entries are sorted by key, then added with
 * compensated summation), so replicas holding the same table compute the same
 * target.
 *
 * This is the one place the equilibrium is defined: another way to compute
 * it (docs/scale.md) would replace this function and nothing else.
 *
 * @throws {EmptyTableError} when no entry has a positive weight
 * @throws {DimensionMismatchError} when weighted inputs differ in dimension
 * @throws {DuplicateKeyError} when two entries share a key
 * @throws {InvalidParametersError} when `trim` is not a non-negative integer
 */
export function target (table: readonly DriftEntry[], trust: TrustMap = new Map(), options: TargetOptions = {}): number[] {
  const trim = options.trim ?? 0

  if (!Number.isSafeInteger(trim) || trim < 0) {
    throw new InvalidParametersError(`trim must be a non-negative integer, not ${trim}`)
  }

  const entries = weighted(table, trust)

  if (entries.length === 0) {
    throw new EmptyTableError('no entry with a positive weight: the target is undefined')
  }

  const drop = entries.length >= 2 * trim + 3 ? trim : 0

  return Array.from({ length: entries[0].input.length }, (_, component) => {
    const sum = new CompensatedSum()
    const weights = new CompensatedSum()

    for (const entry of kept(entries, component, drop)) {
      sum.add(entry.weight * entry.input[component])
      weights.add(entry.weight)
    }

    return sum.value() / weights.value()
  })
}
