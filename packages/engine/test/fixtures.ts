import { encodeStateDiff, shardTopic } from '@lvs/codec'
import { ShardStore, keyOf } from '@lvs/shards'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromString } from 'uint8arrays/from-string'
import { ShardEngine } from '../src/index.ts'
import type { EngineSettings, SdmContent, SignedSdm } from '../src/index.ts'
import type { ShardConfig } from '@lvs/shards'

/** A fixed start of the clock, ms, so cycle ids look like the real ones */
export const T0 = 1_800_000_000_000

/** The `from` bytes of a test origin: an identity multihash shaped like an Ed25519 peer id */
export function fromFor (name: string): Uint8Array {
  return Uint8Array.from([0x00, 0x24, 0x08, 0x01, 0x12, 0x20, ...sha256(fromString(name))])
}

export function keyFor (name: string): string {
  return keyOf(fromFor(name))
}

/** An SDM of `name` with an envelope around its encoding (a placeholder signature: the engine never checks one) */
export function signed (name: string, cycleId: number, input: number[], state = input, shardId = 'drift', leaving = false): SignedSdm {
  const sdm: SdmContent = { shardId, cycleId, input, state: state.map(Math.fround), driftWeight: 1, ...(leaving ? { leaving } : {}) }
  const data = encodeStateDiff({ ...sdm, nonce: 1 })
  return { origin: keyFor(name), sdm, proof: { from: fromFor(name), data, seqno: new Uint8Array(8), topic: shardTopic(shardId), signature: new Uint8Array(64), key: new Uint8Array(0) } }
}

/** An engine for `name` over a fresh in-memory store */
export async function engine (name: string, input: number[], config: Partial<ShardConfig> = {}, settings: Partial<EngineSettings> = {}): Promise<ShardEngine> {
  const store = new ShardStore()
  await store.loadShard({ name: 'drift', dimension: input.length, ...config })
  const made = new ShardEngine({ store, shard: 'drift', self: keyFor(name), settings })
  made.setInput(input)
  return made
}
