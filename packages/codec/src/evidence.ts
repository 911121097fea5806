import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_MESSAGES, PROTOCOL_VERSION } from './constants.ts'
import { checkEnvelope, ownEnvelope } from './envelope.ts'
import { LimitExceededError, MalformedMessageError } from './errors.ts'
import { Evidence as pb } from './messages.ts'
import { checkShardId, checkUint32, checkVersion, decodeLimited } from './validate.ts'
import { EVIDENCE_LAYOUT } from './wire.ts'
import type { SignedEnvelope } from './envelope.ts'
import type { Evidence as EvidencePb } from './messages.ts'

/**
 * Proof of a peer's misbehaviour: the signed message(s) that show it,
 * published on `/lvs/1/evidence/<shard>` so every replica reaches the same
 * verdict. What `kind` means is the guard's business; the codec only
 * requires it to be set.
 */
export interface Evidence {
  shardId: string
  /** >= 1 */
  kind: number
  /** one or two signed messages */
  messages: SignedEnvelope[]
}

/** The evidence with its messages' bytes copied (see `ownEnvelope`), for a long-lived holder */
export function ownEvidence (evidence: Evidence): Evidence {
  return { ...evidence, messages: evidence.messages.map(ownEnvelope) }
}

/** Checks evidence before it is encoded or after it was decoded */
export function checkEvidence (evidence: Evidence): void {
  checkShardId(evidence.shardId, 'evidence')
  checkUint32(evidence.kind, 1, 'evidence kind')

  if (!Array.isArray(evidence.messages) || evidence.messages.length === 0) {
    throw new MalformedMessageError('evidence holds no message')
  }

  if (evidence.messages.length > MAX_EVIDENCE_MESSAGES) {
    throw new LimitExceededError(`evidence holds ${evidence.messages.length} messages, more than ${MAX_EVIDENCE_MESSAGES}`)
  }

  evidence.messages.forEach((message, i) => { checkEnvelope(message, `evidence message ${i}`) })
}

/** Evidence as protons encodes it, on its own or inside a sync page or stored chunk */
export function toEvidencePb (evidence: Evidence): EvidencePb {
  return {
    version: PROTOCOL_VERSION,
    shardId: evidence.shardId,
    kind: evidence.kind,
    // protons only reads the byte fields: any Uint8Array will do
    messages: evidence.messages as EvidencePb['messages']
  }
}

/** Evidence protons decoded, with its version checked (call checkEvidence after) */
export function fromEvidencePb (message: EvidencePb, what = 'evidence'): Evidence {
  checkVersion(message.version, what)

  return { shardId: message.shardId, kind: message.kind, messages: message.messages }
}

export function encodeEvidence (evidence: Evidence): Uint8Array {
  checkEvidence(evidence)

  return pb.encode(toEvidencePb(evidence))
}

/**
 * Decodes evidence, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeEvidence (bytes: Uint8Array): Evidence {
  const message = decodeLimited(pb, bytes, MAX_EVIDENCE_BYTES, 'evidence', EVIDENCE_LAYOUT, {
    messages: MAX_EVIDENCE_MESSAGES
  })

  const evidence = fromEvidencePb(message)
  checkEvidence(evidence)

  return evidence
}
