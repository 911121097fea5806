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
