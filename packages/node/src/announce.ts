import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { PEER_DISCOVERY_TOPIC } from '@lvs/transport'
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
