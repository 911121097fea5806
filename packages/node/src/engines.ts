import { ShardEngine } from '@lvs/engine'
import type { LvsConfig } from './config.ts'
import type { ShardStore } from '@lvs/shards'

/**
 * Loads each shard of the config from the store and makes its engine: the
 * cycle id goes on from the larger of the stored one and the clock (a
 * cycle id is the clock in ms), an input given in the config replaces the
 * stored one and puts the state at it, and stored entries get their status
 * (live or dormant) for now
 */
export async function loadEngines (store: ShardStore, config: LvsConfig, self: string, now = Date.now()): Promise<Map<string, ShardEngine>> {
  const engines = new Map<string, ShardEngine>()

  for (const shardConfig of config.shards) {
    const shard = await store.loadShard(shardConfig)
    store.setOwn(shardConfig.name, { cycleId: Math.max(shard.cycleId, now) })
    const engine = new ShardEngine({ store, shard: shardConfig.name, self, settings: config.engine })
    const input = config.inputs[shardConfig.name]

    if (input != null) {
      engine.setInput(input)
      store.setOwn(shardConfig.name, { state: [...input] })
    }

    engine.expire(now)
    engines.set(shardConfig.name, engine)
  }

  return engines
}
