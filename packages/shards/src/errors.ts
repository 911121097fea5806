/** A stored shard could not be read back whole */
export class CorruptShardError extends Error {
  static name = 'CorruptShardError'
  /** the node's own input, state and cycle id, when its record could still be read */
  readonly own?: { input: number[], state: number[], cycleId: number }

  constructor (message: string, own?: { input: number[], state: number[], cycleId: number }) {
    super(message)
    this.name = 'CorruptShardError'

    if (own != null) {
      this.own = own
    }
  }
}

/** The shard is not held by this store */
export class UnknownShardError extends Error {
  static name = 'UnknownShardError'

  constructor (message: string) {
    super(message)
    this.name = 'UnknownShardError'
  }
}

/** A sync with a peer failed: bad bytes, too much data, or too slow */
export class SyncFailedError extends Error {
  static name = 'SyncFailedError'

  constructor (message: string) {
    super(message)
    this.name = 'SyncFailedError'
  }
}

/** A shard configuration that cannot work */
export class InvalidShardConfigError extends Error {
  static name = 'InvalidShardConfigError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidShardConfigError'
  }
}
