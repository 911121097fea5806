import { DEFAULT_MAX_MAGNITUDE, DEFAULT_MIN_INTERVAL_MS } from './constants.ts'

/** An SDM as the guard sees it (decoded; the origin comes from the signature) */
export interface GuardMessage {
  shardId: string
  cycleId: number
  input: readonly number[]
  state: readonly number[]
  driftWeight?: number
}

/** The rules of one shard, the same on every replica */
export interface ShardRules {
  shardId: string
  /** k, 1..16 */
  dimension: number
  /** reject negative inputs and keep states >= 0 */
  nonNegative?: boolean
  /** largest magnitude of an input or state component, default 1e12 */
  maxMagnitude?: number
  /** at most one SDM per sender per this many ms, default 500 */
  minInterval?: number
}

export type ResolvedShardRules = Required<ShardRules>

export function resolveRules (rules: ShardRules): ResolvedShardRules {
  return {
    nonNegative: false,
    maxMagnitude: DEFAULT_MAX_MAGNITUDE,
    minInterval: DEFAULT_MIN_INTERVAL_MS,
    ...rules
  }
}

/** Why a message broke a shard's rules */
export type ContentFault = 'malformed' | 'wrong-shard' | 'non-finite' | 'dimension' | 'out-of-bounds' | 'negative-input'

function isNumberArray (value: unknown): value is number[] {
  return Array.isArray(value) && value.every(item => typeof item === 'number')
}

/**
 * Checks what a single message says against the shard's rules, in the
 * order DESIGN.md section 5 lists them. Never throws.
 */
export function contentFault (message: unknown, rules: ResolvedShardRules): ContentFault | undefined {
  if (message == null || typeof message !== 'object') {
    return 'malformed'
  }

  const m = message as Partial<GuardMessage>

  if (typeof m.cycleId !== 'number' || !Number.isSafeInteger(m.cycleId) || m.cycleId < 1 || !isNumberArray(m.input) || !isNumberArray(m.state)) {
    return 'malformed'
  }

  if (m.shardId !== rules.shardId) {
    return 'wrong-shard'
  }

  if (![...m.input, ...m.state].every(Number.isFinite) || (m.driftWeight != null && !Number.isFinite(m.driftWeight))) {
    return 'non-finite'
  }

  if (m.input.length !== rules.dimension || m.state.length !== rules.dimension) {
    return 'dimension'
  }

  if ([...m.input, ...m.state].some(value => Math.abs(value) > rules.maxMagnitude)) {
    return 'out-of-bounds'
  }

  if (rules.nonNegative && m.input.some(value => value < 0)) {
    return 'negative-input'
  }

  return undefined
}

/** Whether two messages of one sender say the same thing */
export function sameContent (a: GuardMessage, b: GuardMessage): boolean {
  return a.cycleId === b.cycleId &&
    a.input.length === b.input.length && a.input.every((value, i) => Object.is(value, b.input[i])) &&
    a.state.length === b.state.length && a.state.every((value, i) => Object.is(value, b.state[i])) &&
    (a.driftWeight ?? 0) === (b.driftWeight ?? 0)
}
