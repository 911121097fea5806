import { MemoryDatastore } from 'datastore-core'
import type { AbortOptions } from '@libp2p/interface'
import type { Key } from 'interface-datastore'

/**
 * An in-memory datastore that keeps its own copy of every value put. The
 * values libp2p stores (the DHT's provider records, peer store records) are
 * often views into a larger buffer: in Node a slab of 8 KB from Buffer's
 * pool, so `MemoryDatastore` keeps 8 KB for a record of a few dozen bytes.
 * A DHT server keeps every provider record for 48 h, one per peer that
 * provided a shard, so under churn that is megabytes an hour. The default
 * datastore of `createLvsNode`.
 */
export class CompactMemoryDatastore extends MemoryDatastore {
  put (key: Key, value: Uint8Array, options?: AbortOptions): Key | Promise<Key> {
    return super.put(key, new Uint8Array(value), options)
  }
}
