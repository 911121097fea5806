import { StrictSign, gossipsub } from '@libp2p/gossipsub'
import { sha256 } from '@noble/hashes/sha2.js'
import { concat } from 'uint8arrays/concat'
import { fromString } from 'uint8arrays/from-string'
import { APP_SPECIFIC_WEIGHT, HEARTBEAT_INTERVAL_MS, LEAN_MESH, MESSAGE_ID_BYTES, SCORE_THRESHOLDS } from './constants.ts'
import type { GossipSub, GossipSubComponents, Message } from '@libp2p/gossipsub'

export interface GossipInit {
  /** gossipsub application score of a peer (the LVS guard's), default 0 for all */
  appSpecificScore?(peer: string): number
}

/**
 * The message id: the first 12 bytes of SHA-256 over the topic, the signer
 * and the payload. Over the payload (not the sequence number), so a replayed
 * message is a duplicate; the SDM's random nonce keeps two equal states
 * apart.
 */
export function messageId (message: Message): Uint8Array {
  const from = message.type === 'signed' ? message.from.toMultihash().bytes : new Uint8Array(0)

  return sha256(concat([fromString(message.topic), from, message.data])).subarray(0, MESSAGE_ID_BYTES)
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
      appSpecificWeight: APP_SPECIFIC_WEIGHT
    },
    scoreThresholds: SCORE_THRESHOLDS
  })
}
