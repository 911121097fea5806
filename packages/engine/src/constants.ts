/** The cycle's interval bounds are the drift core's (docs/budget.md: 50-200 ms while converging, 10 s once converged) */
export { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '@lvs/drift'

/** A node publishes its SDM at least this often, ms, so peers know it is alive */
export const HEARTBEAT_INTERVAL_MS = 60_000

/**
 * Least time between two SDMs of one node for a moved state, ms; the guard
 * admits one per 500 ms per sender, so 1 s leaves room for jitter
 */
export const MIN_PUBLISH_INTERVAL_MS = 1_000

/**
 * Least time between any two SDMs of one node, ms, whatever prompts them
 * (an input change, a peer that joined): every peer's guard admits one SDM
 * per 500 ms per sender and adds threat for each one beyond, so an
 * application that sets its input many times a second must not get its
 * node quarantined; a second leaves room for delivery jitter
 */
export const MIN_SDM_SPACING_MS = 1_000

/**
 * While the states in a node's table still disagree, a node whose own state
 * stands still repeats its SDM every this many publish intervals (a peer
 * may have lost it); a swarm that agrees is quiet
 */
export const REPEAT_FACTOR = 3

/**
 * Repeats of a still state, at most, until the node's state moves or its
 * input changes: an entry that stays stale in this node's table (a peer's
 * SDM lost or refused here) keeps the spread up, and repeating this node's
 * own SDM does not cure it. Without the bound every node of a converged
 * swarm repeated every cycle until the stale peer's heartbeat, which the
 * stretch (pace.ts) puts hours away in a large swarm
 */
export const MAX_REPEATS = 3

/** A state that moved more than this share of the shard's input spread is worth publishing */
export const PUBLISH_EPSILON = 1e-3

/**
 * Error, relative to the spread of the shard's inputs, under which the
 * node counts as converged and its cycle interval stretches: tighter than
 * the drift core's CONVERGED_EPSILON (1e-3). Cycles are
 * local arithmetic (no bytes), so running them fast down to 1e-6 costs
 * only CPU, and the equilibrium is then exact for any display
 */
export const EXACT_EPSILON = 1e-6

/** Low power: the cycle interval's floor is this many times longer */
export const LOW_POWER_CYCLE_FACTOR = 4

/**
 * While new entries and inputs keep arriving, a cycle recomputes the
 * equilibrium at most once per this many ms per table entry (250 ms for
 * 1,000 entries, less than a cycle below 200): one recomputation of a
 * 1,000-entry table costs about 1.3 ms here, and a joining node of a large
 * shard would otherwise spend it every 50 ms cycle. `view()` is always
 * current
 */
export const RECOMPUTE_MS_PER_ENTRY = 0.25

/**
 * Heartbeats of the whole swarm per heartbeat interval, at most
 * (docs/scale.md): a shard of N live nodes stretches each node's heartbeat
 * to max(60 s, N / 3 x 60 s), one heartbeat per 20 s in the whole swarm,
 * and its liveness timeout and beacon interval alike, so that a converged
 * node's traffic does not grow with N
 */
export const SWARM_HEARTBEATS = 3

/**
 * The stretch counts the nodes heard within this many stretched heartbeat
 * intervals (docs/scale.md): every live node sends at least one SDM per
 * interval, and an entry whose node left unannounced (a crash, a closed
 * tab) stops counting after 1.5 intervals instead of the 3 of the liveness
 * timeout. Counted longer, departures feed the stretch that keeps them
 * counted: with c such departures per minute the count is N + 1.5 x c x
 * count / 3, bounded while c is under 2 a minute (1 with the liveness
 * timeout's 3 intervals). Nodes that stop say so (a leaving SDM) and never
 * count
 */
export const HEARD_INTERVALS = 1.5

/**
 * The stretch stops here: a 60 s heartbeat becomes at most 6.7 hours (at
 * 1,200 live nodes), and an entry turns dormant after at most 20 hours
 * unheard
 */
export const MAX_STRETCH = 400
