import {
  MAX_DIMENSION,
  MAX_SHARD_ID_LENGTH,
  PROTOCOL_VERSION
} from './constants.ts'
import {
  LimitExceededError,
  MalformedMessageError,
  MessageTooLargeError,
  NonFiniteNumberError,
  UnsupportedVersionError
} from './errors.ts'
import { unpack } from './packed.ts'
import { checkWireFormat } from './wire.ts'
import type { PackedFields } from './packed.ts'
import type { WireLayout } from './wire.ts'
import type { DecodeOptions } from 'protons-runtime'

/** Largest finite float32, the range of `float` fields */
export const FLOAT32_MAX = 3.4028234663852886e38

/** Largest float32 below 1: the top of the `[0, 1)` range of entropy values */
export const FLOAT32_BELOW_ONE = 1 - 2 ** -24

const SHARD_ID = /^[A-Za-z0-9._-]+$/

interface ProtonsCodec<T> {
  decode(buf: Uint8Array, opts?: DecodeOptions<T>): T
}

/**
 * Decodes with protons inside the codec's limits, turning every failure into
 * one of the codec's typed errors
 */
export function decodeLimited <T> (codec: ProtonsCodec<T>, bytes: Uint8Array, maxBytes: number, what: string, layout: WireLayout, limits?: DecodeOptions<T>['limits'], packed?: PackedFields): T {
  if (!(bytes instanceof Uint8Array)) {
    throw new MalformedMessageError(`${what} must be a Uint8Array`)
  }

  if (bytes.byteLength > maxBytes) {
    throw new MessageTooLargeError(`${what} has ${bytes.byteLength} bytes, more than the ${maxBytes} allowed`)
  }

  checkWireFormat(bytes, layout, what)
  const readable = packed == null ? bytes : unpack(bytes, packed, what)

  try {
    return codec.decode(readable, { limits })
  } catch (err: any) {
    if (err?.name === 'MaxLengthError') {
      throw new LimitExceededError(`${what}: ${err.message}`)
    }

    throw new MalformedMessageError(`${what} could not be decoded: ${err?.message ?? err}`)
  }
}

export function checkVersion (version: number, what: string): void {
  if (version === 0) {
    throw new MalformedMessageError(`${what} has no version`)
  }

  if (version !== PROTOCOL_VERSION) {
    throw new UnsupportedVersionError(`${what} has version ${version}, this node speaks ${PROTOCOL_VERSION}`)
  }
}

export function checkFinite (value: number, what: string, max = Number.MAX_VALUE): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > max) {
    throw new NonFiniteNumberError(`${what} is ${value}, not a finite number${max < Number.MAX_VALUE ? ' a float32 can hold' : ''}`)
  }
}

/**
 * Checks a k-vector: 1..MAX_DIMENSION finite components, each within
 * `max` in magnitude (FLOAT32_MAX for `float` fields)
 */
export function checkVector (values: readonly number[], what: string, max = Number.MAX_VALUE): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new MalformedMessageError(`${what} is empty`)
  }

  if (values.length > MAX_DIMENSION) {
    throw new LimitExceededError(`${what} has ${values.length} components, more than ${MAX_DIMENSION}`)
  }

  values.forEach((value, i) => { checkFinite(value, `${what}[${i}]`, max) })
}

/** Checks a number that must lie in `[min, max]` (both inclusive) */
export function checkRange (value: number, min: number, max: number, what: string): void {
  checkFinite(value, what)

  if (value < min || value > max) {
    throw new MalformedMessageError(`${what} is ${value}, outside [${min}, ${max}]`)
  }
}

export function checkShardId (shardId: string, what: string): void {
  if (typeof shardId !== 'string' || shardId.length === 0) {
    throw new MalformedMessageError(`${what} has no shard id`)
  }

  if (shardId.length > MAX_SHARD_ID_LENGTH) {
    throw new LimitExceededError(`${what} has a shard id of ${shardId.length} characters, more than ${MAX_SHARD_ID_LENGTH}`)
  }

  if (!SHARD_ID.test(shardId)) {
    throw new MalformedMessageError(`${what} has shard id ${JSON.stringify(shardId)}: only letters, digits, ".", "_" and "-" are allowed`)
  }
}

export function checkBytes (bytes: Uint8Array, max: number, what: string, min = 0): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new MalformedMessageError(`${what} must be a Uint8Array`)
  }

  if (bytes.byteLength > max) {
    throw new LimitExceededError(`${what} has ${bytes.byteLength} bytes, more than ${max}`)
  }

  if (bytes.byteLength < min) {
    throw new MalformedMessageError(`${what} has ${bytes.byteLength} bytes, fewer than ${min}`)
  }
}

/** A uint64 read as bigint, as a safe integer no smaller than `min` */
export function toSafeInteger (value: bigint, min: number, what: string): number {
  if (value < BigInt(min) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MalformedMessageError(`${what} is ${value}, outside [${min}, ${Number.MAX_SAFE_INTEGER}]`)
  }

  return Number(value)
}

/** A safe integer no smaller than `min`, as the bigint a uint64 field takes */
export function toUint64 (value: number, min: number, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MalformedMessageError(`${what} is ${value}, not an integer in [${min}, ${Number.MAX_SAFE_INTEGER}]`)
  }

  return BigInt(value)
}

export function checkUint32 (value: number, min: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > 0xffffffff) {
    throw new MalformedMessageError(`${what} is ${value}, not an integer in [${min}, ${0xffffffff}]`)
  }
}
