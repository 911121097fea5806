import type { GossipInit } from './gossip.ts'

export interface PresetInit extends GossipInit {
  /**
   * Host to listen on and, in Node, to bind WebRTC to. Default 127.0.0.1: a
   * node reaches nothing beyond this machine unless the operator opens it
   */
  host?: string
  /** TCP port, Node only (default 0: any free one) */
  tcpPort?: number
  /** WebSockets port, Node only (default 0: any free one) */
  wsPort?: number
  /** Multiaddrs of bootstrap peers (relays) */
  bootstrap?: string[]
  /** Node only: serve circuit relay v2 for browsers (default false) */
  relayServer?: boolean
  /** Node only, with `relayServer`: browsers the relay holds a reservation for (default 128; libp2p's own default is 15) */
  relayReservations?: number
  /** Connections the node keeps before it prunes and refuses new ones (default libp2p's: 300 in Node, 100 in browsers) */
  maxConnections?: number
  /**
   * Inbound connections a second accepted from one host; beyond it that
   * host's connections are refused (default 100; libp2p's own default is 5,
   * too few for many peers joining through one relay's address)
   */
  inboundRate?: number
  /** ICE servers for WebRTC (default none: no STUN server is contacted) */
  iceServers?: RTCIceServer[]
  /**
   * Keep private and loopback addresses in the DHT and allow dialling them
   * (default true: LVS swarms run on one machine or a LAN in tests and demos)
   */
  allowPrivateAddresses?: boolean
  /**
   * How long this node, as a DHT server, keeps a provider record, ms
   * (default `PROVIDER_VALIDITY_MS`, 4 hours). Keep it, plus a quarter of
   * it, under the peer store's `maxPeerAge` when you shorten that: kad-dht
   * fails a GET_PROVIDERS answer whose provider's peer record is gone
   */
  providerValidity?: number
  /** Listen addresses to use instead of the preset's */
  listen?: string[]
  /**
   * Node only: the addresses to advertise instead of the ones listened on
   * (a public IP or DNS name, the /tls/ws address of a TLS proxy in front)
   */
  announce?: string[]
  /**
   * For very lossy networks (tens of percent of packets lost, where TCP
   * retransmits for many seconds): dial, upgrade, protocol negotiation and
   * identify wait up to 2 minutes instead of 5-10 s, and a failed connection ping
   * does not close the connection (default false)
   */
  patient?: boolean
}
