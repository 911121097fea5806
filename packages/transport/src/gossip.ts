import { StrictSign, gossipsub } from '@libp2p/gossipsub'
import { BEACON_TOPIC, ENTROPY_TOPIC, EVIDENCE_TOPIC_PREFIX, SHARD_TOPIC_PREFIX } from '@lvs/codec'
import { sha256 } from '@noble/hashes/sha2.js'
import { concat } from 'uint8arrays/concat'
import { fromString } from 'uint8arrays/from-string'
import { APP_SPECIFIC_WEIGHT, COLOCATION_WHITELIST, HEARTBEAT_INTERVAL_MS, LEAN_MESH, MESSAGE_ID_BYTES, SCORE_THRESHOLDS } from './constants.ts'
import type { GossipSub, GossipSubComponents, Message } from '@libp2p/gossipsub'

export interface GossipInit {
  /** gossipsub application score of a peer (the LVS guard's), default 0 for all */
  appSpecificScore?(peer: string): number
  /**
   * How long gossipsub keeps the score of a peer that disconnected, ms
   * (default gossipsub's, 1 hour: a peer that misbehaved and comes back
   * finds its score). Each kept score is memory a relay with churn holds
   * for that long
   */
  retainScore?: number
}

/** Topics whose payloads LVS writes, each unique (nonce, timestamp or random vector) */
function lvsPayloadTopic (topic: string): boolean {
  return topic.startsWith(SHARD_TOPIC_PREFIX) || topic.startsWith(EVIDENCE_TOPIC_PREFIX) || topic === ENTROPY_TOPIC || topic === BEACON_TOPIC
}

/**
 * The message id: the first 12 bytes of SHA-256 over the topic, the signer
 * and the payload. Over the payload (not the sequence number), so a replayed
 * message is a duplicate; the SDM's random nonce keeps two equal states
 * apart. On other topics (pubsub peer discovery, the application's own),
 * where a sender may publish the same bytes again on purpose, the sequence
 * number is hashed too.
 */
export function messageId (message: Message): Uint8Array {
  const from = message.type === 'signed' ? message.from.toMultihash().bytes : new Uint8Array(0)
  const parts = [fromString(message.topic), from, message.data]

  if (message.type === 'signed' && !lvsPayloadTopic(message.topic)) {
    const seqno = new Uint8Array(8)
    new DataView(seqno.buffer).setBigUint64(0, BigInt.asUintN(64, message.sequenceNumber))
    parts.push(seqno)
  }

  return sha256(concat(parts)).subarray(0, MESSAGE_ID_BYTES)
}

/**
 * gossipsub tuned for LVS: signed messages (StrictSign: an SDM's origin is
 * authenticated, so no peer can write another's entry), message ids over the
 * payload, the lean mesh, usable over relayed (limited) connections, and the
 * guard's score as the application score
 */
export function lvsGossipsub (init: GossipInit = {}): (components: GossipSubComponents) => GossipSub {
  return gossipsub({
    ...LEAN_MESH,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    globalSignaturePolicy: StrictSign,
    msgIdFn: messageId,
    floodPublish: false,
    fallbackToFloodsub: false,
    allowPublishToZeroTopicPeers: true,
    runOnLimitedConnection: true,
    scoreParams: {
      appSpecificScore: peer => init.appSpecificScore?.(peer) ?? 0,
      appSpecificWeight: APP_SPECIFIC_WEIGHT,
      IPColocationFactorWhitelist: new Set(COLOCATION_WHITELIST),
      ...(init.retainScore == null ? {} : { retainScore: init.retainScore })
    },
    scoreThresholds: SCORE_THRESHOLDS
  })
}
