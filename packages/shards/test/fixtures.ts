import { encodeStateDiff, shardTopic } from '@lvs/codec'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromString } from 'uint8arrays/from-string'
import { keyOf } from '../src/index.ts'
import type { Entry } from '../src/index.ts'

/**
 * The `from` bytes of a test origin called `name`: an identity multihash
 * (0x00, length 36) of 36 bytes derived from the name, shaped like an
 * Ed25519 peer id. The store never checks signatures: its caller does
 */
export function fromFor (name: string): Uint8Array {
  return Uint8Array.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...sha256(fromString(name))])
}

/** The entry key of a test origin called `name` */
export function keyFor (name: string): string {
  return keyOf(fromFor(name))
}

/** An entry of origin `name` with an envelope holding its SDM (the signature is a placeholder) */
export function entry (name: string, cycleId = 1, input = [1, 2], overrides: Partial<Entry> = {}): Entry {
  const data = encodeStateDiff({ shardId: 'drift', cycleId, input, state: [...input], driftWeight: 1, leaving: overrides.leaving === true, nonce: 1 })
  const proof = { from: fromFor(name), data, seqno: new Uint8Array(8), topic: shardTopic('drift'), signature: new Uint8Array(64), key: new Uint8Array(0) }

  return { key: keyFor(name), cycleId, input, state: [...input], driftWeight: 1, lastSeen: 1000, status: 'live', proof, ...overrides }
}

export const DRIFT = { name: 'drift', dimension: 2 }
