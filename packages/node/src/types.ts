import type { ShardConfig } from '@lvs/shards'

export interface LvsInit {
  /** shards to join, default `[{ name: 'drift', dimension: 2 }]` */
  shards?: ShardConfig[]
  /** starting input per shard (default: the stored one, or zeros) */
  inputs?: Record<string, number[]>
  /** drift coefficients */
  alpha?: number
  beta?: number
  /** trimmed mean: drop this many largest and smallest inputs per component */
  trim?: number
  /** adaptive cycle interval bounds, ms (default 50 and 10,000) */
  minInterval?: number
  maxInterval?: number
  /** SDM heartbeat, ms (default 60 s) */
  heartbeatInterval?: number
  /** entropy packets, ms (default 10 s) */
  entropyInterval?: number
  /** least time between SDMs for a moved state, ms (default 1 s) */
  minPublishInterval?: number
  /** fetch each shard's table from a peer when joining (default true) */
  syncOnJoin?: boolean
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
  /** beacons with table digests, ms (default 60 s) */
  beaconInterval?: number
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

export interface ShardView {
  shard: string
  input: number[]
  state: number[]
  /** the equilibrium this node computes from its table */
  target: number[]
  /** trust-weighted sum of the inputs */
  total: number[]
  /** entries counted (live and dormant, not quarantined) */
  count: number
  /** largest distance between the states of live entries */
  spread: number
  converged: boolean
  /**
   * this node's cycle id in the shard: it starts from the clock (ms) and
   * rises by one per cycle, so it keeps rising across restarts and a node
   * that persisted its key is not taken for a replay of itself
   */
  cycle: number
  /** cycles run since this node started */
  cycles: number
  /** current cycle interval, ms */
  interval: number
  /** least time between two SDMs that report a moved state, ms (the bandwidth controller's output) */
  publishInterval: number
  lowPower: boolean
}

/** One entry of a shard's table, as `table()` gives it */
export interface TableView {
  /** the member's peer id */
  key: string
  input: number[]
  /** its state, as it last published it */
  state: number[]
  cycleId: number
  /** when this node last heard of it, ms since the epoch */
  lastSeen: number
  status: string
}

export interface CycleEvent { shard: string, cycle: number, state: number[], target: number[], interval: number }
export interface GuardEvent { shard: string, peer: string, reason: string }

export interface LvsEvents {
  cycle: CustomEvent<CycleEvent>
  converged: CustomEvent<ShardView>
  anomaly: CustomEvent<GuardEvent>
  alert: CustomEvent<GuardEvent>
  quarantine: CustomEvent<GuardEvent>
  recovery: CustomEvent<{ shard: string, state: number[], target: number[] }>
}
