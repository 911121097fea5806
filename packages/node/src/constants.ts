/** The shard every node joins unless told otherwise: the demo plane (DESIGN.md section 2) */
export const DEFAULT_SHARDS = [{ name: 'drift', dimension: 2 }]

/** A node publishes its SDM at least this often, ms, so peers know it is alive (DESIGN.md section 3) */
export const HEARTBEAT_INTERVAL_MS = 60_000

/** Entropy packets, at most one per this many ms (DESIGN.md section 4) */
export const ENTROPY_INTERVAL_MS = 10_000

/**
 * Least time between two SDMs of one node for a moved state, ms; the guard
 * admits one per 500 ms per sender, so 1 s leaves room for jitter
 */
export const MIN_PUBLISH_INTERVAL_MS = 1_000

/**
 * While the states in a node's table still disagree, a node whose own state
 * stands still repeats its SDM every this many publish intervals (a peer
 * may have lost it); a swarm that agrees is quiet
 */
export const REPEAT_FACTOR = 3

/** A state that moved more than this share of the shard's input spread is worth publishing */
export const PUBLISH_EPSILON = 1e-3

/** Entropy vectors of peers kept for mixing (the latest of each, at most this many senders) */
export const MAX_ENTROPY_SOURCES = 8

/** How often the table is checked for dormant and expired entries, ms */
export const EXPIRE_INTERVAL_MS = 10_000

/**
 * Error, relative to the spread of the shard's inputs, under which the
 * node counts as converged and its cycle interval stretches. Cycles are
 * local arithmetic (no bytes), so running them fast down to 1e-6 costs
 * only CPU, and the equilibrium is then exact for any display
 */
export const CONVERGED_EPSILON = 1e-6

/**
 * Bytes per minute (all traffic) the bandwidth controller holds a node
 * under by default: the seed budget of DESIGN.md section 6. The goals
 * below it come from a converged swarm being quiet, not from throttling
 */
export const DEFAULT_BUDGET = 50_000

/**
 * The controller waits for a full window before it acts: joining costs a
 * burst of handshakes, identify and DHT queries that no publish interval
 * can change, ms
 */
export const CONTROL_WARMUP_MS = 60_000

/** How often the bandwidth controller measures and steps, ms */
export const CONTROL_INTERVAL_MS = 5_000

/** Beacons, ms: once per heartbeat (DESIGN.md section 4) */
export const BEACON_INTERVAL_MS = 60_000

/** A digest that still differs this long after a beacon is a real difference, not a message in flight, ms */
export const MISMATCH_GRACE_MS = 2_000

/** DHT provide and find, ms */
export const DISCOVERY_INTERVAL_MS = 60_000

/** Look for providers of a shard while fewer peers than this share it */
export const MIN_PEERS = 4

/** How often low-power conditions are checked, ms */
export const POWER_INTERVAL_MS = 10_000

/** Event-loop load over which a node saves power */
export const HIGH_LOAD = 0.85

/** Low power: the cycle floor and the entropy interval are this many times longer */
export const LOW_POWER_CYCLE_FACTOR = 4
export const LOW_POWER_ENTROPY_FACTOR = 6
