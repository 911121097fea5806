import { JOIN_RETRY_MS } from './constants.ts'
import { every, everyStretched } from './timers.ts'
import type { PeerId } from '@libp2p/interface'

export interface PullInit {
  /** the shards this node holds */
  shards(): Iterable<string>
  /** the peers that share a shard (gossipsub's subscribers to its topic) */
  peers(shard: string): PeerId[]
  /** fetches the shard's table from the peer when its digest differs from ours (Syncer.sync with `compare`) */
  pull(shard: string, peer: PeerId): Promise<void>
  /** whether a peer's table has reached this node since start (Syncer.synced) */
  synced(shard: string): boolean
}

/**
 * One round of anti-entropy (docs/scale.md): for each shard, this node's
 * digest goes to one peer picked at random among those sharing the shard,
 * and that peer's table comes back only when the digests differ. Gossip
 * floods each change once; an entry lost on the way (a dropped message, an
 * overloaded node, a stream that failed) is mended here within a few
 * rounds, at the same cost per node whatever the swarm's size: beacons,
 * which also find differences, are stretched with N and come too rarely
 * in a large swarm to be the repair.
 *
 * `unsynced` pulls only the shards no peer's table has reached yet: a
 * joining node's first sync may fail (a lossy link, a peer that left), and
 * it should not wait a whole pull interval for the table it lacks.
 */
export async function pullRound (init: PullInit, which: 'all' | 'unsynced' = 'all'): Promise<void> {
  for (const shard of init.shards()) {
    if (which === 'unsynced' && init.synced(shard)) {
      continue
    }

    const peers = init.peers(shard)

    if (peers.length > 0) {
      await init.pull(shard, peers[Math.floor(Math.random() * peers.length)])
    }
  }
}

/**
 * Pulls every `interval` ms, not stretched: a pull costs a node the same at
 * any N (docs/node.md, Pulls). With `joinRetry`, a shard no peer's table
 * has reached yet is pulled every `JOIN_RETRY_MS` as well, until one pull
 * succeeds
 */
export function runPulls (init: PullInit, options: { interval: number, joinRetry: boolean }, signal: AbortSignal, onError: (err: Error) => void): void {
  void everyStretched(() => options.interval, () => 1, async () => { await pullRound(init) }, signal, onError)

  if (options.joinRetry) {
    void every(JOIN_RETRY_MS, async () => { await pullRound(init, 'unsynced') }, signal, onError)
  }
}
