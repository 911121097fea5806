import { lpStream } from '@libp2p/utils'
import {
  MAX_SYNC_EVIDENCE,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
  SYNC_PROTOCOL,
  decodeSyncRequest,
  decodeSyncResponse,
  encodeSyncRequest,
  encodeSyncResponse
} from '@lvs/codec'
import { anySignal } from 'any-signal'
import { toString } from 'uint8arrays'
import { MAX_PAGES_PER_STREAM, MAX_SYNC_ENTRIES, PAGE_SIZE, SYNC_PAGE_TIMEOUT_MS, SYNC_TIMEOUT_MS } from './constants.ts'
import { SyncFailedError } from './errors.ts'
import { keyOf } from './shard.ts'
import { toWire } from './wire.ts'
import type { Page, ShardStore } from './store.ts'
import type { AbortOptions, Connection, PeerId, Stream } from '@libp2p/interface'
import type { Evidence, SignedEnvelope } from '@lvs/codec'

export interface SyncHandlerOptions {
  /** ms to wait for each request; default 10 s */
  pageTimeout?: number
  /**
   * Whether a requester's digest (sent with its first request) is this
   * node's own for the shard: then the answer is an empty last page. Without
   * it every request gets its page.
   */
  agrees?(shardId: string, digest: Uint8Array): boolean
}

/**
 * The responder side of `/lvs/sync/2.0.0`: reads length-prefixed
 * SyncRequests and answers each with one page of the shard's table (each
 * entry its origin's signed SDM), the evidence held on the last page,
 * until the requester closes the stream, a page limit is reached, or a
 * read times out. A request for a shard this node does not hold closes the
 * stream.
 */
export function createSyncHandler (store: ShardStore, options: SyncHandlerOptions = {}): (stream: Stream, connection: Connection) => Promise<void> {
  return async (stream) => {
    const lp = lpStream(stream, { maxDataLength: MAX_SYNC_RESPONSE_BYTES })

    try {
      for (let pages = 0; pages < MAX_PAGES_PER_STREAM; pages++) {
        let bytes

        try {
          bytes = await lp.read({ signal: AbortSignal.timeout(options.pageTimeout ?? SYNC_PAGE_TIMEOUT_MS) })
        } catch {
          // the requester closed the stream, or went quiet
          break
        }

        if (bytes.byteLength > MAX_SYNC_REQUEST_BYTES) {
          break
        }

        const request = decodeSyncRequest(bytes.subarray())

        if (store.get(request.shardId) == null) {
          break
        }

        // a requester whose digest is ours lacks nothing: one empty last page
        const agreed = request.digest != null && request.cursor.byteLength === 0 && options.agrees?.(request.shardId, request.digest) === true
        const page: Page = agreed ? { entries: [], nextCursor: new Uint8Array(0) } : store.page(request.shardId, request.cursor, Math.min(request.limit, PAGE_SIZE))
        const last = page.nextCursor.byteLength === 0
        await lp.write(encodeSyncResponse({
          shardId: request.shardId,
          entries: page.entries.map(toWire),
          nextCursor: page.nextCursor,
          digest: store.digest(request.shardId),
          evidence: last && !agreed ? store.evidence(request.shardId).slice(0, MAX_SYNC_EVIDENCE).map(held => held.evidence) : []
        }))
      }

      await stream.close()
    } catch (err: any) {
      stream.abort(err)
    }
  }
}

export interface SyncOptions extends AbortOptions {
  /** ms for each page; default 10 s */
  pageTimeout?: number
  /** ms for the whole sync; default 2 min */
  timeout?: number
  /** most entries accepted from the peer; default 100,000 */
  maxEntries?: number
  /** this node's digest of the shard (its beacon digest): a peer whose own is the same sends nothing (a pull that finds agreement costs one small exchange) */
  digest?: Uint8Array
}

/** What a peer served of one shard: claims until their signatures are checked */
export interface SyncResult {
  /** each entry's signed SDM, in key order */
  entries: SignedEnvelope[]
  /** the evidence it holds */
  evidence: Evidence[]
  /** the peer's digest of its table */
  remoteDigest: Uint8Array
}

/** What syncShard needs of a libp2p node */
export interface Dialer {
  dialProtocol(peer: PeerId, protocols: string | string[], options?: AbortOptions): Promise<Stream>
}

/**
 * Fetches a peer's table of one shard page by page. It merges nothing: the
 * entries are the peer's claims until the caller has checked each one's
 * signature and admitted it (`@lvs/engine`). A peer that sends oversized
 * pages, garbage, a cursor that does not advance, entries out of key order,
 * more than `maxEntries`, or stalls, makes the whole sync fail
 * (SyncFailedError) and nothing of it is kept. Each page is bounded by the
 * codec's limits, so memory stays bounded.
 */
export async function syncShard (node: Dialer, peer: PeerId, shardId: string, options: SyncOptions = {}): Promise<SyncResult> {
  // any-signal, not AbortSignal.any: Node 22 keeps every AbortSignal.any result alive as long as its parent
  // (a node's lifelong signal), one per sync (https://github.com/nodejs/node/issues/55351); clear() unhooks it
  const signal = anySignal([AbortSignal.timeout(options.timeout ?? SYNC_TIMEOUT_MS), options.signal])
  const maxEntries = options.maxEntries ?? MAX_SYNC_ENTRIES
  const entries: SignedEnvelope[] = []
  let evidence: Evidence[] = []
  let remoteDigest: Uint8Array = new Uint8Array(0)
  let stream: Stream | undefined

  try {
    stream = await node.dialProtocol(peer, SYNC_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_SYNC_RESPONSE_BYTES })
    let cursor: Uint8Array = new Uint8Array(0)
    let previous = ''

    while (true) {
      await lp.write(encodeSyncRequest({ shardId, cursor, limit: PAGE_SIZE, ...(cursor.byteLength === 0 && options.digest != null ? { digest: options.digest } : {}) }), { signal })
      const pageSignal = anySignal([signal, AbortSignal.timeout(options.pageTimeout ?? SYNC_PAGE_TIMEOUT_MS)])
      const response = await lp.read({ signal: pageSignal })
        .then(page => decodeSyncResponse(page.subarray()))
        .finally(() => { pageSignal.clear() })

      if (response.shardId !== shardId) {
        throw new SyncFailedError(`asked for shard ${shardId}, got a page of ${response.shardId}`)
      }

      remoteDigest = response.digest

      for (const { proof } of response.entries) {
        const key = keyOf(proof.from)

        if (key <= previous) {
          throw new SyncFailedError('the peer sent entries out of key order')
        }

        previous = key
        entries.push(proof)
      }

      if (entries.length > maxEntries) {
        throw new SyncFailedError(`the peer sent more than ${maxEntries} entries`)
      }

      if (response.nextCursor.byteLength === 0) {
        evidence = response.evidence
        break
      }

      if (response.entries.length === 0 || toString(response.nextCursor) <= toString(cursor)) {
        throw new SyncFailedError('the peer\'s cursor does not advance')
      }

      cursor = response.nextCursor
    }

    await stream.close({ signal })
  } catch (err: any) {
    stream?.abort(err)
    throw err instanceof SyncFailedError ? err : new SyncFailedError(`sync of ${shardId} failed: ${err?.message ?? err}`)
  } finally {
    signal.clear()
  }

  return { entries, evidence, remoteDigest }
}
