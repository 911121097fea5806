import {
  MAX_CURSOR_BYTES,
  MAX_DIGEST_BYTES,
  MAX_DIMENSION,
  MAX_KEY_BYTES,
  MAX_SYNC_PAGE_ENTRIES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
  PROTOCOL_VERSION
} from './constants.ts'
import { checkEnvelope } from './envelope.ts'
import { LimitExceededError, MalformedMessageError } from './errors.ts'
import { EntryStatus as EntryStatusPb, SyncRequest as RequestPb, SyncResponse as ResponsePb } from './messages.ts'
import { FLOAT32_MAX, checkBytes, checkFinite, checkShardId, checkUint32, checkVector, checkVersion, decodeLimited, toSafeInteger, toUint64 } from './validate.ts'
import { SYNC_RESPONSE_LAYOUT } from './wire.ts'
import type { SignedEnvelope } from './envelope.ts'
import type { TableEntry as TableEntryPb } from './messages.ts'

/** Asks a peer for one page of a shard's table */
export interface SyncRequest {
  shardId: string
  /** where the page starts: empty for the first, then the last page's `nextCursor` */
  cursor: Uint8Array
  /** entries wanted, 1..MAX_SYNC_PAGE_ENTRIES */
  limit: number
}

export type EntryStatus = 'live' | 'dormant' | 'quarantined'

/** One replicated table entry as a sync page carries it */
export interface TableEntry {
  /** entry key, from the origin's peer id */
  key: Uint8Array
  cycleId: number
  input: number[]
  state: number[]
  driftWeight: number
  /** ms since the epoch */
  lastSeen: number
  status: EntryStatus
  /** the origin's signed SDM, so the receiver can check who wrote the entry */
  proof?: SignedEnvelope
}

/** One page of a shard's table */
export interface SyncResponse {
  shardId: string
  entries: TableEntry[]
  /** empty on the last page */
  nextCursor: Uint8Array
  /** the responder's digest of its whole table */
  digest: Uint8Array
}

const STATUS_TO_PB: Record<EntryStatus, EntryStatusPb> = {
  live: EntryStatusPb.LIVE,
  dormant: EntryStatusPb.DORMANT,
  quarantined: EntryStatusPb.QUARANTINED
}

const STATUS_FROM_PB: Record<string, EntryStatus> = {
  [EntryStatusPb.LIVE]: 'live',
  [EntryStatusPb.DORMANT]: 'dormant',
  [EntryStatusPb.QUARANTINED]: 'quarantined'
}

function checkRequest (request: SyncRequest): void {
  checkShardId(request.shardId, 'sync request')
  checkBytes(request.cursor, MAX_CURSOR_BYTES, 'sync request cursor')
  checkUint32(request.limit, 1, 'sync request limit')

  if (request.limit > MAX_SYNC_PAGE_ENTRIES) {
    throw new LimitExceededError(`sync request asks for ${request.limit} entries, more than ${MAX_SYNC_PAGE_ENTRIES}`)
  }
}

function checkEntry (entry: TableEntry, what: string): void {
  checkBytes(entry.key, MAX_KEY_BYTES, `${what} key`, 1)
  checkVector(entry.input, `${what} input`)
  checkVector(entry.state, `${what} state`, FLOAT32_MAX)

  if (entry.input.length !== entry.state.length) {
    throw new MalformedMessageError(`${what} input has ${entry.input.length} components but its state has ${entry.state.length}`)
  }

  checkFinite(entry.driftWeight, `${what} weight`, FLOAT32_MAX)

  if (entry.driftWeight < 0) {
    throw new MalformedMessageError(`${what} weight is ${entry.driftWeight}, below 0`)
  }

  if (!(entry.status in STATUS_TO_PB)) {
    throw new MalformedMessageError(`${what} has unknown status ${entry.status}`)
  }

  if (entry.proof != null) {
    checkEnvelope(entry.proof, `${what} proof`)
  }
}

function checkResponse (response: SyncResponse): void {
  checkShardId(response.shardId, 'sync response')

  if (!Array.isArray(response.entries)) {
    throw new MalformedMessageError('sync response entries must be an array')
  }

  if (response.entries.length > MAX_SYNC_PAGE_ENTRIES) {
    throw new LimitExceededError(`sync response has ${response.entries.length} entries, more than ${MAX_SYNC_PAGE_ENTRIES}`)
  }

  response.entries.forEach((entry, i) => { checkEntry(entry, `sync response entry ${i}`) })
  checkBytes(response.nextCursor, MAX_CURSOR_BYTES, 'sync response cursor')
  checkBytes(response.digest, MAX_DIGEST_BYTES, 'sync response digest', 1)
}

export function encodeSyncRequest (request: SyncRequest): Uint8Array {
  checkRequest(request)

  return RequestPb.encode({
    version: PROTOCOL_VERSION,
    shardId: request.shardId,
    // protons only reads byte fields: any Uint8Array will do
    cursor: request.cursor as Uint8Array<ArrayBuffer>,
    limit: request.limit
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
    limit: message.limit
  }
  checkRequest(request)

  return request
}

export function encodeSyncResponse (response: SyncResponse): Uint8Array {
  checkResponse(response)

  return ResponsePb.encode({
    version: PROTOCOL_VERSION,
    shardId: response.shardId,
    // protons only reads byte fields: any Uint8Array will do
    entries: response.entries.map((entry, i) => ({
      ...entry,
      cycleId: toUint64(entry.cycleId, 1, `sync response entry ${i} cycle id`),
      lastSeen: toUint64(entry.lastSeen, 0, `sync response entry ${i} last seen`),
      status: STATUS_TO_PB[entry.status]
    }) as TableEntryPb),
    nextCursor: response.nextCursor as Uint8Array<ArrayBuffer>,
    digest: response.digest as Uint8Array<ArrayBuffer>
  })
}

/**
 * Decodes a sync response, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeSyncResponse (bytes: Uint8Array): SyncResponse {
  const message = decodeLimited(ResponsePb, bytes, MAX_SYNC_RESPONSE_BYTES, 'sync response', SYNC_RESPONSE_LAYOUT, {
    entries: MAX_SYNC_PAGE_ENTRIES,
    entries$: { input: MAX_DIMENSION, state: MAX_DIMENSION }
  })

  checkVersion(message.version, 'sync response')
  const response: SyncResponse = {
    shardId: message.shardId,
    entries: message.entries.map((entry, i) => {
      const what = `sync response entry ${i}`
      const status = STATUS_FROM_PB[entry.status]

      if (status == null) {
        throw new MalformedMessageError(`${what} has unknown status ${entry.status}`)
      }

      return {
        key: entry.key,
        cycleId: toSafeInteger(entry.cycleId, 1, `${what} cycle id`),
        input: entry.input,
        state: entry.state,
        driftWeight: entry.driftWeight,
        lastSeen: toSafeInteger(entry.lastSeen, 0, `${what} last seen`),
        status,
        ...(entry.proof == null ? {} : { proof: entry.proof })
      }
    }),
    nextCursor: message.nextCursor,
    digest: message.digest
  }
  checkResponse(response)

  return response
}
