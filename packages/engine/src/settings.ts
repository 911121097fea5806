import { DEFAULT_ALPHA, DEFAULT_BETA } from '@lvs/drift'
import { QUARANTINE_TIME_MS } from '@lvs/vaultguard'
import { HEARTBEAT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS, MIN_PUBLISH_INTERVAL_MS, SWARM_HEARTBEATS } from './constants.ts'
import { InvalidSettingError } from './errors.ts'

/** How one shard's engine drifts and publishes; every field has a default */
export interface EngineSettings {
  /** entropy coefficient of the drift step */
  alpha: number
  /** pull coefficient of the drift step */
  beta: number
  /** trimmed mean: drop this many largest and smallest inputs per component */
  trim: number
  /** adaptive cycle interval bounds, ms */
  minInterval: number
  maxInterval: number
  /** an SDM at least this often, ms, in a swarm of a few nodes */
  heartbeatInterval: number
  /**
   * the whole swarm's heartbeats per heartbeat interval, at most: a shard
   * of N live nodes stretches each node's heartbeat interval N /
   * swarmHeartbeats times (when that is more than 1), and its liveness
   * timeout and beacons alike (docs/scale.md); 0 keeps them as set
   */
  swarmHeartbeats: number
  /** least time between two SDMs for a moved state, ms (the bandwidth controller moves it at run time) */
  minPublishInterval: number
  /** ms a peer stays in quarantine once the guard put it there */
  quarantineTime: number
}

export const DEFAULT_SETTINGS: Readonly<EngineSettings> = {
  alpha: DEFAULT_ALPHA,
  beta: DEFAULT_BETA,
  trim: 0,
  minInterval: MIN_INTERVAL_MS,
  maxInterval: MAX_INTERVAL_MS,
  heartbeatInterval: HEARTBEAT_INTERVAL_MS,
  swarmHeartbeats: SWARM_HEARTBEATS,
  minPublishInterval: MIN_PUBLISH_INTERVAL_MS,
  quarantineTime: QUARANTINE_TIME_MS
}

/** `value` as given, for an error message: NaN and infinities by name, the rest as JSON */
export function shown (value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value)
  }

  if (Array.isArray(value)) {
    return `[${value.map(shown).join(', ')}]`
  }

  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

function need (ok: boolean, name: string, value: unknown, what: string): void {
  if (!ok) {
    throw new InvalidSettingError(`${name} must be ${what}, got ${shown(value)}`)
  }
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

/**
 * Fills in the defaults and checks every setting once; an unset (undefined)
 * setting takes its default
 *
 * @throws {InvalidSettingError} naming the setting and the value given
 */
export function resolveSettings (partial: Partial<EngineSettings> = {}): EngineSettings {
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined))
  const s: EngineSettings = { ...DEFAULT_SETTINGS, ...given }

  need(isNumber(s.beta) && s.beta > 0 && s.beta <= 1, 'beta', s.beta, 'a number in (0, 1]')
  need(isNumber(s.alpha) && s.alpha >= 0 && s.alpha < s.beta, 'alpha', s.alpha, `a number in [0, beta = ${s.beta}): the step contracts only while alpha < beta`)
  need(Number.isInteger(s.trim) && s.trim >= 0, 'trim', s.trim, 'an integer >= 0')
  need(isNumber(s.minInterval) && s.minInterval > 0, 'minInterval', s.minInterval, 'a number of ms above 0')
  need(isNumber(s.maxInterval) && s.maxInterval >= s.minInterval, 'maxInterval', s.maxInterval, `a number of ms no smaller than minInterval (${s.minInterval})`)
  need(isNumber(s.heartbeatInterval) && s.heartbeatInterval > 0, 'heartbeatInterval', s.heartbeatInterval, 'a number of ms above 0')
  need(isNumber(s.swarmHeartbeats) && s.swarmHeartbeats >= 0, 'swarmHeartbeats', s.swarmHeartbeats, 'a number >= 0')
  need(isNumber(s.minPublishInterval) && s.minPublishInterval >= 0, 'minPublishInterval', s.minPublishInterval, 'a number of ms >= 0')
  need(isNumber(s.quarantineTime) && s.quarantineTime >= 0, 'quarantineTime', s.quarantineTime, 'a number of ms >= 0')

  return s
}
