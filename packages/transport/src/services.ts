import { bootstrap } from '@libp2p/bootstrap'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import { GOSSIP_REPAIR_GRACE_MS, INBOUND_CONNECTIONS_PER_SECOND, MAX_INCOMING_PENDING, PATIENT_TIMEOUT_MS, PING_INTERVAL_MS, PROVIDER_VALIDITY_MS } from './constants.ts'
import { withAddressedContacts } from './dht-contacts.ts'
import { lvsGossipsub } from './gossip.ts'
import { compactNoise } from './noise.ts'
import { peerStoreSweep } from './peer-store-sweep.ts'
import { duplicatePruner } from './prune.ts'
import { quietStop } from './quiet-stop.ts'
import { gossipRepair } from './repair.ts'
import { economicalYamux } from './yamux.ts'
import type { PresetInit } from './init.ts'
import type { PeerStoreSweep } from './peer-store-sweep.ts'
import type { DuplicatePruner } from './prune.ts'
import type { GossipRepair } from './repair.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'
import type { Libp2pOptions } from 'libp2p'

/** The DHT protocol of LVS swarms: its own, so LVS never joins the public IPFS DHT */
export const DHT_PROTOCOL = '/lvs/kad/1.0.0'

/** Topic of pubsub peer discovery */
export const PEER_DISCOVERY_TOPIC = '/lvs/1/peer-discovery'

/**
 * Pubsub peer discovery broadcast interval, ms, for an app that uses the
 * module on its own: every 5 minutes. The LVS presets run it listening
 * only: the lvs() service sends the node's peer record itself, once
 * joined and then at a pace stretched with the swarm's size, since a
 * record from every node every 5 minutes is a flood per node that grows
 * with N (docs/scale.md)
 */
export const PEER_DISCOVERY_INTERVAL_MS = 300_000

export interface PresetServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  dht: KadDHT
  prune: DuplicatePruner
  repair: GossipRepair
  peerStoreSweep: PeerStoreSweep
}

/** Service factories of the preset (each takes libp2p's components) */
export type PresetServiceFactories = { [K in keyof PresetServices]: (components: any) => PresetServices[K] }

/**
 * What `lvsPreset()` returns: libp2p options whose `services` are always
 * there, so an app can spread them beside its own and type-check without a
 * cast: `services: { ...preset.services, lvs: lvs() }`
 */
export type LvsPreset = Omit<Libp2pOptions<PresetServices>, 'services'> & { services: PresetServiceFactories }

/**
 * A provider record lasts `validity` (constants.ts, PROVIDER_VALIDITY_MS);
 * expired ones are deleted every quarter of it, and this node's own are
 * provided again when less than half is left
 */
export function providerTimes (validity: number): { validity: number, interval: number, threshold: number } {
  return { validity, interval: validity / 4, threshold: validity / 2 }
}

/** The services both presets share; the DHT serves in Node and is a client in the browser */
export function sharedServices (init: PresetInit, dhtServer: boolean): PresetServiceFactories {
  return {
    identify: identify(init.patient === true ? { timeout: PATIENT_TIMEOUT_MS } : {}),
    ping: ping(),
    pubsub: lvsGossipsub(init),
    // pings of and streams to contacts with no address fail at once instead of a DHT query each (dht-contacts.ts)
    dht: withAddressedContacts(kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode: !dhtServer,
      peerInfoMapper: init.allowPrivateAddresses === false ? removePrivateAddressesMapper : passthroughMapper,
      reprovide: providerTimes(init.providerValidity ?? PROVIDER_VALIDITY_MS)
    })),
    prune: duplicatePruner(),
    repair: gossipRepair(init.patient === true ? { grace: PATIENT_TIMEOUT_MS + GOSSIP_REPAIR_GRACE_MS } : {}),
    peerStoreSweep: peerStoreSweep()
  }
}

/** What both presets share besides transports, listen addresses and services */
export function sharedOptions (init: PresetInit): Pick<Libp2pOptions, 'connectionEncrypters' | 'streamMuxers' | 'peerDiscovery' | 'connectionMonitor' | 'connectionGater' | 'connectionManager'> {
  const patient = init.patient === true

  return {
    connectionManager: {
      inboundConnectionThreshold: init.inboundRate ?? INBOUND_CONNECTIONS_PER_SECOND,
      ...(init.maxConnections == null ? {} : { maxConnections: init.maxConnections }),
      maxIncomingPendingConnections: MAX_INCOMING_PENDING,
      ...(patient
        ? {
            dialTimeout: PATIENT_TIMEOUT_MS,
            addressDialTimeout: PATIENT_TIMEOUT_MS,
            inboundUpgradeTimeout: PATIENT_TIMEOUT_MS,
            inboundStreamProtocolNegotiationTimeout: PATIENT_TIMEOUT_MS,
            outboundStreamProtocolNegotiationTimeout: PATIENT_TIMEOUT_MS
          }
        : {})
    },
    connectionEncrypters: [compactNoise()],
    // libp2p's connection monitor already pings every connection (PING_INTERVAL_MS); yamux's own keep-alive pings every 30 s on top
    // window updates at half the window, not after every frame (yamux.ts)
    streamMuxers: [economicalYamux({ enableKeepAlive: false })],
    peerDiscovery: [
      ...(init.bootstrap != null && init.bootstrap.length > 0 ? [bootstrap({ list: init.bootstrap })] : []),
      // its beforeStop throws when gossipsub did not start, which hid why a start failed
      quietStop(pubsubPeerDiscovery({ interval: PEER_DISCOVERY_INTERVAL_MS, topics: [PEER_DISCOVERY_TOPIC], listenOnly: true }))
    ],
    connectionMonitor: { pingInterval: PING_INTERVAL_MS, abortConnectionOnPingFailure: !patient },
    // browsers refuse ws:// to private addresses by default; demos and tests use 127.0.0.1
    ...(init.allowPrivateAddresses === false ? {} : { connectionGater: { denyDialMultiaddr: () => false } })
  }
}
