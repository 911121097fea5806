import { InvalidSettingError, resolveSettings, shown } from '@lvs/engine'
import { fitsInput, resolveConfig } from '@lvs/shards'
import { BEACON_INTERVAL_MS, CONTROL_WARMUP_MS, DEFAULT_BUDGET, DEFAULT_SHARDS, DISCOVERY_INTERVAL_MS, ENTROPY_INTERVAL_MS, MIN_PEERS, PERSIST_INTERVAL_MS, PULL_INTERVAL_MS } from './constants.ts'
import type { LvsInit } from './types.ts'
import type { EngineSettings } from '@lvs/engine'
import type { ResolvedShardConfig } from '@lvs/shards'

/** Every option of the service, resolved and checked once at construction */
export interface LvsConfig {
  shards: ResolvedShardConfig[]
  /** starting input per shard, each checked against its shard */
  inputs: Record<string, number[]>
  /** what each shard's engine takes */
  engine: EngineSettings
  entropyInterval: number
  syncOnJoin: boolean
  budget: number
  controlWarmup: number
  traffic?(): { sent: number, received: number }
  beaconInterval: number
  pullInterval: number
  discoveryInterval: number
  minPeers: number
  lowPower: boolean | 'auto'
  /** least time between two writes of a changed shard, ms */
  persistInterval: number
  /** the share of received messages on `topic` to drop (`simulatedLoss`) */
  loss(topic: string): number
}

function need (ok: boolean, name: string, value: unknown, what: string): void {
  if (!ok) {
    throw new InvalidSettingError(`${name} must be ${what}, got ${shown(value)}`)
  }
}

const positive = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value > 0
const share = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value <= 1

function resolveLoss (loss: LvsInit['simulatedLoss']): (topic: string) => number {
  if (loss == null) {
    return () => 0
  }

  if (typeof loss === 'number') {
    need(share(loss), 'simulatedLoss', loss, 'a share in [0, 1] or a share per topic')
    return () => loss
  }

  need(typeof loss === 'object', 'simulatedLoss', loss, 'a share in [0, 1] or a share per topic')
  Object.entries(loss).forEach(([topic, value]) => { need(share(value), `simulatedLoss[${JSON.stringify(topic)}]`, value, 'a share in [0, 1]') })
  return topic => loss[topic] ?? 0
}

function resolveInputs (inputs: LvsInit['inputs'], shards: ResolvedShardConfig[]): Record<string, number[]> {
  if (inputs == null) {
    return {}
  }

  need(typeof inputs === 'object', 'inputs', inputs, 'an object of one vector per shard')
  const byName = new Map(shards.map(config => [config.name, config]))

  for (const [name, input] of Object.entries(inputs)) {
    const config = byName.get(name)
    need(config != null, `inputs.${name}`, input, `the input of a shard this node joins (${[...byName.keys()].join(', ')}), not of an unknown one`)

    if (config != null && !fitsInput(input, config)) {
      const bounds = config.min.some(Number.isFinite) || config.max.some(Number.isFinite) ? ` within [${shown(config.min)}, ${shown(config.max)}]` : ''
      throw new InvalidSettingError(`inputs.${name} must be ${config.dimension} finite numbers${config.nonNegative ? ', none negative' : ''}${bounds}, got ${shown(input)}`)
    }
  }

  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, [...input]]))
}

/**
 * Fills in every default and checks every option once: the service reads
 * the result, never `init.x ?? default`
 *
 * @throws {InvalidSettingError} naming the option and the value as given
 * @throws {InvalidShardConfigError} for a shard that cannot work
 */
export function resolveLvsConfig (init: LvsInit = {}): LvsConfig {
  const shards = (init.shards ?? DEFAULT_SHARDS).map(resolveConfig)
  need(shards.length > 0, 'shards', init.shards, 'at least one shard')
  need(new Set(shards.map(s => s.name)).size === shards.length, 'shards', init.shards?.map(s => s.name), 'shards with different names')

  const config: LvsConfig = {
    shards,
    inputs: resolveInputs(init.inputs, shards),
    engine: resolveSettings({
      alpha: init.alpha,
      beta: init.beta,
      trim: init.trim,
      minInterval: init.minInterval,
      maxInterval: init.maxInterval,
      heartbeatInterval: init.heartbeatInterval,
      swarmHeartbeats: init.swarmHeartbeats,
      minPublishInterval: init.minPublishInterval,
      quarantineTime: init.quarantineTime
    }),
    entropyInterval: init.entropyInterval ?? ENTROPY_INTERVAL_MS,
    syncOnJoin: init.syncOnJoin ?? true,
    budget: init.budget ?? DEFAULT_BUDGET,
    controlWarmup: init.controlWarmup ?? CONTROL_WARMUP_MS,
    beaconInterval: init.beaconInterval ?? BEACON_INTERVAL_MS,
    pullInterval: init.pullInterval ?? PULL_INTERVAL_MS,
    discoveryInterval: init.discoveryInterval ?? DISCOVERY_INTERVAL_MS,
    minPeers: init.minPeers ?? MIN_PEERS,
    lowPower: init.lowPower ?? 'auto',
    persistInterval: init.persistInterval ?? PERSIST_INTERVAL_MS,
    loss: resolveLoss(init.simulatedLoss)
  }

  need(positive(config.entropyInterval), 'entropyInterval', config.entropyInterval, 'a number of ms above 0')
  need(positive(config.budget), 'budget', config.budget, 'a number of bytes per minute above 0')
  need(typeof config.controlWarmup === 'number' && config.controlWarmup >= 0, 'controlWarmup', config.controlWarmup, 'a number of ms >= 0')
  need(positive(config.beaconInterval), 'beaconInterval', config.beaconInterval, 'a number of ms above 0')
  need(positive(config.pullInterval), 'pullInterval', config.pullInterval, 'a number of ms above 0')
  need(positive(config.discoveryInterval), 'discoveryInterval', config.discoveryInterval, 'a number of ms above 0')
  need(positive(config.persistInterval), 'persistInterval', config.persistInterval, 'a number of ms above 0')
  need(Number.isInteger(config.minPeers) && config.minPeers >= 0, 'minPeers', config.minPeers, 'an integer >= 0')
  need(typeof config.syncOnJoin === 'boolean', 'syncOnJoin', config.syncOnJoin, 'true or false')
  need(config.lowPower === 'auto' || typeof config.lowPower === 'boolean', 'lowPower', config.lowPower, "true, false or 'auto'")
  need(init.traffic == null || typeof init.traffic === 'function', 'traffic', init.traffic, 'a function')

  if (init.traffic != null) {
    config.traffic = init.traffic
  }

  return config
}
