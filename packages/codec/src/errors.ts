/**
 * Base of every error the codec throws, so a caller can tell bad input
 * (`err instanceof CodecError`) from a bug
 */
export class CodecError extends Error {
  static name = 'CodecError'

  constructor (message: string) {
    super(message)
    this.name = 'CodecError'
  }
}

/** The message has more bytes than its type allows */
export class MessageTooLargeError extends CodecError {
  static name = 'MessageTooLargeError'

  constructor (message: string) {
    super(message)
    this.name = 'MessageTooLargeError'
  }
}

/** A repeated field, string or byte field is longer than its limit */
export class LimitExceededError extends CodecError {
  static name = 'LimitExceededError'

  constructor (message: string) {
    super(message)
    this.name = 'LimitExceededError'
  }
}

/** Truncated bytes, a bad wire type, a missing field or a field out of range */
export class MalformedMessageError extends CodecError {
  static name = 'MalformedMessageError'

  constructor (message: string) {
    super(message)
    this.name = 'MalformedMessageError'
  }
}

/** A number is NaN or infinite */
export class NonFiniteNumberError extends CodecError {
  static name = 'NonFiniteNumberError'

  constructor (message: string) {
    super(message)
    this.name = 'NonFiniteNumberError'
  }
}

/** The message was written for another protocol version */
export class UnsupportedVersionError extends CodecError {
  static name = 'UnsupportedVersionError'

  constructor (message: string) {
    super(message)
    this.name = 'UnsupportedVersionError'
  }
}
