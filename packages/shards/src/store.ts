import { MemoryDatastore } from 'datastore-core'
import { fromString, toString } from 'uint8arrays'
import { DEFAULT_PREFIX, PAGE_SIZE } from './constants.ts'
import { entryHash, tableDigest } from './digest.ts'
import { UnknownShardError } from './errors.ts'
import { readShard, writeShard } from './persistence.ts'
import { emptyShard, fitsShard, resolveConfig } from './shard.ts'
import type { Entry, Shard, ShardConfig } from './shard.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

export interface ShardStoreInit {
  /** where tables are persisted; default an in-memory datastore */
  datastore?: Datastore
  /** key prefix in the datastore, default `/lvs/shards` */
  prefix?: string
}

export interface ExpireResult {
  /** entries that turned dormant */
  dormant: string[]
  /** entries dropped after their retention time */
  removed: string[]
}

export interface Page {
  entries: Entry[]
  /** the last key of this page, empty when it is the last page */
  nextCursor: Uint8Array
}

interface Held {
  shard: Shard
  /** entry hashes, kept up to date by merge, for the digest */
  hashes: Map<string, Uint8Array>
  /** the keys in order, for paging; dropped when a key comes or goes */
  sorted?: string[]
}

const byKey = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

/**
 * The shards a node joined (DESIGN.md section 2): for each, its own input and
 * state and a full replica of the table, persisted crash-safely in an
 * `interface-datastore`, with a digest that two replicas compare in one value.
 */
export class ShardStore {
  readonly datastore: Datastore
  private readonly prefix: string
  private readonly held = new Map<string, Held>()

  constructor (init: ShardStoreInit = {}) {
    this.datastore = init.datastore ?? new MemoryDatastore()
    this.prefix = init.prefix ?? DEFAULT_PREFIX
  }

  /** Names of the shards held */
  shards (): string[] {
    return [...this.held.keys()]
  }

  /** A shard held, or undefined */
  get (name: string): Shard | undefined {
    return this.held.get(name)?.shard
  }

  /**
   * Joins a shard: loads its stored table when there is one (the config
   * given wins over the stored one), else starts an empty table
   */
  async loadShard (config: ShardConfig, options: AbortOptions = {}): Promise<Shard> {
    const resolved = resolveConfig(config)
    const stored = await readShard(this.datastore, this.prefix, resolved.name, options)
    const shard = stored?.shard ?? emptyShard(resolved)
    shard.config = resolved

    if (shard.input.length !== resolved.dimension) {
      // stored with another dimension: the table cannot be used
      const fresh = emptyShard(resolved)
      this.hold(fresh)
      return fresh
    }

    this.hold(shard)
    return shard
  }

  /** Persists a shard crash-safely (see README: new version, then switch) */
  async storeShard (name: string, options: AbortOptions = {}): Promise<void> {
    const held = this.require(name)
    await writeShard(this.datastore, this.prefix, held.shard, this.digest(name), options)
  }

  /** Persists every shard held */
  async storeAll (options: AbortOptions = {}): Promise<void> {
    for (const name of this.held.keys()) {
      await this.storeShard(name, options)
    }
  }

  /**
   * Merges one entry: kept when the shard has none for its key or an older
   * cycle id; an equal or older cycle id changes nothing (idempotent). A
   * malformed entry is dropped, never thrown on: the guard admitted it.
   * Returns whether the table changed.
   */
  mergeEntry (name: string, entry: Entry): boolean {
    const held = this.held.get(name)

    if (held == null || !fitsShard(entry, held.shard.config)) {
      return false
    }

    const current = held.shard.entries.get(entry.key)

    if (current != null && current.cycleId >= entry.cycleId) {
      if (current.cycleId === entry.cycleId && entry.lastSeen > current.lastSeen) {
        current.lastSeen = entry.lastSeen
      }

      return false
    }

    const copy: Entry = { ...entry, input: [...entry.input], state: [...entry.state] }

    if (current == null) {
      held.sorted = undefined
    }

    held.shard.entries.set(entry.key, copy)
    held.hashes.set(entry.key, entryHash(copy))

    return true
  }

  /** Sets the node's own input, state and cycle id in a shard */
  setOwn (name: string, own: { input?: number[], state?: number[], cycleId?: number }): void {
    const shard = this.require(name).shard
    shard.input = own.input ?? shard.input
    shard.state = own.state ?? shard.state
    shard.cycleId = own.cycleId ?? shard.cycleId
  }

  /**
   * Turns entries unheard for `liveTimeout` dormant and drops those unheard
   * for `liveTimeout + retention`; quarantined entries keep their status
   */
  expire (now: number, names: string[] = this.shards()): ExpireResult {
    const result: ExpireResult = { dormant: [], removed: [] }

    for (const name of names) {
      const held = this.held.get(name)

      if (held == null) {
        continue
      }

      const { liveTimeout, retention } = held.shard.config

      for (const [key, entry] of held.shard.entries) {
        const silent = now - entry.lastSeen

        if (silent > liveTimeout + retention) {
          held.shard.entries.delete(key)
          held.hashes.delete(key)
          held.sorted = undefined
          result.removed.push(key)
        } else if (silent > liveTimeout && entry.status === 'live') {
          entry.status = 'dormant'
          result.dormant.push(key)
        } else if (silent <= liveTimeout && entry.status === 'dormant') {
          entry.status = 'live'
        }
      }
    }

    return result
  }

  /**
   * Joins the shards wanted and leaves the others (each left shard is
   * stored first, so a later join finds its table)
   */
  async rebalance (wanted: ShardConfig[], options: AbortOptions = {}): Promise<{ joined: string[], left: string[] }> {
    const names = new Set(wanted.map(config => config.name))
    const left: string[] = []
    const joined: string[] = []

    for (const name of this.shards()) {
      if (!names.has(name)) {
        await this.storeShard(name, options)
        this.held.delete(name)
        left.push(name)
      }
    }

    for (const config of wanted) {
      if (!this.held.has(config.name)) {
        await this.loadShard(config, options)
        joined.push(config.name)
      }
    }

    return { joined, left }
  }

  /** Root of a hash tree over the table's entries (key, cycle id, input) */
  digest (name: string): Uint8Array {
    return tableDigest(this.require(name).hashes)
  }

  /** Entries with keys after the cursor, in key order, at most `limit` */
  page (name: string, cursor: Uint8Array, limit = PAGE_SIZE): Page {
    const held = this.require(name)
    held.sorted ??= [...held.shard.entries.keys()].sort(byKey)
    const keys = held.sorted
    const after = toString(cursor)
    // the first key after the cursor, by binary search
    let low = 0
    let high = keys.length

    if (after !== '') {
      while (low < high) {
        const middle = (low + high) >> 1

        if (keys[middle] <= after) {
          low = middle + 1
        } else {
          high = middle
        }
      }
    }

    const slice = keys.slice(low, low + limit)
    const entries = slice.map(key => held.shard.entries.get(key) as Entry)
    const last = low + limit < keys.length ? slice[slice.length - 1] : undefined

    return { entries, nextCursor: last == null ? new Uint8Array(0) : fromString(last) }
  }

  /** Stores every shard: call before the process ends */
  async shutdown (options: AbortOptions = {}): Promise<void> {
    await this.storeAll(options)
  }

  private hold (shard: Shard): void {
    const hashes = new Map<string, Uint8Array>()
    shard.entries.forEach((entry, key) => { hashes.set(key, entryHash(entry)) })
    this.held.set(shard.config.name, { shard, hashes })
  }

  private require (name: string): Held {
    const held = this.held.get(name)

    if (held == null) {
      throw new UnknownShardError(`this store does not hold shard ${name}`)
    }

    return held
  }
}
