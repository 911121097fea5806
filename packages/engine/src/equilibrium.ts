import { summary, target } from '@lvs/drift'
import { assess } from '@lvs/vaultguard'
import type { Entry, Shard } from '@lvs/shards'

/** What a table and the evidence held make of a shard, the same on every replica that holds them */
export interface Equilibrium {
  /** the trust-weighted (and, with `trim`, trimmed) mean of the counted inputs */
  target: number[]
  /** trust-weighted sum of the counted inputs */
  total: number[]
  /** entries with a weight above 0 */
  count: number
  /** diameter of the bounding box of the counted inputs: the shard's scale */
  scale: number
  /** per component robust scale (MAD) of the table's inputs, for the ledger's jump rule; none below 5 entries */
  robust?: number[]
  /** weight of each entry key, 0 for a condemned or quarantined one */
  weights: Map<string, number>
}

/**
 * The equilibrium of a shard: every entry of the table (the node's own
 * with its current input, which peers learn at its next SDM), judged by
 * `assess` against the evidence held (a condemned key weighs 0) and
 * averaged by the drift core. Pure: replicas with the same table and
 * evidence compute bit-identical results (docs/state.md, agreement rule).
 * `sorted`: the table's entries in key order, when the caller keeps them so
 */
export function equilibrium (shard: Shard, self: string, trim: number, sorted: readonly Entry[] = [...shard.entries.values()]): Equilibrium {
  // in key order (the drift core and the guard sort by key: a sorted table costs them one pass)
  const table = sorted.filter(entry => entry.key !== self).map(entry => ({ key: entry.key, input: entry.input }))
  const at = table.findIndex(entry => entry.key > self)
  table.splice(at === -1 ? table.length : at, 0, { key: self, input: shard.input })

  const { entries, robust } = assess(table, shard.evidence)
  const weights = new Map<string, number>()
  const inputs = table.map(entry => {
    const verdict = entries.get(entry.key)
    weights.set(entry.key, verdict?.weight ?? 1)
    return { key: entry.key, input: verdict?.input ?? entry.input }
  })
  const counted = inputs.filter(entry => (weights.get(entry.key) ?? 0) > 0)

  if (counted.length === 0) {
    // every entry condemned, this node's own included: stand where it is
    return { target: [...shard.state], total: shard.state.map(() => 0), count: 0, scale: 0, weights }
  }

  const goal = target(counted, weights, { trim })
  const { total, count } = summary(counted, weights)
  const scale = Math.hypot(...goal.map((_, j) => {
    const column = counted.map(entry => entry.input[j])
    return Math.max(...column) - Math.min(...column)
  }))

  return { target: goal, total, count, scale, ...(robust == null ? {} : { robust: robust.scale }), weights }
}
