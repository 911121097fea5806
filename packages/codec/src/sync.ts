import {
  MAX_CURSOR_BYTES,
  MAX_DIGEST_BYTES,
  MAX_EVIDENCE_MESSAGES,
  MAX_SYNC_EVIDENCE,
  MAX_SYNC_PAGE_ENTRIES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
  PROTOCOL_VERSION
} from './constants.ts'
import { checkEnvelope } from './envelope.ts'
import { LimitExceededError, MalformedMessageError } from './errors.ts'
import { checkEvidence, fromEvidencePb, toEvidencePb } from './evidence.ts'
import { SyncRequest as RequestPb, SyncResponse as ResponsePb } from './messages.ts'
import { checkBytes, checkShardId, checkUint32, checkVersion, decodeLimited } from './validate.ts'
import { SYNC_RESPONSE_LAYOUT } from './wire.ts'
import type { SignedEnvelope } from './envelope.ts'
import type { Evidence } from './evidence.ts'

/** Repeated-field limits of a page of entries and evidence: a sync response, a stored chunk */
export const PAGE_LIMITS = {
  entries: MAX_SYNC_PAGE_ENTRIES,
  evidence: MAX_SYNC_EVIDENCE,
  evidence$: { messages: MAX_EVIDENCE_MESSAGES }
}

/** Asks a peer for one page of a shard's table */
export interface SyncRequest {
  shardId: string
  /** where the page starts: empty for the first, then the last page's `nextCursor` */
  cursor: Uint8Array
  /** entries wanted, 1..MAX_SYNC_PAGE_ENTRIES */
  limit: number
  /**
   * the requester's digest of what decides the shard's equilibrium (its
   * beacon digest), on a first page only: a responder whose own digest is
   * the same answers with an empty last page, so a pull between replicas
   * that agree costs one small exchange. Empty or absent: always a page.
   */
  digest?: Uint8Array
}

/**
 * One replicated table entry as it travels: its origin's signed SDM and
 * nothing else. The receiver checks the signature and reads the entry's
 * key, values and age from it; receipt time and status never travel.
 */
export interface TableEntry {
  proof: SignedEnvelope
}

/** One page of a shard's table */
export interface SyncResponse {
  shardId: string
  entries: TableEntry[]
  /** empty on the last page */
  nextCursor: Uint8Array
  /** the responder's digest of its whole table */
  digest: Uint8Array
  /** on the last page: the evidence that condemns entries of the shard, at most MAX_SYNC_EVIDENCE */
  evidence: Evidence[]
}

function checkRequest (request: SyncRequest): void {
  checkShardId(request.shardId, 'sync request')
  checkBytes(request.cursor, MAX_CURSOR_BYTES, 'sync request cursor')
  checkUint32(request.limit, 1, 'sync request limit')
  checkBytes(request.digest ?? new Uint8Array(0), MAX_DIGEST_BYTES, 'sync request digest')

  if (request.limit > MAX_SYNC_PAGE_ENTRIES) {
    throw new LimitExceededError(`sync request asks for ${request.limit} entries, more than ${MAX_SYNC_PAGE_ENTRIES}`)
  }
}

/** Checks a list of table entries (a sync page or a stored chunk) */
export function checkEntries (entries: ReadonlyArray<{ proof?: SignedEnvelope }>, what: string): void {
  if (!Array.isArray(entries)) {
    throw new MalformedMessageError(`${what} entries must be an array`)
  }

  if (entries.length > MAX_SYNC_PAGE_ENTRIES) {
    throw new LimitExceededError(`${what} has ${entries.length} entries, more than ${MAX_SYNC_PAGE_ENTRIES}`)
  }

  entries.forEach((entry, i) => { checkEnvelope(entry?.proof as SignedEnvelope, `${what} entry ${i} proof`) })
}

/** Checks the evidence a sync page or stored chunk carries */
export function checkEvidenceList (evidence: readonly Evidence[], what: string): void {
  if (!Array.isArray(evidence)) {
    throw new MalformedMessageError(`${what} evidence must be an array`)
  }

  if (evidence.length > MAX_SYNC_EVIDENCE) {
    throw new LimitExceededError(`${what} has ${evidence.length} pieces of evidence, more than ${MAX_SYNC_EVIDENCE}`)
  }

  evidence.forEach(item => { checkEvidence(item) })
}

function checkResponse (response: SyncResponse): void {
  checkShardId(response.shardId, 'sync response')
  checkEntries(response.entries, 'sync response')
  checkBytes(response.nextCursor, MAX_CURSOR_BYTES, 'sync response cursor')
  checkBytes(response.digest, MAX_DIGEST_BYTES, 'sync response digest', 1)
  checkEvidenceList(response.evidence, 'sync response')
}

export function encodeSyncRequest (request: SyncRequest): Uint8Array {
  checkRequest(request)

  return RequestPb.encode({
    version: PROTOCOL_VERSION,
    shardId: request.shardId,
    // protons only reads byte fields: any Uint8Array will do
    cursor: request.cursor as Uint8Array<ArrayBuffer>,
    limit: request.limit,
    digest: (request.digest ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>
  })
}

/**
 * Decodes a sync request, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeSyncRequest (bytes: Uint8Array): SyncRequest {
  const message = decodeLimited(RequestPb, bytes, MAX_SYNC_REQUEST_BYTES, 'sync request', {})
  checkVersion(message.version, 'sync request')
  const request: SyncRequest = {
    shardId: message.shardId,
    cursor: message.cursor,
    limit: message.limit,
    ...(message.digest.byteLength > 0 ? { digest: message.digest } : {})
  }
  checkRequest(request)

  return request
}

export function encodeSyncResponse (response: SyncResponse): Uint8Array {
  checkResponse(response)

  // protons only reads the byte fields: any Uint8Array will do
  return ResponsePb.encode({
    version: PROTOCOL_VERSION,
    shardId: response.shardId,
    entries: response.entries.map(entry => ({ proof: entry.proof })) as ResponsePb['entries'],
    nextCursor: response.nextCursor as Uint8Array<ArrayBuffer>,
    digest: response.digest as Uint8Array<ArrayBuffer>,
    evidence: response.evidence.map(toEvidencePb)
  })
}

/**
 * Decodes a sync response, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeSyncResponse (bytes: Uint8Array): SyncResponse {
  const message = decodeLimited(ResponsePb, bytes, MAX_SYNC_RESPONSE_BYTES, 'sync response', SYNC_RESPONSE_LAYOUT, PAGE_LIMITS)

  checkVersion(message.version, 'sync response')
  const response: SyncResponse = {
    shardId: message.shardId,
    entries: message.entries.map(entry => ({ proof: entry.proof as SignedEnvelope })),
    nextCursor: message.nextCursor,
    digest: message.digest,
    evidence: message.evidence.map((item, i) => fromEvidencePb(item, `sync response evidence ${i}`))
  }
  checkResponse(response)

  return response
}
