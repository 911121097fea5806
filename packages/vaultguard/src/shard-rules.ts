import { DEFAULT_MAX_MAGNITUDE, DEFAULT_MIN_INTERVAL_MS, MAX_DIMENSION } from './constants.ts'
import { InvalidShardRulesError } from './errors.ts'

/** An SDM as the guard sees it (decoded; who signed it comes from the signature) */
export interface GuardMessage {
  shardId: string
  /** orders one sender's messages, a positive integer */
  cycleId: number
  /** k value units */
  input: readonly number[]
  /** k, where the sender stands */
  state: readonly number[]
  driftWeight?: number
}

/** The rules of one shard, the same on every replica */
export interface ShardRules {
  shardId: string
  /** k, 1..16 */
  dimension: number
  /** reject negative inputs (and states) and keep states >= 0, default false */
  nonNegative?: boolean
  /** largest magnitude of an input or state component, default 1e12 */
  maxMagnitude?: number
  /** ms, at most one SDM per sender per this interval, default 500 */
  minInterval?: number
}

export type ResolvedShardRules = Required<ShardRules>

/** Fills in the defaults; throws InvalidShardRulesError for rules that cannot work */
export function resolveRules (rules: ShardRules): ResolvedShardRules {
  const resolved = {
    ...rules,
    nonNegative: rules.nonNegative ?? false,
    maxMagnitude: rules.maxMagnitude ?? DEFAULT_MAX_MAGNITUDE,
    minInterval: rules.minInterval ?? DEFAULT_MIN_INTERVAL_MS
  }

  if (typeof resolved.shardId !== 'string') {
    throw new InvalidShardRulesError('shardId must be a string')
  }

  if (!Number.isInteger(resolved.dimension) || resolved.dimension < 1 || resolved.dimension > MAX_DIMENSION) {
    throw new InvalidShardRulesError(`dimension must be an integer in 1..${MAX_DIMENSION}, got ${resolved.dimension}`)
  }

  if (!(resolved.maxMagnitude > 0)) {
    throw new InvalidShardRulesError(`maxMagnitude must be above 0, got ${resolved.maxMagnitude}`)
  }

  if (!(resolved.minInterval >= 0) || !Number.isFinite(resolved.minInterval)) {
    throw new InvalidShardRulesError(`minInterval must be a finite number of ms >= 0, got ${resolved.minInterval}`)
  }

  return resolved
}

/**
 * Why a message broke a shard's rules. `negative-state` is a state below 0
 * on a nonNegative shard: `check` never lets an honest node get there, so
 * it proves the sender bypassed the guard (evidence of a drain).
 */
export type ContentFault = 'malformed' | 'wrong-shard' | 'non-finite' | 'dimension' | 'out-of-bounds' | 'negative-input' | 'negative-state'

function isNumberArray (value: unknown): value is number[] {
  if (!Array.isArray(value)) {
    return false
  }

  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') {
      return false
    }
  }

  return true
}

/** The shape of an SDM: a positive integer cycle id, arrays of numbers, a number or no weight */
function isWellFormed (m: Partial<GuardMessage>): m is GuardMessage {
  return typeof m.cycleId === 'number' && Number.isSafeInteger(m.cycleId) && m.cycleId >= 1 &&
    isNumberArray(m.input) && isNumberArray(m.state) && (m.driftWeight == null || typeof m.driftWeight === 'number')
}

/**
 * Checks what a single message says against the shard's rules, in the
 * order DESIGN.md section 5 lists them: shape, finite numbers, dimension,
 * bounds, nonNegative. Never throws.
 */
export function contentFault (message: unknown, rules: ResolvedShardRules): ContentFault | undefined {
  if (message == null || typeof message !== 'object') {
    return 'malformed'
  }

  const m = message as Partial<GuardMessage>

  if (!isWellFormed(m)) {
    return 'malformed'
  }

  if (m.shardId !== rules.shardId) {
    return 'wrong-shard'
  }

  if (!m.input.every(Number.isFinite) || !m.state.every(Number.isFinite) || (m.driftWeight != null && !Number.isFinite(m.driftWeight))) {
    return 'non-finite'
  }

  if (m.input.length !== rules.dimension || m.state.length !== rules.dimension) {
    return 'dimension'
  }

  const beyond = (value: number): boolean => Math.abs(value) > rules.maxMagnitude

  if (m.input.some(beyond) || m.state.some(beyond)) {
    return 'out-of-bounds'
  }

  if (rules.nonNegative && m.input.some(value => value < 0)) {
    return 'negative-input'
  }

  if (rules.nonNegative && m.state.some(value => value < 0)) {
    return 'negative-state'
  }

  return undefined
}

/** Equal numbers, counting 0 and -0 as one and NaN as itself */
function sameNumber (a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b))
}

/** Whether two messages of one sender say the same thing (a nonce, if any, does not count) */
export function sameContent (a: GuardMessage, b: GuardMessage): boolean {
  return a.shardId === b.shardId && a.cycleId === b.cycleId &&
    a.input.length === b.input.length && a.input.every((value, i) => sameNumber(value, b.input[i])) &&
    a.state.length === b.state.length && a.state.every((value, i) => sameNumber(value, b.state[i])) &&
    sameNumber(a.driftWeight ?? 0, b.driftWeight ?? 0)
}
