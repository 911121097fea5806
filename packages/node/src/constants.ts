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
