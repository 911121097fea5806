import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { PING_INTERVAL_MS } from './constants.ts'
import { PEER_DISCOVERY_INTERVAL_MS, PEER_DISCOVERY_TOPIC, sharedServices } from './services.ts'
import type { PresetInit } from './init.ts'
import type { PresetServices } from './services.ts'
import type { Libp2pOptions } from 'libp2p'

/**
 * libp2p options for an LVS node in the browser: WebRTC (no STUN unless
 * given), WebSockets and circuit relay transports, listening for relayed
 * WebRTC connections, Noise, yamux, identify, ping, gossipsub tuned for LVS,
 * a Kademlia DHT client, bootstrap and pubsub peer discovery.
 */
export function lvsPreset (init: PresetInit = {}): Libp2pOptions<PresetServices> {
  return {
    addresses: {
      listen: init.listen ?? ['/p2p-circuit', '/webrtc']
    },
    transports: [
      webRTC({ rtcConfiguration: { iceServers: init.iceServers ?? [] } }),
      webSockets(),
      circuitRelayTransport()
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [
      ...(init.bootstrap != null && init.bootstrap.length > 0 ? [bootstrap({ list: init.bootstrap })] : []),
      pubsubPeerDiscovery({ interval: PEER_DISCOVERY_INTERVAL_MS, topics: [PEER_DISCOVERY_TOPIC] })
    ],
    connectionMonitor: { pingInterval: PING_INTERVAL_MS },
    // browsers refuse ws:// to private addresses by default; demos and tests use 127.0.0.1
    ...(init.allowPrivateAddresses === false ? {} : { connectionGater: { denyDialMultiaddr: () => false } }),
    services: sharedServices(init, false) as any
  }
}
