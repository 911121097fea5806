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
