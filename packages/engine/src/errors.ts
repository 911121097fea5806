/** An engine setting that cannot work; the message names the setting and the value as given */
export class InvalidSettingError extends Error {
  static name = 'InvalidSettingError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidSettingError'
  }
}

/** An input of the wrong shape for its shard: not k finite numbers, outside the shard's bounds, or negative where it must not be */
export class InvalidInputError extends Error {
  static name = 'InvalidInputError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidInputError'
  }
}
