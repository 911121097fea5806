import type { ShardView } from '@lvs/engine'
import type { ShardConfig } from '@lvs/shards'

export type { ShardView, TableView } from '@lvs/engine'

export interface LvsInit {
  /**
   * shards to join, default `[{ name: 'drift', dimension: 2, min: -100, max: 100 }]`;
   * every node of a shard must declare the same `dimension`, `nonNegative`,
   * bounds (`min`, `max`) and `maxInputRate`: they are the guard's rules
   */
  shards?: ShardConfig[]
  /** starting input per shard (default: the stored one, or zeros) */
  inputs?: Record<string, number[]>
  /** drift coefficients (default 0.05 and 0.3; alpha must stay below beta) */
  alpha?: number
  beta?: number
  /** trimmed mean: drop this many largest and smallest inputs per component */
  trim?: number
  /** adaptive cycle interval bounds, ms (default 50 and 10,000) */
  minInterval?: number
  maxInterval?: number
  /** SDM heartbeat, ms, in a swarm of a few nodes (default 60 s; it stretches as the swarm grows: `swarmHeartbeats`) */
  heartbeatInterval?: number
  /**
   * heartbeats of the whole swarm per heartbeat interval, at most (default
   * 3): in a shard of N live nodes the heartbeat interval is N /
   * swarmHeartbeats times longer (when that is more than 1), and the
   * liveness timeout and the beacon interval alike (docs/scale.md); 0
   * keeps them as set
   */
  swarmHeartbeats?: number
  /** entropy packets, ms (default 10 s) */
  entropyInterval?: number
  /** least time between SDMs for a moved state, ms (default 1 s) */
  minPublishInterval?: number
  /** how long the guard keeps a peer in quarantine, ms (default 10 minutes) */
  quarantineTime?: number
  /** fetch each shard's table from a peer when joining (default true) */
  syncOnJoin?: boolean
  /**
   * a shard whose table or own values changed is written to the node's
   * datastore at most this often, ms (default 5 s), and on stop and (in a
   * browser) when the page is hidden or closed: a process killed at any
   * moment loses at most the last few seconds
   */
  persistInterval?: number
  /**
   * bytes per minute the node aims at (all libp2p traffic when `traffic` is
   * given, else the LVS messages it sends and receives); a PID controller
   * stretches the least time between SDMs (up to `maxInterval`) to stay
   * under it (default 50,000, the seed budget)
   */
  budget?: number
  /** ms after start before the bandwidth controller acts (default 60 s: joining is a burst) */
  controlWarmup?: number
  /** total bytes sent and received so far, e.g. `trafficMeter().read` (createLvsNode wires one) */
  traffic?(): { sent: number, received: number }
  /** beacons with table digests, ms (default 60 s; stretched as the heartbeat is) */
  beaconInterval?: number
  /**
   * how often the node compares each shard's digest with one random shard
   * peer and fetches that peer's table when they differ, ms (default 120 s,
   * not stretched: the repair of a lost entry in a large swarm)
   */
  pullInterval?: number
  /** how often the node looks for more peers of its shards in the DHT, ms (default 60 s) */
  discoveryInterval?: number
  /** while a shard has fewer subscribed peers than this, the node looks for providers (default 4) */
  minPeers?: number
  /**
   * low-power mode (cycles at least 4x slower, entropy 6x rarer): `'auto'`
   * (default) turns it on while the battery is low and unplugged where the
   * platform tells, the event loop is over 85 % busy, or no peer shares a shard
   */
  lowPower?: boolean | 'auto'
  /**
   * For experiments: drop this share of the LVS messages this node receives
   * (SDMs, entropy, beacons), before the guard, as a lossy network would; or
   * a share per topic
   */
  simulatedLoss?: number | Record<string, number>
}

export interface CycleEvent { shard: string, cycle: number, state: number[], target: number[], interval: number }

/** What the guard did about a peer */
export interface GuardEvent {
  shard: string
  /** the peer it blamed */
  peer: string
  /** the rule, e.g. `out-of-bounds`, `equivocation`, `rate-limit`, `jump`, `unproven` */
  reason: string
}

/** Evidence that condemned a key: every replica that holds it excludes that key's entry */
export interface EvidenceEvent {
  shard: string
  /** the key it condemns */
  offender: string
  /** the guard's evidence kind (1 out of bounds, 2 negative input, 3 equivocation, 4 drain, 5 input rate) */
  kind: number
  /** this node found it (`local`) or a peer sent it (`peer`) */
  from: 'local' | 'peer'
}

/** A sync of one shard with one peer */
export interface SyncEvent {
  shard: string
  peer: string
  /** entries that changed the table */
  merged: number
  /** entries refused: no valid signature, a rule broken, too old or too far ahead */
  refused: number
}

/** Something failed inside the node (a loop, a timer, a publish); the node went on */
export interface ErrorEvent {
  /** where: `cycle`, `entropy`, `beacon`, `sync`, `expire`, ... */
  where: string
  error: Error
}

export interface LvsEvents {
  cycle: CustomEvent<CycleEvent>
  converged: CustomEvent<ShardView>
  anomaly: CustomEvent<GuardEvent>
  alert: CustomEvent<GuardEvent>
  quarantine: CustomEvent<GuardEvent>
  evidence: CustomEvent<EvidenceEvent>
  sync: CustomEvent<SyncEvent>
  recovery: CustomEvent<{ shard: string, state: number[], target: number[] }>
  error: CustomEvent<ErrorEvent>
}
