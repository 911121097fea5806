import { encodeStateDiff, shardTopic, decodeStateDiff } from '@lvs/codec'
import { keyOf } from '@lvs/shards'
import type { Random } from './prng.ts'
import type { SignedEnvelope } from '@lvs/codec'
import type { SdmContent, SignedSdm } from '@lvs/engine'

/** FNV-1a over `bytes`, from `seed` */
function fnv (seed: number, bytes: Uint8Array): number {
  let hash = seed >>> 0

  for (let i = 0; i < bytes.length; i++) {
    hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0
  }

  return hash
}

/**
 * The simulator's stand-in for signatures: every identity has a secret,
 * and its "signature" of an envelope is a keyed hash of the signed bytes
 * that only the secret's holder can make. Real Ed25519 would cost about
 * 100 us per check, and a simulation checks millions. What matters is the
 * rule the real one enforces: an honest node or an adversary can sign for
 * its own identities only, and anyone can check.
 */
export class SimKeys {
  private readonly secrets = new Map<string, number>()
  private readonly random: Random
  private counter = 0

  constructor (random: Random) {
    this.random = random
  }

  /** A new identity: its entry key (a peer id as text) and the `from` bytes of its envelopes */
  create (): { key: string, from: Uint8Array } {
    const from = new Uint8Array(38)
    from.set([0x00, 0x24, 0x08, 0x01, 0x12, 0x20])
    new DataView(from.buffer).setUint32(6, ++this.counter)
    new DataView(from.buffer).setUint32(10, this.random.int(0x1_0000_0000))
    const key = keyOf(from)
    this.secrets.set(key, this.random.int(0x1_0000_0000))
    return { key, from }
  }

  /** The SDM signed by `identity` (which must be one this set created) */
  sign (identity: { key: string, from: Uint8Array }, sdm: SdmContent): SignedSdm {
    const data = encodeStateDiff({ ...sdm, nonce: 1 + this.random.int(0xfffffffe) })
    const envelope = { from: identity.from, data, seqno: new Uint8Array(8), topic: shardTopic(sdm.shardId), key: new Uint8Array(0) }
    return { origin: identity.key, sdm, proof: { ...envelope, signature: this.signature(identity.key, data) } }
  }

  /**
   * An envelope as a signed SDM of `shard` when its signature checks, else
   * undefined (a forged or changed entry)
   */
  verify (envelope: SignedEnvelope, shard: string): SignedSdm | undefined {
    const key = keyOf(envelope.from)

    if (!this.secrets.has(key) || envelope.topic !== shardTopic(shard) || !equal(envelope.signature, this.signature(key, envelope.data))) {
      return undefined
    }

    try {
      const sdm = decodeStateDiff(envelope.data)
      return sdm.shardId === shard ? { origin: key, sdm, proof: envelope } : undefined
    } catch {
      return undefined
    }
  }

  private signature (key: string, data: Uint8Array): Uint8Array {
    const secret = this.secrets.get(key) ?? 0
    const out = new Uint8Array(8)
    new DataView(out.buffer).setUint32(0, fnv(secret, data))
    new DataView(out.buffer).setUint32(4, fnv(secret ^ 0x5bd1e995, data))
    return out
  }
}

function equal (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}
