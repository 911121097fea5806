/**
 * @packageDocumentation
 *
 * The wire messages of LVS (docs/messages.md) as protobuf, generated with
 * protons from `messages.proto`: entropy packets, state diff messages (SDM),
 * beacons, table sync requests and responses, and evidence.
 *
 * Every decoder enforces the message's limits (bytes, vector length, entries
 * per page), the protocol version and the finiteness of every number, and
 * throws a subclass of {@link CodecError} for any bad input: it never returns
 * a half-read message.
 *
 * @example
 *
 * ```ts
 * import { encodeStateDiff, decodeStateDiff, createNonce } from '@lvs/codec'
 *
 * const bytes = encodeStateDiff({
 *   shardId: 'drift',
 *   cycleId: 1,
 *   input: [5, 1],
 *   state: [4.2, 0.9],
 *   driftWeight: 1,
 *   nonce: createNonce()
 * })
 *
 * bytes.byteLength // <= 64
 * decodeStateDiff(bytes).input // [5, 1]
 * ```
 */

export * from './constants.ts'
export * from './errors.ts'
export { encodeEntropyPacket, decodeEntropyPacket } from './entropy-packet.ts'
export type { EntropyPacket } from './entropy-packet.ts'
export { encodeStateDiff, decodeStateDiff, createNonce } from './state-diff.ts'
export type { StateDiff } from './state-diff.ts'
export { encodeBeacon, decodeBeacon } from './beacon.ts'
export type { Beacon, ShardDigest } from './beacon.ts'
export { ownEnvelope } from './envelope.ts'
export type { SignedEnvelope } from './envelope.ts'
export { encodeSyncRequest, decodeSyncRequest, encodeSyncResponse, decodeSyncResponse } from './sync.ts'
export type { SyncRequest, SyncResponse, TableEntry } from './sync.ts'
export { encodeStoredChunk, decodeStoredChunk } from './storage.ts'
export type { StoredChunk, StoredEntry } from './storage.ts'
export { encodeEvidence, decodeEvidence, ownEvidence } from './evidence.ts'
export type { Evidence } from './evidence.ts'
export { shardTopic, evidenceTopic } from './topics.ts'
