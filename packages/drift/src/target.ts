import { EmptyTableError } from './errors.ts'
import { CompensatedSum } from './summation.ts'
import { checkSameDimension } from './vector.ts'
import type { Vector } from './vector.ts'

/** A table entry as the drift core sees it */
export interface DriftEntry {
  /** entry key (from the origin's peer id) */
  key: string
  /** the entry's input, k value units */
  input: Vector
}

/** Trust per entry key in [0, 1]; a key that is missing has trust 1 */
export type TrustMap = ReadonlyMap<string, number>

export interface TargetOptions {
  /**
   * Drop the `trim` largest and `trim` smallest values per component before
   * averaging (W-MSR style), once at least 2 x trim + 3 entries have a
   * positive weight. Default 0: the exact trust-weighted mean.
   */
  trim?: number
}

interface Weighted {
  key: string
  input: Vector
  weight: number
}

function byKey (a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

/**
 * The entries that count, with their weights, in a canonical order (by key),
 * so every replica adds them up in the same order
 */
function weighted (table: readonly DriftEntry[], trust: TrustMap): Weighted[] {
  const entries: Weighted[] = []

  for (const entry of table) {
    const weight = trust.get(entry.key) ?? 1

    if (weight > 0 && Number.isFinite(weight)) {
      entries.push({ key: entry.key, input: entry.input, weight })
    }
  }

  if (entries.length > 0) {
    entries.forEach(entry => { checkSameDimension(entries[0].input, entry.input, `input of entry ${entry.key}`) })
  }

  return entries.sort(byKey)
}

/**
 * The equilibrium of a shard (DESIGN.md section 2): the trust-weighted mean of
 * the inputs, trimmed per component when asked. Deterministic to the bit and
 * independent of the table's order, so replicas holding the same table
 * compute the same target.
 *
 * This is the one place the equilibrium is defined: neighbour aggregation
 * (DESIGN.md section 9) would replace this function and nothing else.
 *
 * @throws {EmptyTableError} when no entry has a positive weight
 * @throws {DimensionMismatchError} when inputs differ in dimension
 */
export function target (table: readonly DriftEntry[], trust: TrustMap = new Map(), options: TargetOptions = {}): number[] {
  const entries = weighted(table, trust)

  if (entries.length === 0) {
    throw new EmptyTableError('no entry with a positive weight: the target is undefined')
  }

  const trim = options.trim ?? 0
  const trimming = trim > 0 && entries.length >= 2 * trim + 3
  const k = entries[0].input.length

  return Array.from({ length: k }, (_, component) => {
    let kept = entries

    if (trimming) {
      // ties broken by key: the same entries are dropped everywhere
      kept = [...entries]
        .sort((a, b) => (a.input[component] - b.input[component]) || byKey(a, b))
        .slice(trim, entries.length - trim)
        .sort(byKey)
    }

    const sum = new CompensatedSum()
    const weights = new CompensatedSum()

    for (const entry of kept) {
      sum.add(entry.weight * entry.input[component])
      weights.add(entry.weight)
    }

    return sum.value() / weights.value()
  })
}

export interface TableSummary {
  /** the trust-weighted sum of the inputs, per component */
  total: number[]
  /** entries with a positive weight */
  count: number
  /** the sum of their weights */
  weight: number
}

/**
 * The shard's total (trust-weighted sum of inputs) and count (DESIGN.md
 * section 2); with full trust, total = count x the untrimmed target
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
