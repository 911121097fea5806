/**
 * @packageDocumentation
 *
 * libp2p option presets for LVS nodes: `lvsPreset()` gives Node.js options
 * (TCP, WebSockets, WebRTC, circuit relay, a DHT server, optionally a relay
 * server) or, through the package.json `browser` map, browser options
 * (WebRTC, WebSockets, circuit relay, a DHT client), with gossipsub tuned
 * for LVS in both.
 *
 * @example
 *
 * ```ts
 * import { createLibp2p } from 'libp2p'
 * import { lvsPreset } from '@lvs/transport'
 *
 * const node = await createLibp2p(lvsPreset({ bootstrap: ['/ip4/127.0.0.1/tcp/4001/ws/p2p/12D3Koo...'] }))
 * ```
 */

export * from './constants.ts'
export { lvsPreset } from './preset.ts'
export { lvsGossipsub, messageId } from './gossip.ts'
export type { GossipInit } from './gossip.ts'
export type { PresetInit } from './init.ts'
export { DHT_PROTOCOL, PEER_DISCOVERY_TOPIC, PEER_DISCOVERY_INTERVAL_MS, providerTimes } from './services.ts'
export type { LvsPreset, PresetServiceFactories, PresetServices } from './services.ts'
export { quietStop } from './quiet-stop.ts'
export { UnaddressedContactError, addressedPing, addressedStreams, withAddressedContacts } from './dht-contacts.ts'
export type { DhtContactComponents } from './dht-contacts.ts'
export { DuplicatePruner, duplicatePruner } from './prune.ts'
export { PeerStoreSweep, peerStoreSweep } from './peer-store-sweep.ts'
export type { PeerStoreSweepComponents, PeerStoreSweepInit } from './peer-store-sweep.ts'
export type { DuplicatePrunerComponents, DuplicatePrunerInit } from './prune.ts'
export { GossipRepair, gossipRepair } from './repair.ts'
export type { GossipRepairComponents, GossipRepairInit } from './repair.ts'
export { compactNoise } from './noise.ts'
export { trafficMeter } from './traffic.ts'
export type { Traffic, TrafficMeter, TrafficMeterInit } from './traffic.ts'
