import { MAX_STRETCH } from './constants.ts'

/**
 * How many times a shard of `live` nodes stretches its heartbeat, its
 * liveness timeout and its beacons (docs/scale.md): so that the whole
 * swarm sends at most `swarmHeartbeats` heartbeats per heartbeat interval
 * whatever its size, each node's heartbeat interval is multiplied by
 * max(1, live / swarmHeartbeats). At most MAX_STRETCH; 1 when
 * `swarmHeartbeats` is 0
 */
export function stretch (live: number, swarmHeartbeats: number): number {
  return swarmHeartbeats > 0 ? Math.min(MAX_STRETCH, Math.max(1, live / swarmHeartbeats)) : 1
}

/**
 * Where in each heartbeat interval a node's heartbeat falls, in [0, 1):
 * from its key, so that the swarm's heartbeats spread evenly over the
 * interval instead of all coming at once after the swarm converged
 * together (FNV-1a of the key)
 */
export function phaseOf (key: string): number {
  let hash = 0x811c9dc5

  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0
  }

  return hash / 2 ** 32
}

/**
 * Whether a heartbeat is due at `now`, the last SDM having gone at `last`:
 * when a new interval-long slot, shifted by `phase`, began since. Each
 * node's heartbeats thus fall at its own phase of the interval, at most
 * one interval apart, whenever its other SDMs went out
 */
export function heartbeatDue (now: number, last: number, interval: number, phase: number): boolean {
  const slot = (t: number): number => Math.floor(t / interval + phase)
  return slot(now) !== slot(last)
}
