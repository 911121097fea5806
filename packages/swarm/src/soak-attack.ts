import { encodeStateDiff, shardTopic } from '@lvs/codec'
import { SOAK_SHARD } from './soak-sample.ts'
import type { PresetServices } from '@lvs/transport'
import type { Libp2p } from 'libp2p'

const SHARD = SOAK_SHARD.name

/**
 * The hostile node's repertoire: inputs beyond the guard's magnitude bound
 * and negative inputs (the shard is `nonNegative`), both evidence against
 * it, undecodable bytes, a replay of an old SDM of its own and a flood of
 * fresh ones, on the shard topic as a real peer would, with cycle ids from
 * its clock as an honest node's are
 */
export function attack (hostile: Libp2p<PresetServices>, tick: number): number {
  const topic = shardTopic(SHARD)
  const send = (bytes: Uint8Array): void => { void hostile.services.pubsub.publish(topic, bytes).catch(() => {}) }
  const sdm = (cycleId: number, input: number[]): Uint8Array => encodeStateDiff({ shardId: SHARD, cycleId, input, state: input, driftWeight: 1, nonce: (tick * 7919 + cycleId) >>> 0 })
  const cycle = Date.now()

  switch (tick % 5) {
    case 0:
      send(sdm(cycle, [1e13, 1e13]))
      return 1
    case 1:
      send(sdm(cycle, [-50, 3]))
      return 1
    case 2:
      send(Uint8Array.from([0x0a, 0xff, tick & 0xff, 0x12]))
      return 1
    case 3:
      // a replay: an SDM with an older cycle id than the last it sent
      send(sdm(cycle - 60_000, [5, 5]))
      return 1
    default:
      // a flood: ten SDMs at once, each out of bounds
      for (let i = 0; i < 10; i++) {
        send(sdm(cycle + i, [1e13, i]))
      }
      return 10
  }
}
