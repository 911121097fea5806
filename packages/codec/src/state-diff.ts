import { MAX_DIMENSION, MAX_STATE_DIFF_BYTES, PROTOCOL_VERSION } from './constants.ts'
import { MalformedMessageError } from './errors.ts'
import { StateDiff as pb } from './messages.ts'
import { FLOAT32_MAX, checkFinite, checkShardId, checkUint32, checkVector, checkVersion, decodeLimited, toSafeInteger, toUint64 } from './validate.ts'

/** A state diff message (SDM), published on the shard's topic */
export interface StateDiff {
  shardId: string
  /** orders one sender's messages, >= 1 */
  cycleId: number
  /** the sender's input, k value units, carried as doubles: exact */
  input: number[]
  /** where the sender stands, k components, carried as float32 */
  state: number[]
  /** the sender's drift weight, >= 0 */
  driftWeight: number
  /**
   * The sender's last SDM: it is stopping, and its entry turns dormant at
   * once instead of after the liveness timeout (absent: false)
   */
  leaving?: boolean
  /**
   * Random and non-zero, so two SDMs with equal content still get different
   * message ids in gossipsub
   */
  nonce: number
}

function check (sdm: StateDiff): void {
  checkShardId(sdm.shardId, 'state diff')
  checkVector(sdm.input, 'state diff input')
  checkVector(sdm.state, 'state diff state', FLOAT32_MAX)

  if (sdm.input.length !== sdm.state.length) {
    throw new MalformedMessageError(`state diff input has ${sdm.input.length} components but its state has ${sdm.state.length}`)
  }

  checkFinite(sdm.driftWeight, 'state diff weight', FLOAT32_MAX)

  if (sdm.driftWeight < 0) {
    throw new MalformedMessageError(`state diff weight is ${sdm.driftWeight}, below 0`)
  }

  if (sdm.leaving != null && typeof sdm.leaving !== 'boolean') {
    throw new MalformedMessageError(`state diff leaving is ${String(sdm.leaving)}, not a boolean`)
  }

  checkUint32(sdm.nonce, 1, 'state diff nonce')
}

/** Encodes an SDM: for k = 2 and shard "drift", at most 64 bytes */
export function encodeStateDiff (sdm: StateDiff): Uint8Array {
  check(sdm)

  return pb.encode({
    version: PROTOCOL_VERSION,
    shardId: sdm.shardId,
    cycleId: toUint64(sdm.cycleId, 1, 'state diff cycle id'),
    input: sdm.input,
    state: sdm.state,
    driftWeight: sdm.driftWeight,
    leaving: sdm.leaving === true,
    nonce: sdm.nonce
  })
}

/**
 * Decodes an SDM, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeStateDiff (bytes: Uint8Array): StateDiff {
  const message = decodeLimited(pb, bytes, MAX_STATE_DIFF_BYTES, 'state diff', {}, {
    input: MAX_DIMENSION,
    state: MAX_DIMENSION
  }, { 4: 1, 5: 5 })

  checkVersion(message.version, 'state diff')
  const sdm: StateDiff = {
    shardId: message.shardId,
    cycleId: toSafeInteger(message.cycleId, 1, 'state diff cycle id'),
    input: message.input,
    state: message.state,
    driftWeight: message.driftWeight,
    ...(message.leaving ? { leaving: true } : {}),
    nonce: message.nonce
  }
  check(sdm)

  return sdm
}

/** A random non-zero uint32 for {@link StateDiff.nonce} */
export function createNonce (): number {
  const value = new Uint32Array(1)

  do {
    globalThis.crypto.getRandomValues(value)
  } while (value[0] === 0)

  return value[0]
}
