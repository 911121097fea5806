import type { TableView } from './types.ts'
import type { Shard } from '@lvs/shards'

/** The table as `table()` shows it: each entry with its status and weight in the equilibrium */
export function tableView (shard: Shard, weights: ReadonlyMap<string, number>): TableView[] {
  return [...shard.entries.values()].map(entry => {
    const weight = weights.get(entry.key) ?? 0
    const status = shard.evidence.has(entry.key) || weight === 0 ? 'quarantined' : entry.status

    return { key: entry.key, input: [...entry.input], state: [...entry.state], cycleId: entry.cycleId, lastSeen: entry.lastSeen, status, weight }
  })
}
