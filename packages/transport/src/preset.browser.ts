import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { sharedOptions, sharedServices } from './services.ts'
import type { PresetInit } from './init.ts'
import type { LvsPreset } from './services.ts'

/**
 * libp2p options for an LVS node in the browser: WebRTC (no STUN unless
 * given), WebSockets and circuit relay transports, listening for relayed
 * WebRTC connections, Noise, yamux, identify, ping, gossipsub tuned for LVS,
 * a Kademlia DHT client, bootstrap and pubsub peer discovery.
 */
export function lvsPreset (init: PresetInit = {}): LvsPreset {
  return {
    addresses: {
      listen: init.listen ?? ['/p2p-circuit', '/webrtc']
    },
    transports: [
      webRTC({ rtcConfiguration: { iceServers: init.iceServers ?? [] } }),
      webSockets(),
      circuitRelayTransport()
    ],
    ...sharedOptions(init),
    services: sharedServices(init, false)
  }
}
