/** Shard rules that cannot work: a dimension outside 1..16, a bound or interval that is not a positive number */
export class InvalidShardRulesError extends Error {
  static name = 'InvalidShardRulesError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidShardRulesError'
  }
}

/**
 * Two entries of a table share a key: a table is a map from entry key to
 * entry, so this is a bug upstream, and judging both would make the verdict
 * depend on which copy a replica happened to hold
 */
export class DuplicateKeyError extends Error {
  static name = 'DuplicateKeyError'

  constructor (message: string) {
    super(message)
    this.name = 'DuplicateKeyError'
  }
}

/** A value with no canonical JSON form: a non-finite number, a cycle, anything but plain JSON */
export class NotCanonicalError extends Error {
  static name = 'NotCanonicalError'

  constructor (message: string) {
    super(message)
    this.name = 'NotCanonicalError'
  }
}

/** An audit action without a type, subject or reason string, or without a finite time */
export class InvalidAuditActionError extends Error {
  static name = 'InvalidAuditActionError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidAuditActionError'
  }
}

/** The stored audit log cannot be read back: a head or entry is missing or not JSON */
export class CorruptAuditLogError extends Error {
  static name = 'CorruptAuditLogError'

  constructor (message: string) {
    super(message)
    this.name = 'CorruptAuditLogError'
  }
}
