import { distance } from '@lvs/drift'
import type { Shard } from '@lvs/shards'

/**
 * Live entries of a table heard within `window` ms before `now` (all of
 * them without a window), the node's own (`self`) counted once whatever
 * its entry says
 */
export function countLive (shard: Shard, self: string, now = 0, window = Number.POSITIVE_INFINITY): number {
  let live = 1

  for (const entry of shard.entries.values()) {
    live += entry.status === 'live' && entry.key !== self && now - entry.lastSeen <= window ? 1 : 0
  }

  return live
}

/**
 * The largest distance from the node's state to a live entry's state:
 * between half the states' diameter and all of it, in O(N) (the diameter
 * itself is O(N^2), 500,000 distances a cycle in a shard of 1,000)
 */
export function liveSpread (shard: Shard, self: string): number {
  let largest = 0

  for (const entry of shard.entries.values()) {
    if (entry.status === 'live' && entry.key !== self) {
      largest = Math.max(largest, distance(shard.state, entry.state))
    }
  }

  return largest
}
