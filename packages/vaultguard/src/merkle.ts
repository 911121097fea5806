import { sha3_256 as sha3 } from '@noble/hashes/sha3.js'
import { concat } from 'uint8arrays/concat'

/** Domain separation: a leaf can never be taken for an inner node */
const LEAF = Uint8Array.of(0)
const NODE = Uint8Array.of(1)

/**
 * Root of a binary Merkle tree over the leaves (SHA3-256; an odd node is
 * carried up unchanged). The root of no leaves is the hash of nothing.
 */
export function merkleRoot (leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) {
    return sha3(new Uint8Array(0))
  }

  let level: Uint8Array[] = leaves.map(leaf => sha3(concat([LEAF, leaf])))

  while (level.length > 1) {
    const next: Uint8Array[] = []

    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha3(concat([NODE, level[i], level[i + 1]])) : level[i])
    }

    level = next
  }

  return level[0]
}
