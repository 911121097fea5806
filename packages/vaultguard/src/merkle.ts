import { sha3_256 as sha3 } from '@noble/hashes/sha3.js'
import { concat } from 'uint8arrays/concat'

/** Domain separation: a leaf can never be taken for an inner node */
const LEAF = Uint8Array.of(0)
const NODE = Uint8Array.of(1)

const leafHash = (leaf: Uint8Array): Uint8Array => sha3(concat([LEAF, leaf]))
const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha3(concat([NODE, left, right]))

/**
 * Root of a binary Merkle tree over the leaves (SHA3-256, with leaf and node
 * prefixes; an odd node is carried up a level unchanged, which is the tree
 * of RFC 6962). The root of no leaves is the hash of nothing.
 */
export function merkleRoot (leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) {
    return sha3(new Uint8Array(0))
  }

  let level: Uint8Array[] = leaves.map(leafHash)

  while (level.length > 1) {
    const next: Uint8Array[] = []

    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i])
    }

    level = next
  }

  return level[0]
}

/**
 * The same root as `merkleRoot`, kept up to date one leaf at a time in
 * O(log n) hashes and memory: the roots of the perfect subtrees (largest
 * first), folded from the right.
 */
export class MerkleFrontier {
  private readonly peaks: Array<{ height: number, hash: Uint8Array }> = []
  private count = 0

  get length (): number {
    return this.count
  }

  /** An independent copy */
  clone (): MerkleFrontier {
    const copy = new MerkleFrontier()
    copy.peaks.push(...this.peaks)
    copy.count = this.count
    return copy
  }

  append (leaf: Uint8Array): void {
    let peak = { height: 0, hash: leafHash(leaf) }

    while (this.peaks.length > 0 && this.peaks[this.peaks.length - 1].height === peak.height) {
      const left = this.peaks.pop()

      if (left != null) {
        peak = { height: peak.height + 1, hash: nodeHash(left.hash, peak.hash) }
      }
    }

    this.peaks.push(peak)
    this.count++
  }

  root (): Uint8Array {
    if (this.peaks.length === 0) {
      return sha3(new Uint8Array(0))
    }

    let hash = this.peaks[this.peaks.length - 1].hash

    for (let i = this.peaks.length - 2; i >= 0; i--) {
      hash = nodeHash(this.peaks[i].hash, hash)
    }

    return hash
  }
}
