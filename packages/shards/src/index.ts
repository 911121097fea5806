/**
 * @packageDocumentation
 *
 * The shard store of LVS (docs/state.md): every node in a shard holds
 * a replica of its whole table, persists it crash-safely through an
 * `interface-datastore` (memory by default, LevelDB in Node, IndexedDB in the
 * browser), compares it with a peer's in one digest, and fetches what it
 * missed through the sync protocol `/lvs/sync/2.0.0`: every entry is its
 * origin's signed SDM, which the receiver checks before it merges anything.
 *
 * @example
 *
 * ```ts
 * import { ShardStore, createPersistentDatastore, createSyncHandler, syncShard } from '@lvs/shards'
 * import { SYNC_PROTOCOL } from '@lvs/codec'
 * import type { Libp2p, PeerId } from '@libp2p/interface'
 * // context: declare const libp2p: Libp2p, peerId: PeerId
 *
 * const store = new ShardStore({ datastore: await createPersistentDatastore({ location: './lvs-data' }) })
 * await store.loadShard({ name: 'drift', dimension: 2 })
 * await libp2p.handle(SYNC_PROTOCOL, createSyncHandler(store))
 * const served = await syncShard(libp2p, peerId, 'drift') // claims: check each signature, then merge
 * await store.shutdown()
 * ```
 */

export * from './constants.ts'
export * from './errors.ts'
export { ShardStore } from './store.ts'
export type { ShardStoreInit, ExpireResult, MergeResult, Page } from './store.ts'
export { configRecord, fitsInput, keyOf, resolveConfig } from './shard.ts'
export type { Entry, HeldEvidence, Shard, ShardConfig, ResolvedShardConfig } from './shard.ts'
export { fromSigned, toWire } from './wire.ts'
export type { EntryFields } from './wire.ts'
export { entryHash, tableDigest } from './digest.ts'
export { createSyncHandler, syncShard } from './sync.ts'
export type { Dialer, SyncHandlerOptions, SyncOptions, SyncResult } from './sync.ts'
export { createPersistentDatastore } from './persistent-datastore.ts'
export type { PersistentDatastoreInit } from './persistent-datastore.ts'
