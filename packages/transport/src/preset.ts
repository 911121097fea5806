import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { bootstrap } from '@libp2p/bootstrap'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import { tcp } from '@libp2p/tcp'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { DEFAULT_HOST, PING_INTERVAL_MS } from './constants.ts'
import { PEER_DISCOVERY_INTERVAL_MS, PEER_DISCOVERY_TOPIC, sharedServices } from './services.ts'
import type { PresetInit } from './init.ts'
import type { PresetServices } from './services.ts'
import type { Libp2pOptions } from 'libp2p'

/**
 * libp2p options for an LVS node in Node.js: TCP, WebSockets, WebRTC (bound
 * to `host`, no STUN unless given) and circuit relay transports, Noise,
 * yamux, identify, ping, gossipsub tuned for LVS, a Kademlia DHT server,
 * bootstrap and pubsub peer discovery, and optionally a circuit relay
 * server for browsers.
 */
export function lvsPreset (init: PresetInit = {}): Libp2pOptions<PresetServices> {
  const host = init.host ?? DEFAULT_HOST
  const services: Record<string, any> = sharedServices(init, true)

  if (init.relayServer === true) {
    services.relay = circuitRelayServer()
  }

  return {
    addresses: {
      listen: init.listen ?? [
        `/ip4/${host}/tcp/${init.tcpPort ?? 0}`,
        `/ip4/${host}/tcp/${init.wsPort ?? 0}/ws`,
        '/webrtc'
      ]
    },
    transports: [
      tcp(),
      webSockets(),
      // node-datachannel takes bindAddress in the RTC configuration
      webRTC({ rtcConfiguration: { iceServers: init.iceServers ?? [], bindAddress: host } as RTCConfiguration }),
      circuitRelayTransport()
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [
      ...(init.bootstrap != null && init.bootstrap.length > 0 ? [bootstrap({ list: init.bootstrap })] : []),
      pubsubPeerDiscovery({ interval: PEER_DISCOVERY_INTERVAL_MS, topics: [PEER_DISCOVERY_TOPIC] })
    ],
    connectionMonitor: { pingInterval: PING_INTERVAL_MS },
    ...(init.allowPrivateAddresses === false ? {} : { connectionGater: { denyDialMultiaddr: () => false } }),
    services: services as any
  }
}
