/**
 * An attacker's toolkit: a plain js-libp2p peer (TCP, Noise, yamux,
 * identify, gossipsub with its default StrictSign policy) that imports
 * nothing of LVS, and LVS messages written with protobufjs from the
 * codec's `.proto` itself, so it can write bytes the LVS codec would
 * refuse to encode. What it sends is only what the wire allows.
 */
import { readFileSync } from 'node:fs'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { createLibp2p } from 'libp2p'
import protobuf from 'protobufjs'
import { concat } from 'uint8arrays/concat'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'

export const SHARD = 'drift'
export const SHARD_TOPIC = '/lvs/1/shard/drift'
export const EVIDENCE_TOPIC = '/lvs/1/evidence/drift'
export const BEACON_TOPIC = '/lvs/1/beacon'
export const SYNC_PROTOCOL = '/lvs/sync/2.0.0'
const SIGN_PREFIX = fromString('libp2p-pubsub:')

export const proto = protobuf.parse(readFileSync(new URL('../../codec/src/messages.proto', import.meta.url), 'utf8')).root
export const StateDiff = proto.lookupType('StateDiff')
export const SignedEnvelope = proto.lookupType('SignedEnvelope')
export const TableEntry = proto.lookupType('TableEntry')
export const SyncRequest = proto.lookupType('SyncRequest')
export const SyncResponse = proto.lookupType('SyncResponse')
export const Beacon = proto.lookupType('Beacon')
export const Evidence = proto.lookupType('Evidence')

/** A SignedEnvelope as the attacker handles it */
export interface Envelope {
  from: Uint8Array
  data: Uint8Array
  seqno: Uint8Array
  topic: string
  signature: Uint8Array
  key: Uint8Array
}

export type PlainPeer = Libp2p<{ identify: Identify, pubsub: GossipSub }>

export const random = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n))

/** The entry key of an envelope: its peer id as text (base58btc of the multihash) */
export const keyOf = (proof: Envelope): string => toString(proof.from, 'base58btc')

/** The plain peer; with `listen`, on a TCP port of 127.0.0.1 (else only the peers it dials reach it) */
export async function createPlainPeer (options: { privateKey?: PrivateKey, listen?: boolean } = {}): Promise<PlainPeer> {
  return createLibp2p({
    ...(options.privateKey == null ? {} : { privateKey: options.privateKey }),
    ...(options.listen === true ? { addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] } } : {}),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true })
    }
  })
}

export function envelope (message: protobuf.Message): Envelope {
  const e = message as unknown as Envelope
  return { from: e.from, data: e.data, seqno: e.seqno, topic: e.topic, signature: e.signature, key: e.key ?? new Uint8Array(0) }
}

/** An SDM of the default shard written by protobufjs; `input` and `state` as given, checked by nobody */
export function sdm (input: number[], fields: { cycleId?: number, state?: number[] } = {}): Uint8Array {
  return StateDiff.encode(StateDiff.create({
    version: 1,
    shardId: SHARD,
    cycleId: fields.cycleId ?? Date.now(),
    input,
    state: fields.state ?? input,
    driftWeight: 1,
    nonce: 1 + Math.floor(Math.random() * 0xfffffffe)
  })).finish()
}

/** Evidence of `kind` holding `messages` (signed envelopes) */
export function evidence (kind: number, messages: unknown[]): Uint8Array {
  return Evidence.encode(Evidence.create({ version: 1, shardId: SHARD, messages, kind })).finish()
}

/** Signs `data` on the shard topic exactly as gossipsub does: "libp2p-pubsub:" + the RPC message {from, data, seqno, topic} */
export async function sign (privateKey: PrivateKey, data: Uint8Array): Promise<Envelope> {
  const from = peerIdFromPrivateKey(privateKey).toMultihash().bytes
  const unsigned = { from, data, seqno: random(8), topic: SHARD_TOPIC }
  const signature = await privateKey.sign(concat([SIGN_PREFIX, SignedEnvelope.encode(SignedEnvelope.create(unsigned)).finish()]))
  return { ...unsigned, signature, key: new Uint8Array(0) }
}

/** What anyone can do: ask a node for the first page of its table over `/lvs/sync/2.0.0` and read the signed entries */
export async function fetchTable (peer: PlainPeer, target: PeerId): Promise<{ entries: Envelope[], last: boolean }> {
  const stream = await peer.dialProtocol(target, SYNC_PROTOCOL)
  const lp = lpStream(stream, { maxDataLength: 1024 * 1024 })
  await lp.write(SyncRequest.encode(SyncRequest.create({ version: 1, shardId: SHARD, cursor: new Uint8Array(0), limit: 256 })).finish())
  const response = SyncResponse.decode((await lp.read()).subarray()) as unknown as { entries: Array<{ proof: protobuf.Message }>, nextCursor: Uint8Array }
  await stream.close()
  // protobufjs reads an absent bytes field as an empty array
  return { entries: response.entries.map(entry => envelope(entry.proof)), last: (response.nextCursor?.length ?? 0) === 0 }
}
