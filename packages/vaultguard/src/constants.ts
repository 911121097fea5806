/** Threat at which a peer or entry is on ALERT (VENOM's threshold, docs/guard.md) */
export const ALERT_THRESHOLD = 0.6

/** Threat at which a peer or entry is QUARANTINED (VENOM's threshold) */
export const QUARANTINE_THRESHOLD = 0.85

/** Largest shard dimension k (docs/state.md: k is 1..16) */
export const MAX_DIMENSION = 16

/**
 * Largest magnitude of an input or state component. Value units are
 * application numbers; 1e12 leaves room for any realistic total while
 * keeping sums of thousands of entries far from float64's exact-integer
 * limit (9e15) in relative error.
 */
export const DEFAULT_MAX_MAGNITUDE = 1e12

/**
 * At most one SDM per sender per this many ms. The node publishes at most
 * once per `minPublishInterval` (1 s or more); half of that leaves room for
 * delivery jitter, which can bring two honest SDMs closer together. Too long
 * a limit is harmful: the SDM it drops is the sender's latest, and a
 * converged sender may then stay quiet until its next heartbeat (60 s).
 */
export const DEFAULT_MIN_INTERVAL_MS = 500

/**
 * How far a message's cycle id (its sender's clock, ms) may lie ahead of
 * the receiver's clock. Browser and phone clocks drift by seconds to a few
 * minutes; a cycle id further ahead would keep its entry looking fresh
 * (and so alive) long after its sender left, so it is ignored
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 10 * 60_000

/**
 * Anomaly threshold in robust scale units: an input further than 6 MADs
 * (about 4 standard deviations of a normal distribution, since
 * sigma = 1.4826 MAD) from the robust centre is suppressed
 */
export const DEFAULT_MAD_K = 6

/**
 * Small-sample widening of the anomaly threshold: with n entries judged it
 * is k x (1 + 10 / n) MADs (18 at n = 5, 12 at n = 10, 6.6 at n = 100).
 * The MAD of a few inputs is noisy: in simulation, 17 % of 5 honest inputs
 * drawn uniformly (16 % for a normal draw) put one beyond 6 MADs, which
 * clamps an honest input and makes the equilibrium inexact. Widened, it is
 * 2.5 % at n = 5, under 1 % from n = 6 and 0.0 % (uniform) from n = 20.
 */
export const SMALL_SAMPLE_WIDENING = 10

/**
 * Floor of the MAD scale relative to the centre's magnitude: when most
 * inputs are equal (MAD = 0), an input within 5 % x 6 = 30 % of the centre
 * is still normal instead of infinitely far
 */
export const MAD_RELATIVE_FLOOR = 0.05

/** Absolute floor of the MAD scale, for a centre at 0 (where the relative floor is 0) */
export const MAD_ABSOLUTE_FLOOR = 1e-6

/**
 * Fewer entries than this give no robust statistics: no anomaly is judged.
 * With 5 entries two liars are still a minority of the median's breakdown
 * point (50 %), and smaller swarms are tests and demos where one odd input
 * is more likely a real one.
 */
export const MIN_ASSESS_ENTRIES = 5

/** Threat added by a rejected message (provably bad): three in a row quarantine a peer */
export const REJECT_THREAT = 0.3

/**
 * A message older than the last accepted of its origin that arrives
 * within this long of it, ms, was overtaken on its way: gossip's paths
 * differ in length, and a message fetched by IWANT after a peer's IHAVE
 * comes a heartbeat or more after a newer one the mesh delivered. It is
 * ignored without blame; later, it is a replay and its forwarder is charged
 */
export const REORDER_GRACE_MS = 30_000

/** Threat added by an ignored message (stale, rate limited): only a flood adds up to quarantine */
export const IGNORE_THREAT = 0.05

/** Threat added by an input jump beyond k MADs: three jumps in a row reach ALERT */
export const JUMP_THREAT = 0.2

/** Share of threat forgiven by each accepted, normal message */
export const GOOD_DECAY = 0.05

/**
 * Threat halves over this many ms without new offences: a peer on ALERT
 * at threat 0.7 is back to normal after about 14 s, so the late and bursty
 * deliveries of a lossy network do not hold a peer down for long
 */
export const THREAT_HALF_LIFE_MS = 60_000

/**
 * A peer that reaches QUARANTINE stays there this long, ms, whatever its
 * threat decays to: its messages are ignored, its gossipsub score sits below
 * the graylist threshold and its connections are closed. With threat decay
 * alone a quarantine ended within about 5 s, so a flooding peer was back in
 * the mesh before its flood had been noticed everywhere
 */
export const QUARANTINE_TIME_MS = 10 * 60_000

/**
 * Application score (gossipsub appSpecificScore) of a quarantined peer:
 * with an appSpecificWeight of 1 it sits far below any graylist threshold
 * (js-libp2p gossipsub's default is -80)
 */
export const QUARANTINE_SCORE = -1000

/** Score per unit of threat in alert (below it the score is 0): -6 to -8.5, above the gossip threshold (-10) */
export const THREAT_SCORE_SCALE = 10

/**
 * Share of a shard's total one step may remove before it counts as a drain.
 * An honest step is at most (beta + alpha) |err| = 0.35 |err| per component
 * with the drift core's defaults, and while the states lie within the
 * inputs' range |err| is at most the total of a non-negative shard, so 0.5
 * never refuses an honest step. A share of 0.1 would refuse honest steps of
 * small swarms: two nodes with inputs 100 and 0 take a first step of 15,
 * 15 % of the total.
 */
export const DEFAULT_MAX_DRAIN_SHARE = 0.5

/**
 * A state further from the target than this many input spreads is outside
 * the swarm's range: recovery mode. An honest node drifting normally stays
 * within one spread of the target (it starts at its own input).
 */
export const RECOVERY_FACTOR = 4

/**
 * Recovery margin relative to the target's size, for a spread of 0 (one
 * entry, or all inputs equal): a millionth, well above float64 noise
 */
export const RECOVERY_RELATIVE_MARGIN = 1e-6

/** Peers whose records the ledger keeps; the first recorded go first */
export const MAX_TRACKED_PEERS = 4096

/** Where the audit log lives in the datastore */
export const DEFAULT_AUDIT_PREFIX = '/lvs/audit'
