/**
 * Wire version of every LVS message. A decoder rejects any other value, so a
 * node never misreads a message of a later format as its own.
 */
export const PROTOCOL_VERSION = 1

/** Topic of entropy packets (docs/messages.md) */
export const ENTROPY_TOPIC = '/lvs/1/entropy'

/** Topic of beacons, one per node per heartbeat */
export const BEACON_TOPIC = '/lvs/1/beacon'

/** Prefix of the per-shard SDM topics: `/lvs/1/shard/<name>` */
export const SHARD_TOPIC_PREFIX = '/lvs/1/shard/'

/** Prefix of the per-shard evidence topics: `/lvs/1/evidence/<name>` */
export const EVIDENCE_TOPIC_PREFIX = '/lvs/1/evidence/'

/**
 * Stream protocol of table sync. Version 2: an entry is its origin's signed
 * SDM and nothing else (version 1 sent unsigned fields, which a peer could
 * set to anything), and the last page carries the shard's evidence
 */
export const SYNC_PROTOCOL = '/lvs/sync/2.0.0'

/** Largest shard dimension k (docs/state.md: k = 1..16) */
export const MAX_DIMENSION = 16

/**
 * Longest shard name in bytes. Names become part of topic strings and
 * datastore keys, so they are short and limited to `[A-Za-z0-9._-]`.
 */
export const MAX_SHARD_ID_LENGTH = 64

/** Longest entry key (a peer id multihash: 38 bytes for Ed25519) */
export const MAX_KEY_BYTES = 64

/**
 * Largest EP: k = 16 floats cost 16 x 5 bytes, plus version, load and
 * timestamp (about 100 bytes); the rest is head room.
 */
export const MAX_ENTROPY_PACKET_BYTES = 128

/**
 * Largest SDM: a 64-byte shard name, 16 doubles of input (9 bytes each) and
 * 16 floats of state (5 bytes each) need 314 bytes with the other fields.
 */
export const MAX_STATE_DIFF_BYTES = 512

/** Largest number of shards one beacon describes */
export const MAX_BEACON_SHARDS = 64

/** Longest table digest (a 32-byte hash; 64 leaves room for another hash) */
export const MAX_DIGEST_BYTES = 64

/** Largest beacon: 64 shards of (name 64 + digest 64 + count) bytes */
export const MAX_BEACON_BYTES = 9 * 1024

/** Largest signed gossipsub message kept as proof (SDM + key + signature) */
export const MAX_ENVELOPE_BYTES = 1024

/** Longest sync cursor */
export const MAX_CURSOR_BYTES = 64

/** Largest sync request */
export const MAX_SYNC_REQUEST_BYTES = 256

/** Most table entries in one sync page */
export const MAX_SYNC_PAGE_ENTRIES = 256

/** Most pieces of evidence in one sync page or stored chunk */
export const MAX_SYNC_EVIDENCE = 32

/**
 * Largest sync response: 256 entries of at most about 1 KB each (a proof of
 * up to 1,024 bytes with framing; about 200 bytes in practice) and 32
 * pieces of evidence of up to 4 KB fit in 512 KiB.
 */
export const MAX_SYNC_RESPONSE_BYTES = 512 * 1024

/** Largest stored chunk of a persisted table: the same bound as a sync page, with room for receipt times */
export const MAX_STORED_CHUNK_BYTES = 640 * 1024

/** Most signed messages in one piece of evidence (equivocation needs two) */
export const MAX_EVIDENCE_MESSAGES = 2

/** Largest evidence message */
export const MAX_EVIDENCE_BYTES = 4 * 1024
