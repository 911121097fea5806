import { sha3_256 as sha3 } from '@noble/hashes/sha3.js'
import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { canonicalJson } from './canonical-json.ts'
import { merkleRoot } from './merkle.ts'
import type { JsonValue } from './canonical-json.ts'
import type { Datastore } from 'interface-datastore'

/** One guard action */
export interface AuditAction {
  /** what the guard did: 'reject', 'quarantine', 'clamp', 'recovery', ... */
  type: string
  /** whom it concerns: an entry key, a shard */
  subject: string
  reason: string
  /** ms, the caller's clock */
  at: number
  data?: JsonValue
}

export interface AuditEntry {
  index: number
  action: AuditAction
  /** hex SHA3-256 of the previous entry, 64 zeros for the first */
  prevHash: string
  /** hex SHA3-256 over the canonical JSON of { index, action, prevHash } */
  hash: string
}

export interface AuditVerdict {
  ok: boolean
  /** the first entry that does not check out */
  firstBadIndex?: number
  reason?: string
}

export interface AuditLogInit {
  /** where the log lives in the datastore, default `/lvs/audit` */
  prefix?: string
}

export interface AbortOptions {
  signal?: AbortSignal
}

interface Head {
  length: number
  lastHash: string
  root: string
}

const GENESIS = '0'.repeat(64)
const hex = (bytes: Uint8Array): string => toString(bytes, 'base16')

export function hashEntry (entry: Omit<AuditEntry, 'hash'>): string {
  return hex(sha3(fromString(canonicalJson({ index: entry.index, action: entry.action, prevHash: entry.prevHash } as unknown as JsonValue))))
}

/**
 * The guard's audit log (DESIGN.md section 5): an append-only hash chain
 * (SHA3-256 over canonical JSON, each entry holding the previous hash) with
 * a Merkle root over the entry hashes, persisted in an `interface-datastore`.
 * `verify()` rereads the datastore and finds any edited, removed, reordered
 * or inserted entry, and a head that does not match.
 *
 * It is not pruned: one entry per guard action (about 300 bytes), and the
 * guard acts on misbehaviour, not on every message.
 */
export class AuditLog {
  private readonly datastore: Datastore
  private readonly prefix: string
  private readonly hashes: Uint8Array[] = []
  private lastHash = GENESIS
  private queue: Promise<unknown> = Promise.resolve()

  constructor (datastore: Datastore, init: AuditLogInit = {}) {
    this.datastore = datastore
    this.prefix = init.prefix ?? '/lvs/audit'
  }

  /** Number of entries */
  get length (): number {
    return this.hashes.length
  }

  /** Hex Merkle root over the entry hashes */
  root (): string {
    return hex(merkleRoot(this.hashes))
  }

  /** Opens the log the datastore holds (an empty one if none) */
  async load (options: AbortOptions = {}): Promise<this> {
    this.hashes.length = 0
    this.lastHash = GENESIS
    const head = await this.readHead(options)

    for (let index = 0; index < (head?.length ?? 0); index++) {
      const entry = await this.readEntry(index, options)
      this.hashes.push(fromString(entry.hash, 'base16'))
      this.lastHash = entry.hash
    }

    return this
  }

  /** Appends an action; appends run one after another in call order */
  async append (action: AuditAction, options: AbortOptions = {}): Promise<AuditEntry> {
    const run = this.queue.then(async () => {
      const unhashed = { index: this.hashes.length, action, prevHash: this.lastHash }
      const entry: AuditEntry = { ...unhashed, hash: hashEntry(unhashed) }
      const hashes = [...this.hashes, fromString(entry.hash, 'base16')]
      const head: Head = { length: hashes.length, lastHash: entry.hash, root: hex(merkleRoot(hashes)) }

      // the entry first, then the head that makes it part of the log
      await this.datastore.put(this.entryKey(entry.index), fromString(canonicalJson(entry as unknown as JsonValue)), options)
      await this.datastore.put(this.headKey(), fromString(JSON.stringify(head)), options)
      this.hashes.push(hashes[hashes.length - 1])
      this.lastHash = entry.hash

      return entry
    })
    this.queue = run.catch(() => {})

    return run
  }

  /** Every entry, oldest first */
  async * entries (options: AbortOptions = {}): AsyncGenerator<AuditEntry> {
    const head = await this.readHead(options)

    for (let index = 0; index < (head?.length ?? 0); index++) {
      yield this.readEntry(index, options)
    }
  }

  /** Rereads the whole log from the datastore and checks every link */
  async verify (options: AbortOptions = {}): Promise<AuditVerdict> {
    let head: Head | undefined

    try {
      head = await this.readHead(options)
    } catch {
      return { ok: false, reason: 'the head is unreadable' }
    }

    const length = head?.length ?? 0
    const hashes: Uint8Array[] = []
    let prevHash = GENESIS

    for (let index = 0; index < length; index++) {
      let entry: AuditEntry

      try {
        entry = await this.readEntry(index, options)
      } catch {
        return { ok: false, firstBadIndex: index, reason: `entry ${index} is missing or unreadable` }
      }

      if (entry.index !== index) {
        return { ok: false, firstBadIndex: index, reason: `entry ${index} says it is entry ${entry.index}` }
      }

      if (entry.prevHash !== prevHash) {
        return { ok: false, firstBadIndex: index, reason: `entry ${index} does not link to the entry before it` }
      }

      if (hashEntry(entry) !== entry.hash) {
        return { ok: false, firstBadIndex: index, reason: `entry ${index} was edited: its hash does not match` }
      }

      hashes.push(fromString(entry.hash, 'base16'))
      prevHash = entry.hash
    }

    let stored = 0

    for await (const key of this.datastore.queryKeys({ prefix: `${this.prefix}/entries` }, options)) {
      stored += key == null ? 0 : 1
    }

    if (stored !== length) {
      return { ok: false, firstBadIndex: length, reason: `the datastore holds ${stored} entries but the head counts ${length}` }
    }

    if (head != null && (head.lastHash !== prevHash || head.root !== hex(merkleRoot(hashes)))) {
      return { ok: false, reason: 'the head does not match the entries' }
    }

    if (length !== this.hashes.length || hex(merkleRoot(hashes)) !== this.root()) {
      return { ok: false, reason: 'the stored log differs from the one this node wrote' }
    }

    return { ok: true }
  }

  private headKey (): Key {
    return new Key(`${this.prefix}/head`)
  }

  private entryKey (index: number): Key {
    return new Key(`${this.prefix}/entries/${index.toString().padStart(12, '0')}`)
  }

  private async readHead (options: AbortOptions): Promise<Head | undefined> {
    if (!(await this.datastore.has(this.headKey(), options))) {
      return undefined
    }

    return JSON.parse(toString(await this.datastore.get(this.headKey(), options)))
  }

  private async readEntry (index: number, options: AbortOptions): Promise<AuditEntry> {
    return JSON.parse(toString(await this.datastore.get(this.entryKey(index), options)))
  }
}
