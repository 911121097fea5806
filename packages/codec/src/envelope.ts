import { MAX_ENVELOPE_BYTES, MAX_KEY_BYTES, MAX_STATE_DIFF_BYTES } from './constants.ts'
import { LimitExceededError, MalformedMessageError } from './errors.ts'
import { checkBytes } from './validate.ts'
import type { SignedEnvelope as SignedEnvelopePb } from './messages.ts'

/**
 * A gossipsub message exactly as its origin signed it. The codec only bounds
 * its fields; checking the signature is the receiver's job.
 */
export interface SignedEnvelope {
  from: Uint8Array
  data: Uint8Array
  seqno: Uint8Array
  topic: string
  signature: Uint8Array
  /** the origin's public key, empty when the peer id embeds it */
  key: Uint8Array
}

/** Longest topic string an envelope may name */
const MAX_TOPIC_LENGTH = 128

/** Longest signature (Ed25519: 64 bytes, secp256k1 DER: up to 72) */
const MAX_SIGNATURE_BYTES = 128

/** Longest public key in protobuf form */
const MAX_PUBLIC_KEY_BYTES = 128

/** Longest gossipsub sequence number (8 bytes) with head room */
const MAX_SEQNO_BYTES = 32

export function checkEnvelope (envelope: SignedEnvelope | SignedEnvelopePb, what: string): void {
  if (envelope == null || typeof envelope !== 'object') {
    throw new MalformedMessageError(`${what} is missing`)
  }

  checkBytes(envelope.from, MAX_KEY_BYTES, `${what} origin`, 1)
  checkBytes(envelope.data, MAX_STATE_DIFF_BYTES, `${what} data`, 1)
  checkBytes(envelope.seqno, MAX_SEQNO_BYTES, `${what} sequence number`)
  checkBytes(envelope.signature, MAX_SIGNATURE_BYTES, `${what} signature`, 1)
  checkBytes(envelope.key, MAX_PUBLIC_KEY_BYTES, `${what} key`)

  if (typeof envelope.topic !== 'string' || envelope.topic.length === 0) {
    throw new MalformedMessageError(`${what} has no topic`)
  }

  if (envelope.topic.length > MAX_TOPIC_LENGTH) {
    throw new LimitExceededError(`${what} topic has ${envelope.topic.length} characters, more than ${MAX_TOPIC_LENGTH}`)
  }

  const size = envelope.from.byteLength + envelope.data.byteLength + envelope.seqno.byteLength +
    envelope.topic.length + envelope.signature.byteLength + envelope.key.byteLength

  if (size > MAX_ENVELOPE_BYTES) {
    throw new LimitExceededError(`${what} has ${size} bytes, more than ${MAX_ENVELOPE_BYTES}`)
  }
}

/**
 * The envelope with its byte fields copied into one array of its own. A
 * decoded field is a view into the buffer it was read from (a sync page, a
 * stored chunk, a slab of Node's Buffer pool), so keeping the view keeps the
 * whole buffer; a long-lived holder (a table entry) keeps this copy instead.
 * The five fields are views into a single copy: each ArrayBuffer costs a few
 * hundred bytes of bookkeeping beside its data, more than an SDM's fields hold.
 */
export function ownEnvelope (envelope: SignedEnvelope): SignedEnvelope {
  const fields = [envelope.from, envelope.data, envelope.seqno, envelope.signature, envelope.key]
  const copy = new Uint8Array(fields.reduce((sum, field) => sum + field.byteLength, 0))
  let offset = 0
  const [from, data, seqno, signature, key] = fields.map(field => {
    copy.set(field, offset)
    offset += field.byteLength
    return copy.subarray(offset - field.byteLength, offset)
  })

  return { from, data, seqno, topic: envelope.topic, signature, key }
}
