export { EXACT_EPSILON, HEARTBEAT_INTERVAL_MS, LOW_POWER_CYCLE_FACTOR, MAX_INTERVAL_MS, MIN_INTERVAL_MS, MIN_PUBLISH_INTERVAL_MS, PUBLISH_EPSILON, REPEAT_FACTOR } from '@lvs/engine'

/**
 * The shard every node joins unless told otherwise: the demo plane
 * (docs/state.md). Its bounds fit the browser demo's canvas: an input
 * outside them is refused by every replica and proves its signer broke the
 * shard's rules, so a single peer cannot drag a small swarm's mean to
 * 1e12 before there are enough entries for robust statistics
 */
export const DEFAULT_SHARDS = [{ name: 'drift', dimension: 2, min: -100, max: 100 }]

/** Entropy packets, at most one per this many ms (docs/messages.md) */
export const ENTROPY_INTERVAL_MS = 10_000

/** Entropy vectors of peers kept for mixing (the latest of each, at most this many senders) */
export const MAX_ENTROPY_SOURCES = 8

/** How often the table is checked for dormant and expired entries, ms */
export const EXPIRE_INTERVAL_MS = 10_000

/**
 * Bytes per minute (all traffic) the bandwidth controller holds a node
 * under by default: the seed budget (docs/budget.md). The goals below it
 * come from a converged swarm being quiet, not from throttling
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

/** Beacons, ms: once per heartbeat (docs/messages.md) */
export const BEACON_INTERVAL_MS = 60_000

/**
 * Pulls, ms: each shard's digest compared with one random peer's, its
 * table fetched when they differ (docs/scale.md). Not stretched: a pull
 * costs a node the same at any N, and it is what repairs an entry lost in
 * a large swarm, whose beacons come far apart
 */
export const PULL_INTERVAL_MS = 120_000

/**
 * A joining node pulls a shard this often, ms, until a pull finds a peer
 * whose digest is its own: its join sync may have failed (a lossy link, a
 * peer that left), or succeeded while an entry was still on its way to
 * the peer that served it
 */
export const JOIN_RETRY_MS = 10_000

/**
 * Pulls a joining node makes after its first successful sync, at most,
 * while no pull finds agreement: in a swarm still forming, digests keep
 * differing, and the regular pulls take over
 */
export const JOIN_FOLLOW_UPS = 3

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

/** Low power: the entropy interval is this many times longer */
export const LOW_POWER_ENTROPY_FACTOR = 6

/** A sync of one shard with one peer may take this long, ms */
export const SYNC_TIMEOUT_MS = 10_000

/** A guard reject of one peer for one reason is written to the audit log at most this often, ms (a flood writes once) */
export const AUDIT_REJECT_INTERVAL_MS = 60_000

/** Most (peer, reason) pairs whose last audited reject is remembered; the oldest go first */
export const MAX_AUDITED_REJECTS = 4096

/**
 * A shard whose table or own values changed is written at most this often,
 * ms: a process killed at any moment (kill -9, an out-of-memory kill, a
 * closed tab) loses at most the last few seconds. A write of a 1,000-entry
 * table to LevelDB takes about 75 ms here (BENCHMARKS.md, bench:shards):
 * once per 5 s is under 2 % of a core
 */
export const PERSIST_INTERVAL_MS = 5_000

/**
 * This node's peer record on the pubsub peer discovery topic, once per this
 * many ms, stretched as the heartbeat is (at most 3 records per interval
 * from the whole swarm); the module itself would send one per node every
 * 5 minutes, a flood per node that grows with N. A record (about 300 bytes
 * signed) cost a converged 10-node swarm 1.3 KB per node per minute at 5
 * minutes. A joining node sends its own as soon as a peer listens, and
 * finds its peers through its bootstrap, the DHT and identify meanwhile
 */
export const ANNOUNCE_INTERVAL_MS = 600_000

/** Until this node's peer record went out once (nobody listened yet), it tries again this often, ms */
export const ANNOUNCE_RETRY_MS = 2_000
