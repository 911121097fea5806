import type { SimOptions } from './options.ts'

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  nodes: 2,
  loss: 0,
  churn: 0,
  adversaries: 0,
  attack: 'extreme',
  // 200 s of simulated time: 1000 nodes at 80 % loss need about a minute
  cycles: 4000,
  seed: 1,
  // the demo plane
  dimension: 2,
  fanout: 0,
  trim: 0,
  // the fast end of the node's adaptive cycle interval
  intervalMs: 50,
  inputRange: 100,
  // a few ticks beyond 1e-6 show it stays there
  settleCycles: 5,
  // converged by then at 2 to 1000 nodes without loss
  leaveAt: 200,
  returnAt: 600,
  // the 24 h of the node's default retention in 50 ms ticks: longer than any run
  retention: 1_728_000,
  // the node's heartbeat; an entry unheard for three of them turns dormant
  heartbeat: 60_000,
  quietSeconds: 0
}

/** Ticks between two entropy packets of a node (the node's 10 s would be 200; 20 keeps mixing visible) */
export const ENTROPY_EVERY = 20

/** Ticks between two expiry passes of every node (the node's is 10 s; 1 s shows retention 0 soon) */
export const EXPIRE_EVERY = 20

/** Convergence thresholds, relative to the initial spread */
export const THRESHOLDS = [1e-3, 1e-6] as const

/** The shard's bounds, in units of the honest input range: inputs beyond +-100 ranges are refused */
export const BOUND_FACTOR = 100

/** An "extreme" adversary's input, in units of the honest input range: inside the bounds, far outside the honest values */
export const EXTREME_FACTOR = 50

/** An "out-of-bounds" adversary's input beyond the bounds, in units of the honest input range */
export const OUT_OF_BOUNDS_FACTOR = 200

/** SDMs a flooding adversary sends per tick */
export const FLOOD_PER_CYCLE = 20

/** How far back (ticks) a replaying adversary digs for messages to replay */
export const REPLAY_DEPTH = 20

/** Identities each Sybil adversary makes for itself */
export const SYBILS_PER_ADVERSARY = 4

/** Made-up entries a forging adversary serves in each sync */
export const FORGED_PER_SYNC = 10

/** Ticks between an adversary's own SDMs (the guard admits one per 500 ms per sender) */
export const ADVERSARY_PUBLISH_EVERY = 20

/**
 * A node hears every peer's beacon (each lost with the loss rate) and
 * syncs from one whose digest differs: the simulation draws this many
 * random peers per node and round, and syncs from the first such
 */
export const BEACON_TRIES = 8

/** With `quietSeconds`: simulated seconds after settling before the SDMs are counted (the last SDMs of converging go out first) */
export const QUIET_SETTLE_SECONDS = 60

/** Ticks between two expiry passes while `quietSeconds` run: the node's 10 s (at 1,000 nodes each pass reads a million entries) */
export const QUIET_EXPIRE_EVERY = 200
