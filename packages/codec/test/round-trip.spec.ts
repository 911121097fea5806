import { expect } from 'aegir/chai'
import {
  createNonce,
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
  encodeSyncResponse,
  evidenceTopic,
  ownEnvelope,
  shardTopic
} from '../src/index.ts'
import { beacon, envelope, ep, evidence, sdm, storedChunk, syncRequest, syncResponse } from './fixtures.ts'

describe('round trips', () => {
  it('state diff: input exact, state as float32', () => {
    const message = sdm({ state: [4.1, -0.3] })
    const decoded = decodeStateDiff(encodeStateDiff(message))

    expect(decoded).to.deep.equal({ ...message, state: message.state.map(Math.fround) })
    expect(decoded.input[0]).to.equal(5.123456789)
  })

  it('state diff for k = 2 in shard "drift" fits in 64 bytes', () => {
    const largest = sdm({
      cycleId: Number.MAX_SAFE_INTEGER,
      input: [-1.2345678901234e300, 9.87654321e-300],
      state: [-3.3e38, 1.1e-38],
      driftWeight: 0.123,
      nonce: 0xffffffff
    })

    expect(encodeStateDiff(largest).byteLength).to.be.at.most(64)
    expect(encodeStateDiff(sdm()).byteLength).to.be.at.most(64)
  })

  it('state diff: a leaving one says so, before its nonce; any other reads as not leaving', () => {
    const leaving = sdm({ leaving: true })
    const bytes = encodeStateDiff(leaving)

    expect(decodeStateDiff(bytes)).to.deep.equal({ ...leaving, state: leaving.state.map(Math.fround) })
    // field 8 (varint 1) sits just before field 7, the nonce, which the decoder requires: a cut drops both
    expect(bytes.indexOf(64)).to.be.greaterThan(0)
    expect(bytes.indexOf(64)).to.be.lessThan(bytes.lastIndexOf(56))
    expect(decodeStateDiff(encodeStateDiff(sdm({ leaving: false })))).to.not.have.property('leaving')
    expect(decodeStateDiff(encodeStateDiff(sdm()))).to.not.have.property('leaving')
    expect(encodeStateDiff(sdm({ leaving: false }))).to.deep.equal(encodeStateDiff(sdm()))
  })

  it('state diff for k = 16', () => {
    const message = sdm({ input: Array.from({ length: 16 }, (_, i) => i * 1.5), state: Array.from({ length: 16 }, (_, i) => i) })

    expect(decodeStateDiff(encodeStateDiff(message))).to.deep.equal(message)
  })

  it('entropy packet', () => {
    expect(decodeEntropyPacket(encodeEntropyPacket(ep()))).to.deep.equal(ep())
  })

  it('entropy packet keeps a value float32 would round to 1 inside [0, 1)', () => {
    const decoded = decodeEntropyPacket(encodeEntropyPacket(ep({ entropyVector: [0.99999999, 0] })))

    expect(decoded.entropyVector[0]).to.be.below(1).and.above(0.9999)
  })

  it('beacon', () => {
    expect(decodeBeacon(encodeBeacon(beacon()))).to.deep.equal(beacon())
  })

  it('sync request', () => {
    expect(decodeSyncRequest(encodeSyncRequest(syncRequest()))).to.deep.equal(syncRequest())
    // a first page that carries the requester's digest; an empty one is no digest
    const withDigest = syncRequest({ digest: Uint8Array.from({ length: 32 }, (_, i) => i) })
    expect(decodeSyncRequest(encodeSyncRequest(withDigest))).to.deep.equal(withDigest)
    expect(decodeSyncRequest(encodeSyncRequest(syncRequest({ digest: new Uint8Array(0) })))).to.deep.equal(syncRequest())
  })

  it('sync response: entries are signed envelopes, with the evidence on the last page', () => {
    expect(decodeSyncResponse(encodeSyncResponse(syncResponse()))).to.deep.equal(syncResponse())
    const last = syncResponse({ nextCursor: new Uint8Array(0), evidence: [evidence(), evidence({ kind: 1, messages: [envelope()] })] })
    expect(decodeSyncResponse(encodeSyncResponse(last))).to.deep.equal(last)
  })

  it('stored chunk: signed envelopes with their receipt times, and evidence', () => {
    expect(decodeStoredChunk(encodeStoredChunk(storedChunk()))).to.deep.equal(storedChunk())
  })

  it('last sync page: no entries, empty cursor', () => {
    const last = syncResponse({ entries: [], nextCursor: new Uint8Array(0) })

    expect(decodeSyncResponse(encodeSyncResponse(last))).to.deep.equal(last)
  })

  it('an owned envelope: the same fields, copied into one buffer of exactly their size, shared with nothing', () => {
    const page = encodeSyncResponse(syncResponse({ entries: [{ proof: envelope() }, { proof: envelope() }] }))
    const decoded = decodeSyncResponse(page).entries[0].proof
    const owned = ownEnvelope(decoded)

    expect(owned).to.deep.equal(envelope())
    const fields = [owned.from, owned.data, owned.seqno, owned.signature, owned.key]
    expect(new Set(fields.map(field => field.buffer)).size, 'one buffer').to.equal(1)
    expect(owned.from.buffer).to.not.equal(decoded.from.buffer)
    expect(owned.from.buffer.byteLength).to.equal(fields.reduce((sum, field) => sum + field.byteLength, 0))
  })

  it('evidence', () => {
    expect(decodeEvidence(encodeEvidence(evidence()))).to.deep.equal(evidence())
  })

  it('nonces are non-zero and vary', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce))

    expect(nonces.size).to.be.above(90)
    expect(nonces.has(0)).to.be.false()
  })

  it('topics are versioned and check the shard name', () => {
    expect(shardTopic('drift')).to.equal('/lvs/1/shard/drift')
    expect(evidenceTopic('load')).to.equal('/lvs/1/evidence/load')
    expect(() => shardTopic('a/b')).to.throw().with.property('name', 'MalformedMessageError')
  })
})
