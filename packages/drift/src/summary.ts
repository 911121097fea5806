import { CompensatedSum } from './summation.ts'
import { weighted } from './table.ts'
import type { DriftEntry, TrustMap } from './table.ts'

export interface TableSummary {
  /** the trust-weighted sum of the inputs, per component (empty for an empty table) */
  total: number[]
  /** entries with a positive weight */
  count: number
  /** the sum of their weights */
  weight: number
}

/**
 * The shard's total (trust-weighted sum of inputs) and count
 * (docs/state.md), in the same canonical order as `target`, so replicas
 * agree to the bit; with full trust, total = count x the untrimmed target.
 * Which entries are live or dormant is the caller's choice of `table`.
 *
 * @throws {DimensionMismatchError} when weighted inputs differ in dimension
 * @throws {DuplicateKeyError} when two entries share a key
 */
export function summary (table: readonly DriftEntry[], trust: TrustMap = new Map()): TableSummary {
  const entries = weighted(table, trust)
  const k = entries[0]?.input.length ?? 0
  const weight = new CompensatedSum()
  entries.forEach(entry => { weight.add(entry.weight) })

  return {
    total: Array.from({ length: k }, (_, component) => {
      const sum = new CompensatedSum()
      entries.forEach(entry => { sum.add(entry.weight * entry.input[component]) })
      return sum.value()
    }),
    count: entries.length,
    weight: weight.value()
  }
}
