import { MAX_DIMENSION } from '@lvs/codec'

/** 2^32: maps a uint32 onto [0, 1) */
const UINT32_RANGE = 0x1_0000_0000

/** Thrown for a dimension outside 1..16 */
export class InvalidDimensionError extends Error {
  static name = 'InvalidDimensionError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidDimensionError'
  }
}

export function checkDimension (k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_DIMENSION) {
    throw new InvalidDimensionError(`dimension must be an integer in 1..${MAX_DIMENSION}, got ${k}`)
  }
}

/**
 * A k-vector of independent values in [0, 1) from the platform's
 * cryptographic RNG (`crypto.getRandomValues`, in Node and in browsers)
 */
export function generateEntropy (k: number): number[] {
  checkDimension(k)
  const words = globalThis.crypto.getRandomValues(new Uint32Array(k))

  return Array.from(words, word => word / UINT32_RANGE)
}
