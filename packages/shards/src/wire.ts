import { decodeStateDiff, ownEnvelope } from '@lvs/codec'
import { keyOf } from './shard.ts'
import type { Entry } from './shard.ts'
import type { SignedEnvelope, StateDiff, TableEntry } from '@lvs/codec'

/** An entry as it travels: its proof and nothing else */
export function toWire (entry: Entry): TableEntry {
  return { proof: entry.proof }
}

/**
 * The entry a signed SDM makes, heard at `lastSeen` (ms). The caller
 * checked the signature, or read it from its own datastore. The entry
 * keeps a copy of the proof's bytes, not views into the buffer they came in.
 *
 * @throws {CodecError} when the envelope does not hold an SDM
 */
export function fromSigned (proof: SignedEnvelope, lastSeen: number, sdm: StateDiff = decodeStateDiff(proof.data)): Entry {
  return {
    key: keyOf(proof.from),
    cycleId: sdm.cycleId,
    input: sdm.input,
    state: sdm.state,
    driftWeight: sdm.driftWeight,
    lastSeen,
    status: sdm.leaving === true ? 'dormant' : 'live',
    ...(sdm.leaving === true ? { leaving: true } : {}),
    proof: ownEnvelope(proof)
  }
}
