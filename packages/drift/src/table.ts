import { DuplicateKeyError } from './errors.ts'
import { checkSameDimension } from './vector.ts'
import type { Vector } from './vector.ts'

/** A table entry as the drift core sees it */
export interface DriftEntry {
  /** entry key (from the origin's peer id), unique within a table */
  key: string
  /** the entry's input, k value units */
  input: Vector
}

/** Trust per entry key, in [0, 1] from the guard; a key that is missing has trust 1 */
export type TrustMap = ReadonlyMap<string, number>

/** An entry that counts, with its weight */
export interface WeightedEntry {
  key: string
  input: Vector
  weight: number
}

/** Orders by key, by UTF-16 code units: the same order in every engine */
export function byKey (a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

/**
 * The entries that count (finite trust > 0), with their weights, in a
 * canonical order (by key), so every replica adds them up in the same order.
 * Entries of no weight are left out before the dimension check: a
 * quarantined entry does not stop the shard.
 *
 * @throws {DuplicateKeyError} when two entries share a key
 * @throws {DimensionMismatchError} when weighted inputs differ in dimension
 */
export function weighted (table: readonly DriftEntry[], trust: TrustMap): WeightedEntry[] {
  const entries: WeightedEntry[] = []

  for (const entry of table) {
    const weight = trust.get(entry.key) ?? 1

    if (weight > 0 && Number.isFinite(weight)) {
      entries.push({ key: entry.key, input: entry.input, weight })
    }
  }

  entries.sort(byKey)

  for (let i = 0; i < entries.length; i++) {
    checkSameDimension(entries[0].input, entries[i].input, `input of entry ${entries[i].key}`)

    if (i > 0 && entries[i - 1].key === entries[i].key) {
      throw new DuplicateKeyError(`entry key ${entries[i].key} appears twice in the table`)
    }
  }

  return entries
}
