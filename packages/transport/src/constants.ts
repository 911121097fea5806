/**
 * Lean gossipsub mesh, measured on this project's machines
 * (docs/budget.md): 10 nodes each publishing 64 bytes every 10 s cost
 * 42 KB per node per minute with these against 101-113 KB with the defaults
 */
export const LEAN_MESH = {
  D: 3,
  Dlo: 2,
  Dhi: 4,
  Dout: 1,
  Dscore: 2,
  Dlazy: 2,
  mcacheGossip: 1,
  /**
   * IHAVE goes to `Dlazy` peers outside the mesh at each heartbeat, not to
   * a share of them: with the default (a quarter) the IHAVE a node sends
   * grew with its connections (0.7, 1.6 and 5.0 KB per node per converged
   * minute at 10, 30 and 100 nodes)
   */
  gossipFactor: 0
} as const

/** gossipsub heartbeat, ms: 5 s, with the lean mesh, idles at about 7 KB per node per minute */
export const HEARTBEAT_INTERVAL_MS = 5_000

/**
 * Connection monitor ping interval, ms. libp2p 3 pings every connection
 * every 10 s (6.6 KB per connection per minute). Each ping is a new stream:
 * its multistream-select, yamux and noise frames cost about six times the
 * 64 bytes of ping and pong, and both ends ping. At 120 s a converged
 * 10-node swarm (9.4 connections per node) spent about 4 KB per node per
 * minute on pings and their framing, a quarter of its 16.5 KB; at 300 s a
 * dead connection is still found within ten minutes, sooner than a stretched
 * heartbeat goes missing (docs/scale.md)
 */
export const PING_INTERVAL_MS = 300_000

/**
 * How long a TCP socket may carry no byte before it is closed, ms.
 * libp2p's tcp transport closes it after 2 minutes by default, shorter
 * than the ping interval above: a connection to a peer outside the
 * gossipsub mesh that got no IHAVE for 2 minutes was closed, and since
 * kad-dht tags its closest peers keep-alive, libp2p's reconnect queue
 * dialled it again at once: a new handshake, identify both ways, every
 * gossipsub subscription again. Measured on 30 nodes over a converged
 * 2 minutes: 124 such reconnections, 14.3 KB per node per minute against
 * 6.2 without them.
 * Twice the ping interval: a live connection is pinged before it idles
 * that long, a dead one still goes (its ping fails, or this timeout ends it)
 */
export const TCP_INACTIVITY_TIMEOUT_MS = 2 * PING_INTERVAL_MS

/** Bytes of a gossipsub message id: 96 bits, no collision in a 2-minute seen cache */
export const MESSAGE_ID_BYTES = 12

/**
 * Application score weight: the guard scores a quarantined peer -1000, far
 * below the graylist threshold below
 */
export const APP_SPECIFIC_WEIGHT = 1

/** Score thresholds (gossipsub's defaults are -10, -50, -80) */
export const SCORE_THRESHOLDS = {
  gossipThreshold: -10,
  publishThreshold: -50,
  graylistThreshold: -80
} as const

/**
 * Addresses exempt from gossipsub's IP colocation penalty (weight -5 x the
 * square of the peers beyond 10 on one IP). Peers on loopback are processes
 * of this machine: a relay with its local tabs, a swarm in one process, the
 * tests. Without the exemption, from the 12th peer on 127.0.0.1 on, every
 * peer's score fell below the gossip threshold and from the 15th below the
 * graylist, whose RPCs (subscriptions included) gossipsub drops: a 16-node
 * swarm kept incomplete tables and never reached its equilibrium
 * (https://github.com/ChainSafe/js-libp2p-gossipsub/issues/456)
 */
export const COLOCATION_WHITELIST = ['127.0.0.1', '::1']

/** Listen host of the presets: loopback unless the operator says otherwise */
export const DEFAULT_HOST = '127.0.0.1'

/** Dial, upgrade and negotiation timeouts of the `patient` preset, for very lossy networks, ms */
export const PATIENT_TIMEOUT_MS = 120_000

/** Reservations a relay holds: a demo page per browser tab, up to the 50 nodes the browser example is drawn for, with room to spare */
export const RELAY_RESERVATIONS = 128

/**
 * Inbound connections a node accepts per second from one host (libp2p's
 * default is 5). A relay meets many browsers behind one address, and a
 * swarm on one machine opens bootstrap, DHT and discovery connections from
 * 127.0.0.1 at once: with the default, a bootstrap node refused (ECONNRESET)
 * every joiner after the eleventh of 16 started in a row, and they stayed alone
 * (https://github.com/libp2p/js-libp2p/issues/2714)
 */
export const INBOUND_CONNECTIONS_PER_SECOND = 100

/** Inbound connections still upgrading at once (libp2p's default is 10), for the same joining bursts */
export const MAX_INCOMING_PENDING = 64

/**
 * How long a DHT server keeps a provider record after the provider's last
 * provide, ms (kad-dht's default is 48 hours). A server answers
 * GET_PROVIDERS with the peer record of every provider it holds, and
 * kad-dht 16.4 fails the whole answer when one of those records is gone
 * from its peer store (its other peer store reads skip a missing record),
 * where a departed peer's record lasts 6 hours after its last provide
 * (libp2p's maxPeerAge; the provide refreshes it). With 48 hours a relay
 * under churn answered no GET_PROVIDERS at all from 6 hours after the
 * first provider left. Four hours, plus the cleanup every quarter of it,
 * stays under those 6 hours: a departed provider's record goes first.
 * Each node provides its shards again when half of it is left
 */
export const PROVIDER_VALIDITY_MS = 4 * 3_600_000

/** How often the peer store is walked so that records of peers gone longer than its maxPeerAge are deleted, ms */
export const PEER_STORE_SWEEP_MS = 600_000

/** How often each node looks for a peer's idle duplicate connections and closes them, ms */
export const DUPLICATE_SWEEP_MS = 10_000

/** A duplicate connection younger than this is never closed (its first streams may still be on their way), ms */
export const DUPLICATE_MIN_AGE_MS = 30_000

/** How often each node checks that gossipsub has an outbound stream to every gossipsub peer, ms */
export const GOSSIP_REPAIR_SWEEP_MS = 10_000

/**
 * How long a connected gossipsub peer may go without this node's outbound
 * stream before it is reopened, ms: longer than gossipsub's negotiation of
 * it (libp2p's default 10 s). The `patient` preset adds its own timeout
 */
export const GOSSIP_REPAIR_GRACE_MS = 30_000
