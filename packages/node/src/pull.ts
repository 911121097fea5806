import type { PeerId } from '@libp2p/interface'

export interface PullInit {
  /** the shards this node holds */
  shards(): Iterable<string>
  /** the peers that share a shard (gossipsub's subscribers to its topic) */
  peers(shard: string): PeerId[]
  /** fetches the shard's table from the peer when its digest differs from ours (Syncer.sync with `compare`) */
  pull(shard: string, peer: PeerId): Promise<void>
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
 */
export async function pullRound (init: PullInit): Promise<void> {
  for (const shard of init.shards()) {
    const peers = init.peers(shard)

    if (peers.length > 0) {
      await init.pull(shard, peers[Math.floor(Math.random() * peers.length)])
    }
  }
}
