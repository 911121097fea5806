/** A value canonical JSON can hold */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined }

/** Thrown for a value with no canonical JSON form */
export class NotCanonicalError extends Error {
  static name = 'NotCanonicalError'

  constructor (message: string) {
    super(message)
    this.name = 'NotCanonicalError'
  }
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers in
 * JavaScript's shortest round-trip form, `undefined` members left out.
 * Non-finite numbers and anything that is not plain JSON throw
 * NotCanonicalError, so two equal values always give the same bytes.
 */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value)
  }

  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new NotCanonicalError(`${value} has no JSON form`)
    }

    return JSON.stringify(value)
  }

  if (Array.isArray(value)) {
    return `[${value.map(item => canonicalJson(item)).join(',')}]`
  }

  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const members = Object.keys(value)
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)

    return `{${members.join(',')}}`
  }

  throw new NotCanonicalError(`a ${typeof value} has no canonical JSON form`)
}
