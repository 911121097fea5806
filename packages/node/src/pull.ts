import { JOIN_FOLLOW_UPS, JOIN_RETRY_MS } from './constants.ts'
import { attempt, everyStretched, sleep } from './timers.ts'
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
  /** whether a pull has found a peer whose digest is this node's since start (Syncer.agreed) */
  agreed(shard: string): boolean
}

/**
 * One round of anti-entropy (docs/scale.md): for each shard `which`
 * picks, this node's digest goes to one peer picked at random among those
 * sharing the shard, and that peer's table comes back only when the
 * digests differ. Gossip floods each change once; an entry lost on the way
 * (a dropped message, an overloaded node, a stream that failed) is mended
 * here within a few rounds, at the same cost per node whatever the swarm's
 * size: beacons, which also find differences, are stretched with N and
 * come too rarely in a large swarm to be the repair.
 */
export async function pullRound (init: PullInit, which: (shard: string) => boolean = () => true): Promise<void> {
  for (const shard of init.shards()) {
    const peers = init.peers(shard)

    if (peers.length > 0 && which(shard)) {
      await init.pull(shard, peers[Math.floor(Math.random() * peers.length)])
    }
  }
}

/**
 * A joining node's pulls: every `JOIN_RETRY_MS`, each shard is pulled
 * until a pull finds a peer that agrees with it, or, once a peer's table
 * has reached it, `JOIN_FOLLOW_UPS` pulls more. A join sync can fail, and
 * one that succeeded can miss an entry still on its way to the peer that
 * served it (its author flooded it once and will not again): neither is
 * left to the first regular pull, minutes away. Ends when every shard is
 * done; in a converged swarm that is one small exchange after the join
 */
export async function pullUntilJoined (init: PullInit, signal: AbortSignal, onError: (err: Error) => void): Promise<void> {
  const followUps = new Map<string, number>()
  const joining = (shard: string): boolean => !init.agreed(shard) && (!init.synced(shard) || (followUps.get(shard) ?? 0) < JOIN_FOLLOW_UPS)
  // a pull of a shard already synced is one of its follow-ups
  const count = (shard: string): boolean => {
    const pull = joining(shard)

    if (pull && init.synced(shard)) {
      followUps.set(shard, (followUps.get(shard) ?? 0) + 1)
    }

    return pull
  }

  while (!signal.aborted && [...init.shards()].some(joining)) {
    await sleep(JOIN_RETRY_MS, signal)
    await attempt(async () => { await pullRound(init, count) }, onError)
  }
}

/**
 * Pulls every `interval` ms, not stretched: a pull costs a node the same at
 * any N (docs/node.md, Pulls); with `join`, the joining pulls as well
 * (pullUntilJoined)
 */
export function runPulls (init: PullInit, options: { interval: number, join: boolean }, signal: AbortSignal, onError: (err: Error) => void): void {
  void everyStretched(() => options.interval, () => 1, async () => { await pullRound(init) }, signal, onError)

  if (options.join) {
    void pullUntilJoined(init, signal, onError)
  }
}
