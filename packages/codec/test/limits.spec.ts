import { expect } from 'aegir/chai'
import {
  MAX_BEACON_BYTES,
  MAX_BEACON_SHARDS,
  MAX_DIMENSION,
  MAX_DIGEST_BYTES,
  MAX_ENTROPY_PACKET_BYTES,
  MAX_EVIDENCE_BYTES,
  MAX_EVIDENCE_MESSAGES,
  MAX_SHARD_ID_LENGTH,
  MAX_STATE_DIFF_BYTES,
  MAX_SYNC_EVIDENCE,
  MAX_SYNC_PAGE_ENTRIES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
  decodeBeacon,
  decodeEntropyPacket,
  decodeEvidence,
  decodeStateDiff,
  decodeStoredChunk,
  decodeSyncRequest,
  decodeSyncResponse,
  encodeBeacon,
  encodeEntropyPacket,
  encodeEvidence,
  encodeStateDiff,
  encodeStoredChunk,
  encodeSyncRequest,
  encodeSyncResponse
} from '../src/index.ts'
import * as pb from '../src/messages.ts'
import { beacon, entry, ep, envelope, evidence, sdm, storedChunk, syncRequest, syncResponse } from './fixtures.ts'

/** an SDM as the raw protobuf, bypassing every check of the encoder */
function rawSdm (overrides: Partial<pb.StateDiff> = {}): Uint8Array {
  return pb.StateDiff.encode({
    version: 1,
    shardId: 'drift',
    cycleId: 7n,
    input: [1, 2],
    state: [1, 2],
    driftWeight: 1,
    nonce: 9,
    ...overrides
  })
}

function expectError (fn: () => unknown, name: string): void {
  expect(fn).to.throw().with.property('name', name)
}

describe('decoder limits, each on its own', () => {
  describe('message bytes', () => {
    const cases: Array<[string, (b: Uint8Array) => unknown, number]> = [
      ['entropy packet', decodeEntropyPacket, MAX_ENTROPY_PACKET_BYTES],
      ['state diff', decodeStateDiff, MAX_STATE_DIFF_BYTES],
      ['beacon', decodeBeacon, MAX_BEACON_BYTES],
      ['sync request', decodeSyncRequest, MAX_SYNC_REQUEST_BYTES],
      ['sync response', decodeSyncResponse, MAX_SYNC_RESPONSE_BYTES],
      ['evidence', decodeEvidence, MAX_EVIDENCE_BYTES]
    ]

    for (const [what, decode, max] of cases) {
      it(`${what}: more than ${max} bytes is MessageTooLargeError`, () => {
        expectError(() => decode(new Uint8Array(max + 1)), 'MessageTooLargeError')
      })
    }
  })

  describe('vector length', () => {
    const long = Array.from({ length: MAX_DIMENSION + 1 }, () => 0.5)

    it('state diff input longer than 16', () => {
      expectError(() => decodeStateDiff(rawSdm({ input: long, state: [1] })), 'LimitExceededError')
    })

    it('state diff state longer than 16', () => {
      expectError(() => decodeStateDiff(rawSdm({ input: [1], state: long })), 'LimitExceededError')
    })

    it('entropy vector longer than 16', () => {
      const bytes = pb.EntropyPacket.encode({ version: 1, entropyVector: long, nodeLoad: 0, timestamp: 1n })
      expectError(() => decodeEntropyPacket(bytes), 'LimitExceededError')
    })

    it('encoder refuses a 17-component vector', () => {
      expectError(() => encodeStateDiff(sdm({ input: long, state: long })), 'LimitExceededError')
    })

    it('empty vector', () => {
      expectError(() => decodeStateDiff(rawSdm({ input: [], state: [] })), 'MalformedMessageError')
    })

    it('input and state of different length', () => {
      expectError(() => decodeStateDiff(rawSdm({ input: [1, 2], state: [1] })), 'MalformedMessageError')
    })
  })

  describe('entries per sync page', () => {
    it(`more than ${MAX_SYNC_PAGE_ENTRIES} entries`, () => {
      const small = entry()
      const page = syncResponse({ entries: Array.from({ length: MAX_SYNC_PAGE_ENTRIES + 1 }, () => small) })
      const message = pb.SyncResponse.decode(encodeSyncResponse({ ...page, entries: page.entries.slice(1) }))
      message.entries.push(message.entries[0])
      expectError(() => decodeSyncResponse(pb.SyncResponse.encode(message)), 'LimitExceededError')
      expectError(() => encodeSyncResponse(page), 'LimitExceededError')
    })

    it('a request for more than a page', () => {
      expectError(() => encodeSyncRequest(syncRequest({ limit: MAX_SYNC_PAGE_ENTRIES + 1 })), 'LimitExceededError')
      const bytes = pb.SyncRequest.encode({ version: 1, shardId: 'drift', cursor: new Uint8Array(), limit: MAX_SYNC_PAGE_ENTRIES + 1 })
      expectError(() => decodeSyncRequest(bytes), 'LimitExceededError')
    })

    it('a request with a digest longer than a digest', () => {
      expectError(() => encodeSyncRequest(syncRequest({ digest: new Uint8Array(MAX_DIGEST_BYTES + 1) })), 'LimitExceededError')
      const bytes = pb.SyncRequest.encode({ version: 1, shardId: 'drift', cursor: new Uint8Array(), limit: 1, digest: new Uint8Array(MAX_DIGEST_BYTES + 1) })
      expectError(() => decodeSyncRequest(bytes), 'LimitExceededError')
    })

    it('a request for no entry', () => {
      expectError(() => encodeSyncRequest(syncRequest({ limit: 0 })), 'MalformedMessageError')
    })

    it(`more than ${MAX_BEACON_SHARDS} shards in a beacon`, () => {
      const shards = Array.from({ length: MAX_BEACON_SHARDS + 1 }, (_, i) => ({ shardId: `s${i}`, digest: new Uint8Array(32), count: 1 }))
      expectError(() => encodeBeacon(beacon({ shards })), 'LimitExceededError')
      const bytes = pb.Beacon.encode({ version: 1, nodeLoad: 0, cycleInterval: 1, shards, timestamp: 1n })
      expectError(() => decodeBeacon(bytes), 'LimitExceededError')
    })

    it(`more than ${MAX_EVIDENCE_MESSAGES} messages in evidence`, () => {
      expectError(() => encodeEvidence(evidence({ messages: [envelope(), envelope(), envelope()] })), 'LimitExceededError')
    })

    it('evidence with no message', () => {
      expectError(() => encodeEvidence(evidence({ messages: [] })), 'MalformedMessageError')
    })
  })

  describe('shard names', () => {
    it(`longer than ${MAX_SHARD_ID_LENGTH} characters`, () => {
      expectError(() => decodeStateDiff(rawSdm({ shardId: 'a'.repeat(MAX_SHARD_ID_LENGTH + 1) })), 'LimitExceededError')
    })

    it('with a character a topic must not hold', () => {
      expectError(() => decodeStateDiff(rawSdm({ shardId: 'drift/../x' })), 'MalformedMessageError')
    })

    it('empty', () => {
      expectError(() => decodeStateDiff(rawSdm({ shardId: '' })), 'MalformedMessageError')
    })

    it('named twice in one beacon', () => {
      const digest = { shardId: 'drift', digest: new Uint8Array(32), count: 1 }
      expectError(() => encodeBeacon(beacon({ shards: [digest, digest] })), 'MalformedMessageError')
    })
  })

  describe('non-finite numbers', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      it(`${bad} in an SDM input`, () => {
        expectError(() => decodeStateDiff(rawSdm({ input: [1, bad] })), 'NonFiniteNumberError')
        expectError(() => encodeStateDiff(sdm({ input: [bad, 1] })), 'NonFiniteNumberError')
      })

      it(`${bad} in an SDM state`, () => {
        expectError(() => decodeStateDiff(rawSdm({ state: [bad, 1] })), 'NonFiniteNumberError')
      })

      it(`${bad} as an SDM weight`, () => {
        expectError(() => decodeStateDiff(rawSdm({ driftWeight: bad })), 'NonFiniteNumberError')
      })
    }

    it('a state float32 cannot hold', () => {
      expectError(() => encodeStateDiff(sdm({ state: [1e39, 0] })), 'NonFiniteNumberError')
    })

    it('NaN as entropy or load', () => {
      const vector = pb.EntropyPacket.encode({ version: 1, entropyVector: [Number.NaN], nodeLoad: 0, timestamp: 1n })
      expectError(() => decodeEntropyPacket(vector), 'NonFiniteNumberError')
      const load = pb.EntropyPacket.encode({ version: 1, entropyVector: [0.5], nodeLoad: Number.NaN, timestamp: 1n })
      expectError(() => decodeEntropyPacket(load), 'NonFiniteNumberError')
    })
  })

  describe('ranges', () => {
    it('entropy outside [0, 1)', () => {
      expectError(() => encodeEntropyPacket(ep({ entropyVector: [1, 0] })), 'MalformedMessageError')
      expectError(() => encodeEntropyPacket(ep({ entropyVector: [-0.1, 0] })), 'MalformedMessageError')
    })

    it('load above 1', () => {
      expectError(() => encodeEntropyPacket(ep({ nodeLoad: 1.5 })), 'MalformedMessageError')
    })

    it('leaving that is not a boolean', () => {
      expectError(() => encodeStateDiff(sdm({ leaving: 'yes' as any })), 'MalformedMessageError')
    })

    it('negative weight', () => {
      expectError(() => decodeStateDiff(rawSdm({ driftWeight: -1 })), 'MalformedMessageError')
    })

    it('cycle id 0 or beyond a safe integer', () => {
      expectError(() => decodeStateDiff(rawSdm({ cycleId: 0n })), 'MalformedMessageError')
      expectError(() => decodeStateDiff(rawSdm({ cycleId: 2n ** 60n })), 'MalformedMessageError')
      expectError(() => encodeStateDiff(sdm({ cycleId: 1.5 })), 'MalformedMessageError')
    })

    it('a sync entry without its proof', () => {
      const bytes = pb.SyncResponse.encode({ version: 1, shardId: 'drift', entries: [{}], nextCursor: new Uint8Array(0), digest: new Uint8Array(32), evidence: [] })
      expectError(() => decodeSyncResponse(bytes), 'MalformedMessageError')
    })

    it(`more than ${MAX_SYNC_EVIDENCE} pieces of evidence on a sync page`, () => {
      const page = syncResponse({ evidence: Array.from({ length: MAX_SYNC_EVIDENCE + 1 }, () => evidence()) })
      expectError(() => encodeSyncResponse(page), 'LimitExceededError')
      const message = pb.SyncResponse.decode(encodeSyncResponse({ ...page, evidence: page.evidence.slice(1) }))
      message.evidence.push(message.evidence[0])
      expectError(() => decodeSyncResponse(pb.SyncResponse.encode(message)), 'LimitExceededError')
    })

    it('evidence of another version inside a stored chunk', () => {
      const message = pb.StoredChunk.decode(encodeStoredChunk(storedChunk()))
      message.evidence[0].version = 2
      expectError(() => decodeStoredChunk(pb.StoredChunk.encode(message)), 'UnsupportedVersionError')
    })

    it('oversized proof inside a sync entry', () => {
      const proof = { ...envelope(), data: new Uint8Array(MAX_STATE_DIFF_BYTES + 1) }
      expectError(() => encodeSyncResponse(syncResponse({ entries: [{ proof }] })), 'LimitExceededError')
    })
  })

  describe('versions', () => {
    it('another version is UnsupportedVersionError', () => {
      expectError(() => decodeStateDiff(rawSdm({ version: 2 })), 'UnsupportedVersionError')
      const bytes = pb.Beacon.encode({ version: 2, nodeLoad: 0, cycleInterval: 1, shards: [], timestamp: 1n })
      expectError(() => decodeBeacon(bytes), 'UnsupportedVersionError')
    })

    it('no version is MalformedMessageError', () => {
      expectError(() => decodeStateDiff(rawSdm({ version: 0 })), 'MalformedMessageError')
    })
  })

  describe('truncated input', () => {
    const encoded: Array<[string, Uint8Array, (b: Uint8Array) => unknown]> = [
      ['entropy packet', encodeEntropyPacket(ep()), decodeEntropyPacket],
      ['state diff', encodeStateDiff(sdm()), decodeStateDiff],
      ['leaving state diff', encodeStateDiff(sdm({ leaving: true })), decodeStateDiff],
      ['beacon', encodeBeacon(beacon()), decodeBeacon],
      ['sync request', encodeSyncRequest(syncRequest()), decodeSyncRequest],
      ['sync response', encodeSyncResponse(syncResponse()), decodeSyncResponse],
      ['evidence', encodeEvidence(evidence()), decodeEvidence]
    ]

    for (const [what, bytes, decode] of encoded) {
      it(`${what} cut at every length is a typed error`, () => {
        for (let length = 0; length < bytes.byteLength; length++) {
          expect(() => decode(bytes.subarray(0, length)), `${what} cut to ${length} bytes`)
            .to.throw().with.property('name').that.matches(/^(MalformedMessageError|UnsupportedVersionError|NonFiniteNumberError|LimitExceededError)$/)
        }
      })
    }

    it('an empty buffer', () => {
      expectError(() => decodeStateDiff(new Uint8Array(0)), 'MalformedMessageError')
    })

    it('a missing nonce (cut at a field boundary)', () => {
      expectError(() => decodeStateDiff(rawSdm({ nonce: 0 })), 'MalformedMessageError')
    })

    it('a bad wire type', () => {
      expectError(() => decodeStateDiff(Uint8Array.from([0x0f, 0x01])), 'MalformedMessageError')
    })

    it('not a Uint8Array', () => {
      expectError(() => decodeStateDiff('hello' as any), 'MalformedMessageError')
    })
  })
})
