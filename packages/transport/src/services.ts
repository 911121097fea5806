import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { lvsGossipsub } from './gossip.ts'
import type { PresetInit } from './init.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'

/** The DHT protocol of LVS swarms: its own, so LVS never joins the public IPFS DHT */
export const DHT_PROTOCOL = '/lvs/kad/1.0.0'

/** Topic of pubsub peer discovery */
export const PEER_DISCOVERY_TOPIC = '/lvs/1/peer-discovery'

/** Pubsub peer discovery broadcast interval, ms: once a minute, like the beacon */
export const PEER_DISCOVERY_INTERVAL_MS = 60_000

export interface PresetServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  dht: KadDHT
}

/** The services both presets share; the DHT serves in Node and is a client in the browser */
export function sharedServices (init: PresetInit, dhtServer: boolean): { [K in keyof PresetServices]: (components: any) => PresetServices[K] } {
  return {
    identify: identify(),
    ping: ping(),
    pubsub: lvsGossipsub(init),
    dht: kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode: !dhtServer,
      peerInfoMapper: init.allowPrivateAddresses === false ? removePrivateAddressesMapper : passthroughMapper
    })
  }
}
