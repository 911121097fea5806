import { DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_MAX_MAGNITUDE, DEFAULT_MIN_INTERVAL_MS, MAX_DIMENSION } from './constants.ts'
import { InvalidShardRulesError } from './errors.ts'

/** An SDM as the guard sees it (decoded; who signed it comes from the signature) */
export interface GuardMessage {
  shardId: string
  /**
   * orders one sender's messages, a positive integer: the sender's clock in
   * ms when it wrote the message (strictly rising), so it also tells a
   * replica how old the message is
   */
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
  /**
   * smallest input per component (one number for every component, or k
   * numbers), default none: an input below it is refused and proves its
   * signer broke the shard's rules
   */
  min?: number | readonly number[]
  /** largest input per component, the same way, default none */
  max?: number | readonly number[]
  /**
   * fastest an input may change, value units per second per component
   * (one number or k numbers), measured between two signed messages of one
   * sender by their cycle ids (ms); default none. A faster change proves a
   * jump beyond the rule
   */
  maxInputRate?: number | readonly number[]
  /** ms a cycle id may lie ahead of the receiver's clock, default 10 minutes */
  maxClockSkew?: number
  /** ms after its cycle id that a message is too old to enter a table, default never */
  maxAge?: number
}

export interface ResolvedShardRules {
  shardId: string
  dimension: number
  nonNegative: boolean
  maxMagnitude: number
  minInterval: number
  /** k lower bounds (-Infinity: none) */
  min: number[]
  /** k upper bounds (Infinity: none) */
  max: number[]
  /** k rates, value units per second (Infinity: none) */
  maxInputRate: number[]
  maxClockSkew: number
  maxAge: number
}

/** One number for every component or k numbers, as k numbers */
function perComponent (value: number | readonly number[] | undefined, k: number, fallback: number, name: string, shardId: string): number[] {
  if (value == null) {
    return new Array<number>(k).fill(fallback)
  }

  const values = typeof value === 'number' ? new Array<number>(k).fill(value) : [...value]

  if (values.length !== k || !values.every(v => typeof v === 'number' && !Number.isNaN(v))) {
    throw new InvalidShardRulesError(`shard ${shardId}: ${name} must be a number or ${k} numbers, got ${JSON.stringify(value)}`)
  }

  return values
}
/** Fills in the defaults; throws InvalidShardRulesError for rules that cannot work */
export function resolveRules (rules: ShardRules): ResolvedShardRules {
  if (typeof rules.shardId !== 'string') {
    throw new InvalidShardRulesError('shardId must be a string')
  }

  if (!Number.isInteger(rules.dimension) || rules.dimension < 1 || rules.dimension > MAX_DIMENSION) {
    throw new InvalidShardRulesError(`dimension must be an integer in 1..${MAX_DIMENSION}, got ${rules.dimension}`)
  }

  const k = rules.dimension
  const resolved: ResolvedShardRules = {
    shardId: rules.shardId,
    dimension: k,
    nonNegative: rules.nonNegative ?? false,
    maxMagnitude: rules.maxMagnitude ?? DEFAULT_MAX_MAGNITUDE,
    minInterval: rules.minInterval ?? DEFAULT_MIN_INTERVAL_MS,
    min: perComponent(rules.min, k, Number.NEGATIVE_INFINITY, 'min', rules.shardId),
    max: perComponent(rules.max, k, Number.POSITIVE_INFINITY, 'max', rules.shardId),
    maxInputRate: perComponent(rules.maxInputRate, k, Number.POSITIVE_INFINITY, 'maxInputRate', rules.shardId),
    maxClockSkew: rules.maxClockSkew ?? DEFAULT_MAX_CLOCK_SKEW_MS,
    maxAge: rules.maxAge ?? Number.POSITIVE_INFINITY
  }

  if (resolved.min.some((low, j) => !(low <= resolved.max[j]))) {
    throw new InvalidShardRulesError(`shard ${rules.shardId}: min ${JSON.stringify(rules.min)} must not exceed max ${JSON.stringify(rules.max)}`)
  }

  if (!resolved.maxInputRate.every(rate => rate > 0)) {
    throw new InvalidShardRulesError(`shard ${rules.shardId}: maxInputRate must be above 0, got ${JSON.stringify(rules.maxInputRate)}`)
  }

  if (!(resolved.maxClockSkew >= 0) || !(resolved.maxAge > 0)) {
    throw new InvalidShardRulesError(`shard ${rules.shardId}: maxClockSkew must be >= 0 and maxAge above 0, got ${rules.maxClockSkew} and ${rules.maxAge}`)
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
 * order docs/guard.md lists them: shape, finite numbers, dimension,
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

  if (m.input.some(beyond) || m.state.some(beyond) || m.input.some((value, j) => value < rules.min[j] || value > rules.max[j])) {
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

/** Why a message is out of its time: a cycle id (ms) further ahead of the receiver's clock than the skew allowed, or older than the shard's maxAge */
export type TimeFault = 'future' | 'expired'

/** Checks a message's cycle id (its sender's clock, ms) against the receiver's clock `now`. Never throws */
export function timeFault (cycleId: number, now: number, rules: ResolvedShardRules): TimeFault | undefined {
  if (cycleId > now + rules.maxClockSkew) {
    return 'future'
  }

  return now - cycleId > rules.maxAge ? 'expired' : undefined
}

/**
 * Whether the input of `later` moved away from that of `earlier` (two
 * messages of one sender, `later` with the higher cycle id) faster than
 * the shard's `maxInputRate` allows, per second of cycle ids (ms). Never
 * throws; false when the rates are unbounded or the order is wrong.
 */
export function rateFault (earlier: GuardMessage, later: GuardMessage, rules: ResolvedShardRules): boolean {
  const seconds = (later.cycleId - earlier.cycleId) / 1000

  if (!(seconds > 0) || earlier.input.length !== rules.dimension || later.input.length !== rules.dimension) {
    return false
  }

  return later.input.some((value, j) => Math.abs(value - earlier.input[j]) > rules.maxInputRate[j] * seconds)
}
