import { shardTopic } from '@lvs/codec'
import { Discovery } from './discovery.ts'
import { runPulls } from './pull.ts'
import { reconnect } from './reconnect.ts'
import { every } from './timers.ts'
import type { LvsComponents } from './api.ts'
import type { LvsConfig } from './config.ts'
import type { Syncer } from './syncer.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Logger, PeerId } from '@libp2p/interface'

export interface RepairsInit {
  components: LvsComponents
  config: LvsConfig
  pubsub: GossipSub
  /** the shards this node holds */
  shards(): Iterable<string>
  syncer(): Syncer | undefined
  log: Logger
}

/**
 * What finds what a node lacks and fetches it, each on its own timer until
 * `signal` aborts: pulls of each shard's table from a random peer
 * (pull.ts), dials of peers it knew once no connection is left
 * (reconnect.ts), and DHT discovery of each shard's providers
 * (discovery.ts)
 */
export function runRepairs (init: RepairsInit, signal: AbortSignal, onError: (where: string) => (err: Error) => void): void {
  const { components, config, pubsub } = init
  const peers = (shard: string): PeerId[] => pubsub.getSubscribers(shardTopic(shard))
  const pulls = {
    shards: init.shards,
    peers,
    pull: async (shard: string, peer: PeerId) => init.syncer()?.sync(shard, peer, { signal, compare: true }),
    synced: (shard: string) => init.syncer()?.synced.has(shard) === true,
    agreed: (shard: string) => init.syncer()?.agreed.has(shard) === true
  }
  runPulls(pulls, { interval: config.pullInterval, join: config.syncOnJoin }, signal, onError('pull'))

  const discovery = new Discovery({ self: components.peerId, routing: components.contentRouting, connectionManager: components.connectionManager, subscribers: topic => pubsub.getSubscribers(topic), minPeers: config.minPeers, log: init.log })
  const lost = { self: components.peerId, connectionManager: components.connectionManager, peerStore: components.peerStore, count: Math.max(1, config.minPeers), log: init.log }
  void every(config.discoveryInterval, async () => {
    await reconnect(lost, signal)
    await discovery.run(init.shards(), signal)
  }, signal, onError('discovery'))
}
