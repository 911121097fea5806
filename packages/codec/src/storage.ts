import { MAX_STORED_CHUNK_BYTES, PROTOCOL_VERSION } from './constants.ts'
import { fromEvidencePb, toEvidencePb } from './evidence.ts'
import { StoredChunk as pb } from './messages.ts'
import { PAGE_LIMITS, checkEntries, checkEvidenceList } from './sync.ts'
import { checkShardId, checkVersion, decodeLimited, toSafeInteger, toUint64 } from './validate.ts'
import { STORED_CHUNK_LAYOUT } from './wire.ts'
import type { SignedEnvelope } from './envelope.ts'
import type { Evidence } from './evidence.ts'

/** One table entry as a replica persists it: the origin's signed SDM and when this replica last heard of it */
export interface StoredEntry {
  proof: SignedEnvelope
  /** ms since the epoch */
  lastSeen: number
}

/** A chunk of a persisted table (never sent to peers) */
export interface StoredChunk {
  shardId: string
  /** at most MAX_SYNC_PAGE_ENTRIES */
  entries: StoredEntry[]
  /** at most MAX_SYNC_EVIDENCE */
  evidence: Evidence[]
}

function check (chunk: StoredChunk): void {
  checkShardId(chunk.shardId, 'stored chunk')
  checkEntries(chunk.entries, 'stored chunk')
  checkEvidenceList(chunk.evidence, 'stored chunk')
}

export function encodeStoredChunk (chunk: StoredChunk): Uint8Array {
  check(chunk)

  return pb.encode({
    version: PROTOCOL_VERSION,
    shardId: chunk.shardId,
    // protons only reads the byte fields: any Uint8Array will do
    entries: chunk.entries.map((entry, i) => ({ proof: entry.proof, lastSeen: toUint64(Math.max(0, Math.round(entry.lastSeen)), 0, `stored chunk entry ${i} last seen`) })) as pb['entries'],
    evidence: chunk.evidence.map(toEvidencePb)
  })
}

/**
 * Decodes a stored chunk, enforcing the limits of a sync page
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeStoredChunk (bytes: Uint8Array): StoredChunk {
  const message = decodeLimited(pb, bytes, MAX_STORED_CHUNK_BYTES, 'stored chunk', STORED_CHUNK_LAYOUT, PAGE_LIMITS)

  checkVersion(message.version, 'stored chunk')
  const chunk: StoredChunk = {
    shardId: message.shardId,
    entries: message.entries.map((entry, i) => ({ proof: entry.proof as SignedEnvelope, lastSeen: toSafeInteger(entry.lastSeen, 0, `stored chunk entry ${i} last seen`) })),
    evidence: message.evidence.map((item, i) => fromEvidencePb(item, `stored chunk evidence ${i}`))
  }
  check(chunk)

  return chunk
}
