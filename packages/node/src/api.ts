import type { LvsEvents, ShardView, TableView } from './types.ts'
import type { AbortOptions, ComponentLogger, ContentRouting, Metrics, PeerId, PeerStore, PrivateKey } from '@libp2p/interface'
import type { AddressManager, ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { AuditVerdict } from '@lvs/vaultguard'
import type { Datastore } from 'interface-datastore'
import type { TypedEventEmitter } from 'main-event'

/** What the service needs of libp2p */
export interface LvsComponents {
  peerId: PeerId
  /** signs the node's own entries, which it serves to peers that sync */
  privateKey: PrivateKey
  logger: ComponentLogger
  registrar: Registrar
  connectionManager: ConnectionManager
  datastore: Datastore
  /** the DHT (or any content router): shard peers provide and find each other */
  contentRouting?: ContentRouting
  /** the peers this node knew: a node left with no connection dials some of them again */
  peerStore?: PeerStore
  /** this node's addresses, announced on the pubsub peer discovery topic */
  addressManager?: AddressManager
  metrics?: Metrics
}

export interface Lvs extends TypedEventEmitter<LvsEvents> {
  /** @throws {InvalidInputError} for a shard this node has not joined, or an input that does not fit the shard; the old input stays */
  setInput(shard: string, vector: number[]): void
  getState(shard: string): ShardView
  shards(): string[]
  peers(shard: string): string[]
  /** gossipsub application score of a peer, from the guard */
  score(peer: string): number
  /** The shard's table as this node holds it: one entry per member (own included once published), with status and weight */
  table(shard: string): TableView[]
  /**
   * Bytes this node sent and received since it was made: all libp2p traffic
   * when it was given a counter (`traffic` in the init, as createLvsNode
   * does), else its LVS messages only
   */
  traffic(): { sent: number, received: number, counted: 'libp2p' | 'lvs' }
  /**
   * The guard's audit log (alerts, quarantines, evidence, recoveries,
   * rejects at most once a minute per peer and reason), a hash chain in the
   * node's datastore: its Merkle root, length and `verify()` verdict
   */
  auditLog(): Promise<{ root: string, length: number, verdict: AuditVerdict }>
  /** Fetches every shard's table from each peer subscribed to it */
  syncAll(options?: AbortOptions): Promise<void>
}
