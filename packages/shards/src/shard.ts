import { MAX_DIMENSION, MAX_SHARD_ID_LENGTH } from '@lvs/codec'
import { DEFAULT_LIVE_TIMEOUT_MS, DEFAULT_RETENTION_MS } from './constants.ts'
import { InvalidShardConfigError } from './errors.ts'
import type { TableEntry } from '@lvs/codec'

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
}

export type ResolvedShardConfig = Required<ShardConfig>

/**
 * One replicated table entry: the codec's `TableEntry` with the key as a
 * string (the origin's peer id) and `lastSeen` in ms as this replica saw it
 */
export type Entry = Omit<TableEntry, 'key'> & { key: string }

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
}

const NAME = /^[A-Za-z0-9._-]+$/

export function resolveConfig (config: ShardConfig): ResolvedShardConfig {
  const resolved = { nonNegative: false, retention: DEFAULT_RETENTION_MS, liveTimeout: DEFAULT_LIVE_TIMEOUT_MS, ...config }

  if (typeof resolved.name !== 'string' || resolved.name.length === 0 || resolved.name.length > MAX_SHARD_ID_LENGTH || !NAME.test(resolved.name)) {
    throw new InvalidShardConfigError(`shard name ${JSON.stringify(resolved.name)}: 1..${MAX_SHARD_ID_LENGTH} letters, digits, '.', '_' or '-'`)
  }

  if (!Number.isInteger(resolved.dimension) || resolved.dimension < 1 || resolved.dimension > MAX_DIMENSION) {
    throw new InvalidShardConfigError(`shard ${resolved.name}: dimension must be an integer in 1..${MAX_DIMENSION}, got ${resolved.dimension}`)
  }

  if (!(resolved.retention >= 0) || !(resolved.liveTimeout > 0)) {
    throw new InvalidShardConfigError(`shard ${resolved.name}: retention must be >= 0 and liveTimeout > 0`)
  }

  return resolved
}

export function emptyShard (config: ShardConfig): Shard {
  const resolved = resolveConfig(config)
  const zero = new Array<number>(resolved.dimension).fill(0)

  return { config: resolved, input: [...zero], state: [...zero], cycleId: 0, entries: new Map() }
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
    vector(entry.input) && vector(entry.state) &&
    typeof entry.driftWeight === 'number' && Number.isFinite(entry.driftWeight) &&
    Number.isFinite(entry.lastSeen) &&
    (!config.nonNegative || entry.input.every(x => x >= 0))
}
