import { expect } from 'aegir/chai'
import fc from 'fast-check'
import {
  CodecError,
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
import { beacon, ep, evidence, sdm, storedChunk, syncRequest, syncResponse } from './fixtures.ts'

interface Subject {
  name: string
  valid: Uint8Array
  decode(bytes: Uint8Array): unknown
  encode(message: any): Uint8Array
}

const subjects: Subject[] = [
  { name: 'entropy packet', valid: encodeEntropyPacket(ep()), decode: decodeEntropyPacket, encode: encodeEntropyPacket },
  { name: 'state diff', valid: encodeStateDiff(sdm()), decode: decodeStateDiff, encode: encodeStateDiff },
  { name: 'beacon', valid: encodeBeacon(beacon()), decode: decodeBeacon, encode: encodeBeacon },
  { name: 'sync request', valid: encodeSyncRequest(syncRequest()), decode: decodeSyncRequest, encode: encodeSyncRequest },
  { name: 'sync response', valid: encodeSyncResponse(syncResponse({ evidence: [evidence()] })), decode: decodeSyncResponse, encode: encodeSyncResponse },
  { name: 'stored chunk', valid: encodeStoredChunk(storedChunk()), decode: decodeStoredChunk, encode: encodeStoredChunk },
  { name: 'evidence', valid: encodeEvidence(evidence()), decode: decodeEvidence, encode: encodeEvidence }
]

type Mutation =
  | { type: 'flip', at: number, value: number }
  | { type: 'insert', at: number, bytes: Uint8Array }
  | { type: 'delete', at: number, count: number }
  | { type: 'truncate', at: number }
  | { type: 'duplicate', at: number, count: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ type: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) })
)

function mutate (bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = Array.from(bytes)

  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length

    switch (m.type) {
      case 'flip': out[at] = m.value; break
      case 'insert': out.splice(at, 0, ...m.bytes); break
      case 'delete': out.splice(at, m.count); break
      case 'truncate': out = out.slice(0, at); break
      case 'duplicate': out.splice(at, 0, ...out.slice(at, at + m.count)); break
      default: throw new Error('unknown mutation')
    }
  }

  return Uint8Array.from(out)
}

/**
 * The contract of every decoder: a valid message (one the encoder accepts
 * again) or a typed CodecError, never another exception
 */
function decodesOrRejects (subject: Subject, bytes: Uint8Array): void {
  let message: unknown

  try {
    message = subject.decode(bytes)
  } catch (err) {
    if (!(err instanceof CodecError)) {
      throw new Error(`${subject.name} threw ${String(err)} for bytes ${Array.from(bytes).join(',')}`)
    }

    expect(err.name).to.match(/Error$/)
    return
  }

  expect(() => subject.encode(message)).to.not.throw()
}

describe('decoders under fuzzing', function () {
  this.timeout(60_000)

  for (const subject of subjects) {
    it(`${subject.name}: random bytes`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), bytes => {
        decodesOrRejects(subject, bytes)
      }), { numRuns: 1000 })
    })

    it(`${subject.name}: mutations of a valid message`, () => {
      let rejected = 0

      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), mutations => {
        const bytes = mutate(subject.valid, mutations)
        try {
          subject.decode(bytes)
        } catch {
          rejected++
        }
        decodesOrRejects(subject, bytes)
      }), { numRuns: 1000 })

      // the mutations must reach the checks, not only produce valid messages
      expect(rejected).to.be.above(100)
    })
  }
})
