import { sha3_256 as sha3 } from '@noble/hashes/sha3.js'
import { fromString, toString } from 'uint8arrays'
import { canonicalJson } from './canonical-json.ts'
import { InvalidAuditActionError } from './errors.ts'
import type { JsonValue } from './canonical-json.ts'

/** One guard action */
export interface AuditAction {
  /** what the guard did: 'reject', 'quarantine', 'clamp', 'recovery', ... */
  type: string
  /** whom it concerns: an entry key, a shard */
  subject: string
  reason: string
  /** ms, the caller's clock */
  at: number
  /** anything else worth keeping, as plain JSON with finite numbers */
  data?: JsonValue
}

export interface AuditEntry {
  /** 0, 1, 2, ... */
  index: number
  /** ms, the action's time */
  at: number
  action: AuditAction
  /** hex SHA3-256 of the previous entry, 64 zeros for the first */
  prevHash: string
  /** hex SHA3-256 over the canonical JSON of the entry without `hash` */
  hash: string
}

/** The `prevHash` of the first entry */
export const GENESIS_HASH = '0'.repeat(64)

export const toHex = (bytes: Uint8Array): string => toString(bytes, 'base16')

export const isHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)

/** Hex SHA3-256 over the canonical JSON of { index, at, action, prevHash }; throws NotCanonicalError for non-JSON */
export function hashEntry (entry: Omit<AuditEntry, 'hash'>): string {
  const unhashed = { index: entry.index, at: entry.at, action: entry.action, prevHash: entry.prevHash }
  return toHex(sha3(fromString(canonicalJson(unhashed))))
}

/** A copy of the action as canonical JSON reads it back; throws InvalidAuditActionError or NotCanonicalError */
export function copyAction (action: AuditAction): AuditAction {
  if (action == null || typeof action.type !== 'string' || typeof action.subject !== 'string' || typeof action.reason !== 'string') {
    throw new InvalidAuditActionError('an audit action needs a type, a subject and a reason string')
  }

  if (typeof action.at !== 'number' || !Number.isFinite(action.at)) {
    throw new InvalidAuditActionError(`an audit action needs a finite time, got ${String(action.at)}`)
  }

  return JSON.parse(canonicalJson(action))
}
