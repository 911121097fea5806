import { ownEvidence } from '@lvs/codec'
import { MemoryDatastore } from 'datastore-core'
import { fromString, toString } from 'uint8arrays'
import { DEFAULT_PREFIX, MAX_HELD_EVIDENCE, PAGE_SIZE } from './constants.ts'
import { entryHash, tableDigest } from './digest.ts'
import { CorruptShardError, UnknownShardError } from './errors.ts'
import { byKey, expireHeld, firstAfter, insertSorted, sameEntry } from './held.ts'
import { readShard, writeShard } from './persistence.ts'
import { emptyShard, fitsShard, resolveConfig } from './shard.ts'
import type { Held } from './held.ts'
import type { Entry, HeldEvidence, Shard, ShardConfig } from './shard.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

export interface ShardStoreInit {
  /** where tables are persisted; default an in-memory datastore */
  datastore?: Datastore
  /** key prefix in the datastore, default `/lvs/shards` */
  prefix?: string
  /**
   * called when a stored table cannot be read back (a crash mid-write of an
   * older format, a damaged datastore): the shard starts with an empty
   * table and, where its record could still be read, its own input and state
   */
  onCorrupt?(name: string, err: CorruptShardError): void
}

export interface ExpireResult {
  /** entries that turned dormant */
  dormant: string[]
  /** entries dropped after their retention time */
  removed: string[]
}

/**
 * What a merge did: `added` a new key, `updated` it to a newer SDM,
 * `refreshed` the same SDM (only its receipt time moved on), nothing for an
 * `older` one, `conflict` for another SDM with the same cycle id (two
 * different signed SDMs of one cycle: equivocation, `current` is the one
 * held), `refused` an entry that does not fit the shard
 */
export type MergeResult =
  | { kind: 'added', inputChanged: true }
  | { kind: 'updated', inputChanged: boolean, previous: Entry }
  | { kind: 'refreshed' | 'older' | 'refused', inputChanged: false }
  | { kind: 'conflict', inputChanged: false, current: Entry }

export interface Page {
  entries: Entry[]
  /** the last key of this page, empty when it is the last page */
  nextCursor: Uint8Array
}

/**
 * The shards a node joined (docs/state.md): for each, its own input and
 * state and a full replica of the table, persisted crash-safely in an
 * `interface-datastore`, with a digest that two replicas compare in one value.
 */
export class ShardStore {
  readonly datastore: Datastore
  private readonly prefix: string
  private readonly held = new Map<string, Held>()

  private readonly onCorrupt?: (name: string, err: CorruptShardError) => void

  constructor (init: ShardStoreInit = {}) {
    this.datastore = init.datastore ?? new MemoryDatastore()
    this.prefix = init.prefix ?? DEFAULT_PREFIX
    this.onCorrupt = init.onCorrupt
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
    let shard: Shard

    try {
      shard = (await readShard(this.datastore, this.prefix, resolved.name, options))?.shard ?? emptyShard(resolved)
    } catch (err: any) {
      if (!(err instanceof CorruptShardError)) {
        throw err
      }

      this.onCorrupt?.(resolved.name, err)
      shard = { ...emptyShard(resolved), ...err.own }
    }

    shard.config = resolved

    if (shard.input.length !== resolved.dimension) {
      // stored with another dimension: the table cannot be used
      shard = emptyShard(resolved)
    }

    // a config with narrower bounds than the stored table's: entries outside them no longer fit
    for (const [key, entry] of shard.entries) {
      if (!fitsShard(entry, resolved)) {
        shard.entries.delete(key)
      }
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
   * cycle id; the same SDM again only moves its receipt time on
   * (idempotent); another SDM with the same cycle id is a conflict the
   * caller turns into evidence. An entry that does not fit the shard is
   * refused, never thrown on: the guard admitted it.
   */
  mergeEntry (name: string, entry: Entry): MergeResult {
    const held = this.held.get(name)

    if (held == null || !fitsShard(entry, held.shard.config)) {
      return { kind: 'refused', inputChanged: false }
    }

    const current = held.shard.entries.get(entry.key)

    if (current != null && current.cycleId > entry.cycleId) {
      return { kind: 'older', inputChanged: false }
    }

    if (current != null && current.cycleId === entry.cycleId) {
      if (!sameEntry(current, entry)) {
        return { kind: 'conflict', inputChanged: false, current }
      }

      if (entry.lastSeen > current.lastSeen) {
        current.lastSeen = entry.lastSeen
        held.changes++
      }

      return { kind: 'refreshed', inputChanged: false }
    }

    const copy: Entry = { ...entry, input: [...entry.input], state: [...entry.state] }
    held.shard.entries.set(entry.key, copy)
    held.hashes.delete(entry.key)
    held.root = undefined
    held.changes++

    if (current == null) {
      insertSorted(held, entry.key)
      return { kind: 'added', inputChanged: true }
    }

    copy.lastSeen = Math.max(current.lastSeen, copy.lastSeen)
    return { kind: 'updated', inputChanged: current.input.some((value, j) => value !== copy.input[j]), previous: current }
  }

  /**
   * Holds evidence against `offender` (checked by the caller); returns
   * false when evidence against that key is already held. Beyond
   * MAX_HELD_EVIDENCE per shard the oldest goes. It keeps a copy of the
   * messages' bytes, not views into the buffer they came in.
   */
  condemn (name: string, held: HeldEvidence): boolean {
    const holder = this.require(name)
    const shard = holder.shard

    if (shard.evidence.has(held.offender)) {
      return false
    }

    holder.changes++
    shard.evidence.set(held.offender, { ...held, evidence: ownEvidence(held.evidence) })

    if (shard.evidence.size > MAX_HELD_EVIDENCE) {
      const oldest = [...shard.evidence.values()].reduce((a, b) => b.at < a.at ? b : a)
      shard.evidence.delete(oldest.offender)
    }

    return true
  }

  /** Evidence held in a shard, newest first */
  evidence (name: string): HeldEvidence[] {
    return [...this.require(name).shard.evidence.values()].sort((a, b) => b.at - a.at || (a.offender < b.offender ? -1 : 1))
  }

  /** Sets the node's own input, state and cycle id in a shard */
  setOwn (name: string, own: { input?: number[], state?: number[], cycleId?: number }): void {
    const held = this.require(name)
    const shard = held.shard
    const differs = (next: number[] | undefined, current: number[]): boolean => next != null && (next.length !== current.length || next.some((v, j) => v !== current[j]))

    // the cycle id alone is no change worth a write: it goes on from the clock after a restart anyway
    if (differs(own.input, shard.input) || differs(own.state, shard.state)) {
      held.changes++
    }

    shard.input = own.input ?? shard.input
    shard.state = own.state ?? shard.state
    shard.cycleId = own.cycleId ?? shard.cycleId
  }

  /**
   * Turns entries unheard for `liveTimeout` dormant and drops those unheard
   * for `liveTimeout + retention`; quarantined entries keep their status.
   * `liveTimeout`, when given, replaces the shards' own (the engine
   * stretches it as the swarm grows: docs/scale.md)
   */
  expire (now: number, names: string[] = this.shards(), liveTimeout?: number): ExpireResult {
    const result: ExpireResult = { dormant: [], removed: [] }

    for (const name of names) {
      const held = this.held.get(name)

      if (held == null) {
        continue
      }

      expireHeld(held, now, result, liveTimeout)
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

  /** Root of a hash tree over the table's entries (key, cycle id, input); recomputed only after an entry changed */
  digest (name: string): Uint8Array {
    const held = this.require(name)

    for (const [key, entry] of held.shard.entries) {
      if (!held.hashes.has(key)) {
        held.hashes.set(key, entryHash(entry))
        held.root = undefined
      }
    }

    for (const key of held.hashes.keys()) {
      if (!held.shard.entries.has(key)) {
        held.hashes.delete(key)
        held.root = undefined
      }
    }

    held.root ??= tableDigest(held.hashes)
    return held.root
  }

  /** The entries in key order (the order kept between changes of the key set, so repeated calls cost no sort) */
  sorted (name: string): Entry[] {
    const held = this.require(name)
    held.sorted ??= [...held.shard.entries.keys()].sort(byKey)
    return held.sorted.map(key => held.shard.entries.get(key) as Entry)
  }

  /** Entries with keys after the cursor, in key order, at most `limit` */
  page (name: string, cursor: Uint8Array, limit = PAGE_SIZE): Page {
    const held = this.require(name)
    held.sorted ??= [...held.shard.entries.keys()].sort(byKey)
    const keys = held.sorted
    const low = firstAfter(keys, toString(cursor))
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
    this.held.set(shard.config.name, { shard, hashes: new Map(), changes: 0 })
  }

  /**
   * How many times the shard changed since it was loaded: an entry added,
   * replaced, heard again later or dropped, evidence held or dropped, the
   * node's own values set. Persistence writes a shard whose count moved
   */
  changes (name: string): number {
    return this.require(name).changes
  }

  private require (name: string): Held {
    const held = this.held.get(name)

    if (held == null) {
      throw new UnknownShardError(`this store does not hold shard ${name}`)
    }

    return held
  }
}
