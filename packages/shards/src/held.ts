import type { Entry, Shard } from './shard.ts'
import type { ExpireResult } from './store.ts'

/** A shard as the store holds it, with what it keeps to answer quickly */
export interface Held {
  shard: Shard
  /** entry hashes for the digest, computed when a digest is asked for; merge drops a key's */
  hashes: Map<string, Uint8Array>
  /** the digest over `hashes`, kept until one of them changes (a swarm asks for it every beacon) */
  root?: Uint8Array
  /** the keys in order, for paging; dropped when a key goes, kept when one comes */
  sorted?: string[]
  /** changes to the shard since it was loaded (entries, evidence, own values): what persistence watches */
  changes: number
}

export const byKey = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

/** Puts a new key into the kept key order (binary search), if one is kept */
export function insertSorted (held: Held, key: string): void {
  const keys = held.sorted

  if (keys == null) {
    return
  }

  let low = 0
  let high = keys.length

  while (low < high) {
    const middle = (low + high) >> 1

    if (keys[middle] < key) {
      low = middle + 1
    } else {
      high = middle
    }
  }

  keys.splice(low, 0, key)
}

/** Whether two entries of one key and cycle id say the same thing */
export function sameEntry (a: Entry, b: Entry): boolean {
  const same = (x: number[], y: number[]): boolean => x.length === y.length && x.every((value, j) => value === y[j])
  return same(a.input, b.input) && same(a.state, b.state) && a.driftWeight === b.driftWeight
}

/** Index of the first key after `after` in sorted `keys` (binary search); 0 for an empty `after` */
export function firstAfter (keys: readonly string[], after: string): number {
  let low = 0
  let high = keys.length

  if (after === '') {
    return 0
  }

  while (low < high) {
    const middle = (low + high) >> 1

    if (keys[middle] <= after) {
      low = middle + 1
    } else {
      high = middle
    }
  }

  return low
}

/**
 * Turns a shard's entries unheard for `liveTimeout` (the shard's, unless
 * the caller stretched it) dormant, drops those unheard for `liveTimeout +
 * retention` (a leaving entry, dormant when heard: for `retention`), and drops evidence that has outlived its offender's entry by
 * the retention time; adds what changed to `result`
 */
export function expireHeld (held: Held, now: number, result: ExpireResult, liveTimeout = held.shard.config.liveTimeout): void {
  const { retention } = held.shard.config

  for (const [key, entry] of held.shard.entries) {
    const silent = now - entry.lastSeen
    // a leaving entry was dormant when heard: its retention started then
    const dormant = entry.leaving === true || silent > liveTimeout

    if (silent > (entry.leaving === true ? 0 : liveTimeout) + retention) {
      held.shard.entries.delete(key)
      held.hashes.delete(key)
      held.root = undefined
      held.sorted = undefined
      held.changes++
      result.removed.push(key)
    } else if (dormant && entry.status === 'live') {
      entry.status = 'dormant'
      result.dormant.push(key)
    } else if (!dormant && entry.status === 'dormant') {
      entry.status = 'live'
    }
  }

  // evidence outlives its offender's entry by the retention time, then goes
  for (const [key, item] of held.shard.evidence) {
    if (!held.shard.entries.has(key) && now - item.at > liveTimeout + retention) {
      held.changes++
      held.shard.evidence.delete(key)
    }
  }
}
