import { entryHash, tableDigest } from '@lvs/shards'
import type { Shard } from '@lvs/shards'

/** What one key contributes: its input, or nothing but its condemnation */
interface Contribution {
  input: readonly number[]
  condemned: boolean
  hash: Uint8Array
}

const sameValues = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]))

/**
 * The digest of what decides a shard's equilibrium: each entry's key and
 * input, and each key the evidence held condemns. Cycle ids stay out
 * (every heartbeat changes them, so replicas that agree on every input
 * would still differ most of the time).
 *
 * A node compares it with every beacon it hears, so it is kept between
 * calls: a key's hash is recomputed only when its input or condemnation
 * changed, and the root only when a hash or the key set did. A call costs
 * one pass over the table instead of a hash per entry.
 */
export class InputDigest {
  private readonly contributions = new Map<string, Contribution>()
  private root?: Uint8Array

  of (shard: Shard): Uint8Array {
    for (const entry of shard.entries.values()) {
      const condemned = shard.evidence.has(entry.key)
      this.contribute(entry.key, condemned ? [] : entry.input, condemned)
    }

    for (const key of shard.evidence.keys()) {
      if (!shard.entries.has(key)) {
        this.contribute(key, [], true)
      }
    }

    for (const key of this.contributions.keys()) {
      if (!shard.entries.has(key) && !shard.evidence.has(key)) {
        this.contributions.delete(key)
        this.root = undefined
      }
    }

    this.root ??= tableDigest(new Map([...this.contributions].map(([key, { hash }]) => [key, hash])))
    return this.root
  }

  /** `input` is empty for a condemned key */
  private contribute (key: string, input: readonly number[], condemned: boolean): void {
    const held = this.contributions.get(key)

    if (held != null && held.condemned === condemned && sameValues(held.input, input)) {
      return
    }

    // a condemned key hashes alike whatever its entry says: replicas agree once they hold the evidence
    const copy = [...input]
    this.contributions.set(key, { input: copy, condemned, hash: entryHash({ key, cycleId: condemned ? -1 : 0, input: copy }) })
    this.root = undefined
  }
}
