import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { PEER_DISCOVERY_TOPIC } from '@lvs/transport'
import { ANNOUNCE_INTERVAL_MS, ANNOUNCE_RETRY_MS } from './constants.ts'
import { everyStretched } from './timers.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The topic of pubsub peer discovery (`@libp2p/pubsub-peer-discovery`), as the LVS presets subscribe to it */
export const ANNOUNCE_TOPIC = PEER_DISCOVERY_TOPIC

function varint (n: number): number[] {
  const out: number[] = []

  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }

  out.push(n)
  return out
}

/**
 * A peer record as `@libp2p/pubsub-peer-discovery` encodes it (`Peer {
 * bytes publicKey = 1; repeated bytes addrs = 2 }`), so that the module,
 * listening only, hands it to libp2p as a discovered peer
 */
export function encodePeerRecord (peerId: PeerId, addrs: readonly Multiaddr[]): Uint8Array {
  if (peerId.publicKey == null) {
    throw new Error('a peer id without its public key cannot be announced')
  }

  const field = (tag: number, bytes: Uint8Array): number[] => [tag, ...varint(bytes.byteLength), ...bytes]
  return Uint8Array.from([...field(0x0a, publicKeyToProtobuf(peerId.publicKey)), ...addrs.flatMap(addr => field(0x12, addr.bytes))])
}

export interface AnnounceInit {
  peerId: PeerId
  pubsub: Pick<GossipSub, 'getSubscribers' | 'publish'>
  /** the addresses to announce, read at each announcement */
  addresses(): Multiaddr[]
  /** how many times the interval is stretched (the swarm-wide pace) */
  stretch(): number
}

/**
 * Announces this node's addresses on the pubsub peer discovery topic,
 * where `@libp2p/pubsub-peer-discovery` (listening only in the LVS presets)
 * hands them to libp2p: once as soon as a peer listens, then at the
 * stretched pace, until `signal` aborts. Nothing when nobody subscribes to
 * the topic (an app without pubsub peer discovery)
 */
export async function announceUntil (init: AnnounceInit, signal: AbortSignal, onError: (err: Error) => void): Promise<void> {
  let announced = false
  const announce = async (): Promise<void> => {
    if (init.pubsub.getSubscribers(ANNOUNCE_TOPIC).length === 0) {
      return
    }

    await init.pubsub.publish(ANNOUNCE_TOPIC, encodePeerRecord(init.peerId, init.addresses()))
    announced = true
  }

  await everyStretched(() => announced ? ANNOUNCE_INTERVAL_MS : ANNOUNCE_RETRY_MS, () => announced ? init.stretch() : 1, announce, signal, onError)
}
