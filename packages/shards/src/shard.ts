import { MAX_DIMENSION, MAX_SHARD_ID_LENGTH } from '@lvs/codec'
import { resolveRules } from '@lvs/vaultguard'
import { toString } from 'uint8arrays/to-string'
import { DEFAULT_LIVE_TIMEOUT_MS, DEFAULT_RETENTION_MS } from './constants.ts'
import { InvalidShardConfigError } from './errors.ts'
import type { Evidence, SignedEnvelope } from '@lvs/codec'

export interface ShardConfig {
  /** shard name: letters, digits, '.', '_' and '-' */
  name: string
  /** k, 1..16 */
  dimension: number
  nonNegative?: boolean
  /** ms an unheard entry stays dormant before it is dropped (0: live entries only) */
  retention?: number
  /** ms after which an unheard entry turns dormant */
  liveTimeout?: number
  /**
   * smallest input per component: one number for all, or k numbers
   * (default none). Every replica refuses an input below it, and a signed
   * one is evidence against its signer, so every node of a shard must
   * declare the same bounds
   */
  min?: number | number[]
  /** largest input per component, the same way (default none) */
  max?: number | number[]
  /**
   * fastest an input may change, value units per second per component
   * (default none): a faster change between two signed SDMs is evidence
   */
  maxInputRate?: number | number[]
}

export interface ResolvedShardConfig {
  name: string
  dimension: number
  nonNegative: boolean
  retention: number
  liveTimeout: number
  /** k numbers, -Infinity where there is no bound */
  min: number[]
  /** k numbers, Infinity where there is no bound */
  max: number[]
  /** k numbers, Infinity where there is no bound */
  maxInputRate: number[]
}

/**
 * One replicated table entry: what its origin's signed SDM says, the SDM
 * itself as proof, and this replica's own view (`lastSeen`, `status`),
 * which never travels
 */
export interface Entry {
  /** the origin's peer id */
  key: string
  /** the origin's clock in ms when it signed the SDM */
  cycleId: number
  input: number[]
  state: number[]
  driftWeight: number
  /** ms since the epoch: when this replica last heard of the entry, never later than its cycle id */
  lastSeen: number
  /** this replica's view: live, or dormant after `liveTimeout` unheard (at once when `leaving`) */
  status: 'live' | 'dormant'
  /** the SDM was its origin's last: it stopped, and its entry is dormant from the moment it was heard */
  leaving?: boolean
  /** the origin's signed SDM: what the entry says, served to peers that sync */
  proof: SignedEnvelope
}

/** Evidence against one key that this replica checked and holds */
export interface HeldEvidence {
  /** the entry key it condemns */
  offender: string
  evidence: Evidence
  /** ms since the epoch: when this replica first held it */
  at: number
}

/** What a node holds of one shard */
export interface Shard {
  config: ResolvedShardConfig
  /** the node's own input */
  input: number[]
  /** the node's own drift state */
  state: number[]
  /** the node's own last cycle id */
  cycleId: number
  /** the table, own entry included once the node has published */
  entries: Map<string, Entry>
  /** evidence held, by the key it condemns */
  evidence: Map<string, HeldEvidence>
}

const NAME = /^[A-Za-z0-9._-]+$/

export function resolveConfig (config: ShardConfig): ResolvedShardConfig {
  const name = config?.name

  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_SHARD_ID_LENGTH || !NAME.test(name)) {
    throw new InvalidShardConfigError(`shard name ${JSON.stringify(name)}: 1..${MAX_SHARD_ID_LENGTH} letters, digits, '.', '_' or '-'`)
  }

  if (!Number.isInteger(config.dimension) || config.dimension < 1 || config.dimension > MAX_DIMENSION) {
    throw new InvalidShardConfigError(`shard ${name}: dimension must be an integer in 1..${MAX_DIMENSION}, got ${config.dimension}`)
  }

  const retention = config.retention ?? DEFAULT_RETENTION_MS
  const liveTimeout = config.liveTimeout ?? DEFAULT_LIVE_TIMEOUT_MS

  if (!(retention >= 0) || !(liveTimeout > 0)) {
    throw new InvalidShardConfigError(`shard ${name}: retention must be >= 0 and liveTimeout > 0, got ${retention} and ${liveTimeout}`)
  }

  let rules

  try {
    rules = resolveRules({ shardId: name, dimension: config.dimension, min: config.min, max: config.max, maxInputRate: config.maxInputRate })
  } catch (err: any) {
    throw new InvalidShardConfigError(err.message)
  }

  return { name, dimension: config.dimension, nonNegative: config.nonNegative ?? false, retention, liveTimeout, min: rules.min, max: rules.max, maxInputRate: rules.maxInputRate }
}

/** The config as the user wrote it: bounds that are not there stay out (so JSON can hold it) */
export function configRecord (config: ResolvedShardConfig): ShardConfig {
  const record: ShardConfig = { name: config.name, dimension: config.dimension, nonNegative: config.nonNegative, retention: config.retention, liveTimeout: config.liveTimeout }
  const finite = (values: number[]): number[] | undefined => values.every(Number.isFinite) ? [...values] : undefined
  const min = finite(config.min)
  const max = finite(config.max)
  const rate = finite(config.maxInputRate)

  if (min != null) { record.min = min }
  if (max != null) { record.max = max }
  if (rate != null) { record.maxInputRate = rate }

  return record
}

export function emptyShard (config: ShardConfig): Shard {
  const resolved = resolveConfig(config)
  const zero = new Array<number>(resolved.dimension).fill(0)

  return { config: resolved, input: [...zero], state: [...zero], cycleId: 0, entries: new Map(), evidence: new Map() }
}

/** Whether an input fits the shard: k finite numbers within its bounds, none negative where nonNegative */
export function fitsInput (input: readonly number[], config: ResolvedShardConfig): boolean {
  return Array.isArray(input) && input.length === config.dimension &&
    input.every((x, j) => typeof x === 'number' && Number.isFinite(x) && x >= config.min[j] && x <= config.max[j] && (!config.nonNegative || x >= 0))
}

/**
 * Whether an entry is well formed for the shard. The guard has admitted
 * entries before they reach the store; this only keeps a bad one from
 * corrupting the table (the store never throws on merge).
 */
export function fitsShard (entry: Entry, config: ResolvedShardConfig): boolean {
  const vector = (v: unknown): boolean => Array.isArray(v) && v.length === config.dimension && v.every(x => typeof x === 'number' && Number.isFinite(x))

  return entry != null && typeof entry.key === 'string' && entry.key.length > 0 &&
    Number.isSafeInteger(entry.cycleId) && entry.cycleId >= 1 &&
    fitsInput(entry.input, config) && vector(entry.state) &&
    typeof entry.driftWeight === 'number' && Number.isFinite(entry.driftWeight) &&
    Number.isFinite(entry.lastSeen) && entry.proof != null
}

/**
 * The entry key of a signed message's origin: its peer id as text (the
 * base58btc of the `from` multihash, as `peerId.toString()` writes it)
 */
export function keyOf (from: Uint8Array): string {
  return toString(from, 'base58btc')
}
