import { merkleRoot } from '@lvs/vaultguard'
import { sha3_256 as sha3 } from '@noble/hashes/sha3.js'
import { fromString } from 'uint8arrays/from-string'
import type { Entry } from './shard.ts'

/**
 * Hash of what every replica holds alike of an entry: its key, cycle id and
 * input (exact doubles). The cycle id names the SDM, so two replicas with
 * the same latest SDM of each origin hash alike; state (float32 on the
 * wire), last seen and status are each replica's own view and stay out.
 */
export function entryHash (entry: Pick<Entry, 'key' | 'cycleId' | 'input'>): Uint8Array {
  const key = fromString(entry.key)
  const bytes = new Uint8Array(4 + key.byteLength + 8 + 8 * entry.input.length)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, key.byteLength)
  bytes.set(key, 4)
  let offset = 4 + key.byteLength
  view.setFloat64(offset, entry.cycleId)
  offset += 8

  for (const value of entry.input) {
    view.setFloat64(offset, value)
    offset += 8
  }

  return sha3(bytes)
}

/** Root of a hash tree over the entries' hashes in key order */
export function tableDigest (hashes: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const keys = [...hashes.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)

  return merkleRoot(keys.map(key => hashes.get(key) as Uint8Array))
}
