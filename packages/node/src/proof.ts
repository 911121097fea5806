import { publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromMultihash } from '@libp2p/peer-id'
import { CodecError, decodeStateDiff, shardTopic } from '@lvs/codec'
import * as Digest from 'multiformats/hashes/digest'
import { concat } from 'uint8arrays/concat'
import { fromString } from 'uint8arrays/from-string'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId, PrivateKey, PublicKey } from '@libp2p/interface'
import type { SignedEnvelope } from '@lvs/codec'
import type { SignedSdm } from '@lvs/engine'
import type { SignedBy } from '@lvs/vaultguard'

/** What gossipsub signs in front of the message (the libp2p pubsub spec) */
const SIGN_PREFIX = fromString('libp2p-pubsub:')

/** gossipsub's sequence numbers are 8 bytes, big endian */
const SEQNO_BYTES = 8

/** A protobuf length-delimited field: tag, length, bytes */
function field (tag: number, bytes: Uint8Array): Uint8Array {
  const length: number[] = []
  let n = bytes.byteLength

  do {
    length.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0))
    n >>>= 7
  } while (n > 0)

  return concat([Uint8Array.of(tag), Uint8Array.from(length), bytes])
}

/**
 * The bytes a gossipsub signature covers: "libp2p-pubsub:" and the pubsub
 * RPC message with `from` (1), `data` (2), `seqno` (3) and `topic` (4),
 * without signature and key, as gossipsub encodes it
 */
export function signedBytes (envelope: Pick<SignedEnvelope, 'from' | 'data' | 'seqno' | 'topic'>): Uint8Array {
  return concat([SIGN_PREFIX, field(0x0a, envelope.from), field(0x12, envelope.data), field(0x1a, envelope.seqno), field(0x22, fromString(envelope.topic))])
}

/** The public key must travel only when the peer id does not embed it (RSA) */
function keyBytes (peerId: PeerId, key: PublicKey): Uint8Array {
  return peerId.publicKey != null ? new Uint8Array(0) : publicKeyToProtobuf(key)
}

/** A signed gossipsub message as the envelope that proves it to a third party */
export function envelopeOf (message: Extract<Message, { type: 'signed' }>): SignedEnvelope {
  const seqno = new Uint8Array(SEQNO_BYTES)
  new DataView(seqno.buffer).setBigUint64(0, message.sequenceNumber)

  return { from: message.from.toMultihash().bytes, data: message.data, seqno, topic: message.topic, signature: message.signature, key: keyBytes(message.from, message.key) }
}

/**
 * Signs `data` on `topic` as gossipsub would, with a random sequence
 * number: the node's own proof of its SDM, served to peers that sync (the
 * copy gossipsub published has another sequence number and signature; both
 * check)
 */
export async function signEnvelope (privateKey: PrivateKey, peerId: PeerId, topic: string, data: Uint8Array): Promise<SignedEnvelope> {
  const seqno = globalThis.crypto.getRandomValues(new Uint8Array(SEQNO_BYTES))
  const unsigned = { from: peerId.toMultihash().bytes, data, seqno, topic }
  const signature = await privateKey.sign(signedBytes(unsigned))

  return { ...unsigned, signature, key: keyBytes(peerId, privateKey.publicKey) }
}

/**
 * The signer of an envelope when its signature checks, else undefined.
 * Never throws: a malformed peer id, key or signature is simply not proof.
 */
export async function verifyEnvelope (envelope: SignedEnvelope): Promise<PeerId | undefined> {
  try {
    if (envelope.seqno.byteLength !== SEQNO_BYTES) {
      return undefined
    }

    const signer = peerIdFromMultihash(Digest.decode(envelope.from))
    const key: PublicKey | undefined = envelope.key.byteLength > 0 ? publicKeyFromProtobuf(envelope.key) : signer.publicKey

    if (key == null || !signer.equals(key.toMultihash().bytes)) {
      return undefined
    }

    return await key.verify(signedBytes(envelope), envelope.signature) ? signer : undefined
  } catch {
    return undefined
  }
}

/**
 * An envelope as a signed SDM of `shard`: its signature checks, it was
 * published on the shard's topic, and its data is an SDM of the shard.
 * Undefined otherwise (the caller charges whoever sent it).
 */
export async function verifySdm (envelope: SignedEnvelope, shard: string): Promise<SignedSdm | undefined> {
  if (envelope.topic !== shardTopic(shard)) {
    return undefined
  }

  const signer = await verifyEnvelope(envelope)

  if (signer == null) {
    return undefined
  }

  try {
    const sdm = decodeStateDiff(envelope.data)
    return sdm.shardId === shard ? { origin: signer.toString(), sdm, proof: envelope } : undefined
  } catch (err) {
    if (err instanceof CodecError) {
      return undefined
    }

    throw err
  }
}

/** The messages of a piece of evidence with their signers, when every one checks; undefined otherwise */
export async function verifyEvidence (messages: readonly SignedEnvelope[], shard: string): Promise<SignedBy[] | undefined> {
  const signed = await Promise.all(messages.map(async envelope => verifySdm(envelope, shard)))

  if (signed.some(message => message == null)) {
    return undefined
  }

  return (signed as SignedSdm[]).map(message => ({ origin: message.origin, message: message.sdm }))
}
