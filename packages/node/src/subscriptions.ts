import { shardTopic } from '@lvs/codec'
import type { Syncer } from './syncer.ts'
import type { SubscriptionChangeData } from '@libp2p/gossipsub'
import type { ShardEngine } from '@lvs/engine'

export interface SubscriptionsInit {
  engines: ReadonlyMap<string, ShardEngine>
  /** shards where an SDM of this node reached a peer since start */
  delivered: ReadonlySet<string>
  syncer?: Syncer
  syncOnJoin: boolean
  signal: AbortSignal
}

/**
 * A peer that joins one of our shards gives us its table if we have none
 * yet, and gets our entry at the next cycle if no SDM of ours has reached
 * anyone yet (we are the one joining). A node already heard stays quiet:
 * the joining peer gets its entry with the table, by sync (docs/scale.md)
 */
export function peerSubscribed (change: SubscriptionChangeData, init: SubscriptionsInit): void {
  for (const { topic, subscribe } of change.subscriptions) {
    const engine = [...init.engines.values()].find(e => shardTopic(e.name) === topic)

    if (!subscribe || engine == null) {
      continue
    }

    if (!init.delivered.has(engine.name)) {
      engine.requestPublish()
    }

    if (init.syncOnJoin && init.syncer?.synced.has(engine.name) === false) {
      void init.syncer.sync(engine.name, change.peerId, { signal: init.signal })
    }
  }
}
