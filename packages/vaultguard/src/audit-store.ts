import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { isHash } from './audit-entry.ts'
import { canonicalJson } from './canonical-json.ts'
import { CorruptAuditLogError } from './errors.ts'
import type { AuditEntry } from './audit-entry.ts'
import type { Datastore } from 'interface-datastore'

export interface AbortOptions {
  signal?: AbortSignal
}

/** The record that makes entries part of the log */
export interface AuditHead {
  length: number
  /** hex hash of the last entry */
  lastHash: string
  /** hex Merkle root over the entry hashes */
  root: string
}

/**
 * Where an audit log lives in a datastore: `<prefix>/head` and
 * `<prefix>/entries/<index, 12 digits>`, each as canonical JSON. Reads throw
 * CorruptAuditLogError for a record that is missing or not of its shape, and
 * pass an abort on.
 */
export class AuditStore {
  private readonly datastore: Datastore
  private readonly prefix: string

  constructor (datastore: Datastore, prefix: string) {
    this.datastore = datastore
    this.prefix = prefix.replace(/\/+$/, '')
  }

  async readHead (options: AbortOptions): Promise<AuditHead | undefined> {
    if (!(await this.datastore.has(this.headKey(), options))) {
      return undefined
    }

    const head = await this.read(this.headKey(), 'the head', options)

    if (!Number.isSafeInteger(head?.length) || head.length < 0 || !isHash(head.lastHash) || !isHash(head.root)) {
      throw new CorruptAuditLogError('the head is not { length, lastHash, root }')
    }

    return head
  }

  async readEntry (index: number, options: AbortOptions): Promise<AuditEntry> {
    const entry = await this.read(this.entryKey(index), `entry ${index}`, options)

    if (entry == null || typeof entry !== 'object' || !isHash(entry.hash) || !isHash(entry.prevHash)) {
      throw new CorruptAuditLogError(`entry ${index} is not an audit entry`)
    }

    return entry
  }

  /**
   * Writes the entry first, then the head that makes it part of the log.
   * If the head cannot be written, the entry is taken back (as far as the
   * datastore allows), so a failed append leaves no orphan behind.
   */
  async write (entry: AuditEntry, head: AuditHead, options: AbortOptions): Promise<void> {
    const key = this.entryKey(entry.index)
    await this.datastore.put(key, fromString(canonicalJson(entry)), options)

    try {
      await this.datastore.put(this.headKey(), fromString(canonicalJson(head)), options)
    } catch (err) {
      await Promise.resolve(this.datastore.delete(key)).catch(() => {})
      throw err
    }
  }

  /** How many entry records the datastore holds, whatever the head says */
  async countEntries (options: AbortOptions): Promise<number> {
    let count = 0

    for await (const key of this.datastore.queryKeys({ prefix: `${this.prefix}/entries/` }, options)) {
      count += key == null ? 0 : 1
    }

    return count
  }

  private headKey (): Key {
    return new Key(`${this.prefix}/head`)
  }

  private entryKey (index: number): Key {
    return new Key(`${this.prefix}/entries/${index.toString().padStart(12, '0')}`)
  }

  private async read (key: Key, what: string, options: AbortOptions): Promise<any> {
    let bytes: Uint8Array

    try {
      bytes = await this.datastore.get(key, options)
    } catch (err) {
      if (options.signal?.aborted === true) {
        throw err
      }

      throw new CorruptAuditLogError(`${what} is missing`)
    }

    try {
      return JSON.parse(toString(bytes))
    } catch {
      throw new CorruptAuditLogError(`${what} is not JSON`)
    }
  }
}
