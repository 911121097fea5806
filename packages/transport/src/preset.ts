import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { tcp } from '@libp2p/tcp'
import { webRTC } from '@libp2p/webrtc'
import { DEFAULT_HOST, RELAY_RESERVATIONS, TCP_INACTIVITY_TIMEOUT_MS } from './constants.ts'
import { sharedOptions, sharedServices } from './services.ts'
import { nodeWebSockets } from './websockets.node.ts'
import type { PresetInit } from './init.ts'
import type { LvsPreset } from './services.ts'

/**
 * libp2p options for an LVS node in Node.js: TCP, WebSockets, WebRTC (bound
 * to `host`, no STUN unless given) and circuit relay transports, Noise,
 * yamux, identify, ping, gossipsub tuned for LVS, a Kademlia DHT server,
 * bootstrap and pubsub peer discovery, and optionally a circuit relay
 * server for browsers.
 */
export function lvsPreset (init: PresetInit = {}): LvsPreset {
  const host = init.host ?? DEFAULT_HOST
  const services: Record<string, any> = sharedServices(init, true)

  if (init.relayServer === true) {
    services.relay = circuitRelayServer({ reservations: { maxReservations: init.relayReservations ?? RELAY_RESERVATIONS } })
  }

  return {
    addresses: {
      listen: init.listen ?? [
        `/ip4/${host}/tcp/${init.tcpPort ?? 0}`,
        `/ip4/${host}/tcp/${init.wsPort ?? 0}/ws`,
        '/webrtc'
      ],
      ...(init.announce != null && init.announce.length > 0 ? { announce: init.announce } : {})
    },
    transports: [
      // sockets idle for the ping interval stay open (constants.ts)
      tcp({ inboundSocketInactivityTimeout: TCP_INACTIVITY_TIMEOUT_MS, outboundSocketInactivityTimeout: TCP_INACTIVITY_TIMEOUT_MS }),
      // dials with the ws package: Node's own WebSocket keeps 20 KB per origin ever dialed (websockets.node.ts)
      nodeWebSockets(),
      // node-datachannel takes bindAddress in the RTC configuration
      webRTC({ rtcConfiguration: { iceServers: init.iceServers ?? [], bindAddress: host } as RTCConfiguration }),
      circuitRelayTransport()
    ],
    ...sharedOptions(init),
    services: services as LvsPreset['services']
  }
}
