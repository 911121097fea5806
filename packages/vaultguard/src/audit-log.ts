import { fromString } from 'uint8arrays'
import { copyAction, GENESIS_HASH, hashEntry, toHex } from './audit-entry.ts'
import { AuditStore } from './audit-store.ts'
import { DEFAULT_AUDIT_PREFIX } from './constants.ts'
import { MerkleFrontier, merkleRoot } from './merkle.ts'
import type { AuditAction, AuditEntry } from './audit-entry.ts'
import type { AbortOptions, AuditHead } from './audit-store.ts'
import type { Datastore } from 'interface-datastore'

export interface AuditVerdict {
  ok: boolean
  /** the first entry that does not check out, when one can be named */
  firstBadIndex?: number
  reason?: string
}

export interface AuditLogInit {
  /** where the log lives in the datastore, default `/lvs/audit` */
  prefix?: string
}

/**
 * The guard's audit log (docs/guard.md): an append-only hash chain
 * (SHA3-256 over canonical JSON, each entry holding the previous hash) with
 * a Merkle root over the entry hashes, persisted in an `interface-datastore`
 * as one record per entry and a head `{ length, lastHash, root }`.
 *
 * `verify()` rereads the datastore and finds any edited, removed,
 * reordered or inserted entry, a head that does not match the entries, and
 * a stored log that differs from what this instance wrote or loaded. A log
 * rewritten consistently from end to end (every hash and the head) before
 * `load()` cannot be told from a real one: keep or publish `root()`
 * elsewhere to anchor it.
 *
 * It is not pruned: about 300 bytes per entry in the datastore and O(log n)
 * in memory; the guard writes on misbehaviour, not on every message.
 */
export class AuditLog {
  private readonly store: AuditStore
  private frontier = new MerkleFrontier()
  private lastHash = GENESIS_HASH
  private queue: Promise<unknown> = Promise.resolve()

  constructor (datastore: Datastore, init: AuditLogInit = {}) {
    this.store = new AuditStore(datastore, init.prefix ?? DEFAULT_AUDIT_PREFIX)
  }

  /** Number of entries */
  get length (): number {
    return this.frontier.length
  }

  /** Hex Merkle root over the entry hashes */
  root (): string {
    return toHex(this.frontier.root())
  }

  /** Hex hash of the last entry, 64 zeros for none */
  head (): string {
    return this.lastHash
  }

  /** Opens the log the datastore holds (an empty one if none); throws CorruptAuditLogError if it cannot be read */
  async load (options: AbortOptions = {}): Promise<this> {
    return this.serial(async () => {
      const frontier = new MerkleFrontier()
      let lastHash = GENESIS_HASH
      const head = await this.store.readHead(options)

      for (let index = 0; index < (head?.length ?? 0); index++) {
        lastHash = (await this.store.readEntry(index, options)).hash
        frontier.append(fromString(lastHash, 'base16'))
      }

      this.frontier = frontier
      this.lastHash = lastHash
      return this
    })
  }

  /**
   * Appends an action, copied as canonical JSON when called (throws
   * InvalidAuditActionError or NotCanonicalError if it cannot be). Appends
   * run one after another in call order.
   */
  async append (action: AuditAction, options: AbortOptions = {}): Promise<AuditEntry> {
    const copy = copyAction(action)

    return this.serial(async () => {
      options.signal?.throwIfAborted()
      const unhashed = { index: this.length, at: copy.at, action: copy, prevHash: this.lastHash }
      const entry: AuditEntry = { ...unhashed, hash: hashEntry(unhashed) }
      const frontier = this.frontier.clone()
      frontier.append(fromString(entry.hash, 'base16'))

      await this.store.write(entry, { length: frontier.length, lastHash: entry.hash, root: toHex(frontier.root()) }, options)
      this.frontier = frontier
      this.lastHash = entry.hash

      return entry
    })
  }

  /** Every stored entry, oldest first */
  async * entries (options: AbortOptions = {}): AsyncGenerator<AuditEntry> {
    const head = await this.store.readHead(options)

    for (let index = 0; index < (head?.length ?? 0); index++) {
      yield this.store.readEntry(index, options)
    }
  }

  /** Rereads the whole log from the datastore and checks every link, the head and the root */
  async verify (options: AbortOptions = {}): Promise<AuditVerdict> {
    let head: AuditHead | undefined

    try {
      head = await this.store.readHead(options)
    } catch (err) {
      return this.unless(options, err, { ok: false, reason: 'the head is unreadable' })
    }

    const length = head?.length ?? 0
    const hashes: Uint8Array[] = []
    let prevHash = GENESIS_HASH

    for (let index = 0; index < length; index++) {
      const bad = (reason: string): AuditVerdict => ({ ok: false, firstBadIndex: index, reason: `entry ${index} ${reason}` })
      let entry: AuditEntry

      try {
        entry = await this.store.readEntry(index, options)
      } catch (err) {
        return this.unless(options, err, bad('is missing or unreadable'))
      }

      if (entry.index !== index) {
        return bad(`says it is entry ${String(entry.index)}`)
      }

      if (entry.prevHash !== prevHash) {
        return bad('does not link to the entry before it')
      }

      if (!this.hashMatches(entry)) {
        return bad('was edited: its hash does not match')
      }

      hashes.push(fromString(entry.hash, 'base16'))
      prevHash = entry.hash
    }

    const stored = await this.store.countEntries(options)

    if (stored !== length) {
      return { ok: false, firstBadIndex: length, reason: `the datastore holds ${stored} entries but the head counts ${length}` }
    }

    const root = toHex(merkleRoot(hashes))

    if (head != null && (head.lastHash !== prevHash || head.root !== root)) {
      return { ok: false, reason: 'the head does not match the entries' }
    }

    if (length < this.length) {
      return { ok: false, firstBadIndex: length, reason: `the log holds ${length} entries but this node wrote or loaded ${this.length}` }
    }

    if (length !== this.length || root !== this.root() || prevHash !== this.lastHash) {
      return { ok: false, reason: 'the stored log differs from the one this node wrote or loaded' }
    }

    return { ok: true }
  }

  private hashMatches (entry: AuditEntry): boolean {
    try {
      return hashEntry(entry) === entry.hash
    } catch {
      return false
    }
  }

  /** The verdict for an unreadable record, unless the read was aborted */
  private unless (options: AbortOptions, err: unknown, verdict: AuditVerdict): AuditVerdict {
    if (options.signal?.aborted === true) {
      throw err
    }

    return verdict
  }

  /** Runs after every earlier load and append, in call order */
  private async serial <T> (task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => {})

    return run
  }
}
