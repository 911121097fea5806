import { NotCanonicalError } from './errors.ts'

/** A value canonical JSON can hold */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined }

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace,
 * numbers in JavaScript's shortest round-trip form (-0 written as 0),
 * `undefined` object members left out. Non-finite numbers, cycles and
 * anything that is not plain JSON (class instances, Maps, Dates, bigints,
 * `undefined` in an array) throw NotCanonicalError, so two equal values
 * always give the same bytes.
 */
export function canonicalJson (value: unknown): string {
  return write(value, new Set())
}

/** An object literal or JSON.parse result (or one with no prototype), not a class instance */
function isPlain (value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function write (value: unknown, path: Set<object>): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value)
  }

  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new NotCanonicalError(`${value} has no JSON form`)
    }

    return JSON.stringify(value)
  }

  if (typeof value !== 'object' || !(Array.isArray(value) || isPlain(value))) {
    throw new NotCanonicalError(`a ${typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value} has no canonical JSON form`)
  }

  if (path.has(value)) {
    throw new NotCanonicalError('a cyclic value has no JSON form')
  }

  path.add(value)

  try {
    if (Array.isArray(value)) {
      return `[${value.map(item => write(item, path)).join(',')}]`
    }

    const record = value as Record<string, unknown>
    const members = Object.keys(record)
      .filter(key => record[key] !== undefined)
      .sort()
      .map(key => `${JSON.stringify(key)}:${write(record[key], path)}`)

    return `{${members.join(',')}}`
  } finally {
    path.delete(value)
  }
}
