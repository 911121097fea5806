/** Where shard tables live in the datastore */
export const DEFAULT_PREFIX = '/lvs/shards'

/**
 * How long an unheard entry stays dormant (counted and persisted) before it
 * is dropped: 24 h (docs/state.md); 0 keeps live entries only
 */
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000

/**
 * An entry unheard for this long turns dormant: three missed 60 s
 * heartbeats (docs/cycle.md)
 */
export const DEFAULT_LIVE_TIMEOUT_MS = 3 * 60 * 1000

/** Entries per stored chunk and per sync page (the codec's page limit) */
export const PAGE_SIZE = 256

/**
 * Most entries one sync may bring: the full-table design is meant for tens
 * to hundreds of nodes per shard (docs/scale.md); 100,000 bounds the
 * memory a hostile peer can make a node stage to about 60 MB
 */
export const MAX_SYNC_ENTRIES = 100_000

/** Time allowed for one sync page to arrive, ms */
export const SYNC_PAGE_TIMEOUT_MS = 10_000

/** Time allowed for a whole sync, ms */
export const SYNC_TIMEOUT_MS = 120_000

/** Most pages a responder serves on one stream (MAX_SYNC_ENTRIES / PAGE_SIZE, rounded up) */
export const MAX_PAGES_PER_STREAM = Math.ceil(MAX_SYNC_ENTRIES / PAGE_SIZE)

/**
 * Most pieces of evidence a replica holds per shard: each condemns one key,
 * so this bounds the memory a swarm of misbehaving keys can take (about
 * 1 KB each); beyond it the oldest goes
 */
export const MAX_HELD_EVIDENCE = 1024
