import { decodeStateDiff, ownEnvelope } from '@lvs/codec'
import { keyOf } from './shard.ts'
import type { Entry } from './shard.ts'
import type { SignedEnvelope, StateDiff, TableEntry } from '@lvs/codec'

/** An entry as it travels: its proof and nothing else */
export function toWire (entry: Entry): TableEntry {
  return { proof: entry.proof }
}

/** What an entry reads of its SDM: a decoded one, or one the caller already holds */
export type EntryFields = Pick<StateDiff, 'cycleId' | 'input' | 'state' | 'driftWeight' | 'leaving'>

/**
 * The entry a signed SDM makes, heard at `lastSeen` (ms), under `key`
 * (the signer's). The caller checked the signature, or read it from its
 * own datastore, and passes the SDM when it has decoded it already. The
 * entry keeps copies of the proof's bytes and of the vectors, not views
 * into the buffer they came in or arrays the caller may change.
 *
 * @throws {CodecError} when the envelope does not hold an SDM
 */
export function fromSigned (proof: SignedEnvelope, lastSeen: number, sdm: EntryFields = decodeStateDiff(proof.data), key: string = keyOf(proof.from)): Entry {
  return {
    key,
    cycleId: sdm.cycleId,
    input: [...sdm.input],
    state: [...sdm.state],
    driftWeight: sdm.driftWeight,
    lastSeen,
    status: sdm.leaving === true ? 'dormant' : 'live',
    ...(sdm.leaving === true ? { leaving: true } : {}),
    proof: ownEnvelope(proof)
  }
}
