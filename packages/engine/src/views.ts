import { entryHash, tableDigest } from '@lvs/shards'
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

/**
 * The digest of what decides a shard's equilibrium: each entry's key and
 * input, and each key the evidence held condemns. Cycle ids stay out
 * (every heartbeat changes them, so replicas that agree on every input
 * would still differ most of the time)
 */
export function inputDigest (shard: Shard): Uint8Array {
  const hashes = new Map<string, Uint8Array>()

  for (const entry of shard.entries.values()) {
    hashes.set(entry.key, entryHash({ key: entry.key, cycleId: 0, input: entry.input }))
  }

  for (const key of shard.evidence.keys()) {
    // a condemned key hashes alike whatever its entry says: replicas agree once they hold the evidence
    hashes.set(key, entryHash({ key, cycleId: -1, input: [] }))
  }

  return tableDigest(hashes)
}
