/** Vectors of different dimensions met where one k is required */
export class DimensionMismatchError extends Error {
  static name = 'DimensionMismatchError'

  constructor (message: string) {
    super(message)
    this.name = 'DimensionMismatchError'
  }
}

/** A target was asked of a table with no entry of positive weight */
export class EmptyTableError extends Error {
  static name = 'EmptyTableError'

  constructor (message: string) {
    super(message)
    this.name = 'EmptyTableError'
  }
}

/**
 * Two entries of a table share a key: the table is a map from entry key to
 * entry, so this is a bug upstream, and summing both would make the target
 * depend on which copy a replica happened to hold
 */
export class DuplicateKeyError extends Error {
  static name = 'DuplicateKeyError'

  constructor (message: string) {
    super(message)
    this.name = 'DuplicateKeyError'
  }
}

/** An option out of its range (named like the `@libp2p/interface` error) */
export class InvalidParametersError extends Error {
  static name = 'InvalidParametersError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidParametersError'
  }
}
