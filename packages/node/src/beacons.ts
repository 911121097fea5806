import { BEACON_TOPIC, decodeBeacon, encodeBeacon } from '@lvs/codec'
import { equals } from 'uint8arrays/equals'
import { MISMATCH_GRACE_MS } from './constants.ts'
import type { Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import type { ShardEngine } from '@lvs/engine'

export interface BeaconsInit {
  engines: ReadonlyMap<string, ShardEngine>
  /** ms between beacons, and the least time between two syncs of one shard with one peer */
  interval: number
  load(): number
  publish(topic: string, bytes: Uint8Array): Promise<unknown>
  sync(shard: string, peer: PeerId, signal: AbortSignal): Promise<void>
}

/**
 * Beacons (docs/messages.md): once a minute the node's load, cycle interval
 * and, per shard, the digest of what decides its equilibrium. A peer's
 * digest that still differs from ours once messages in flight had time to
 * land means the tables disagree: fetch that peer's table, at most once
 * per beacon interval per shard and peer.
 */
export class Beacons {
  private readonly init: BeaconsInit
  /** when each shard was last synced with each peer after a mismatch; entries older than the interval go */
  private readonly syncs = new Map<string, number>()
  /** (shard, peer) pairs whose mismatch is waiting out its grace: one timer per pair, however many beacons arrive */
  private readonly waiting = new Set<string>()

  constructor (init: BeaconsInit) {
    this.init = init
  }

  async publish (): Promise<void> {
    const engines = [...this.init.engines.values()]
    const shards = engines.map(engine => ({ shardId: engine.name, digest: engine.inputDigest(), count: engine.view().count }))
    const interval = Math.min(...engines.map(engine => engine.view().interval))
    await this.init.publish(BEACON_TOPIC, encodeBeacon({ nodeLoad: this.init.load(), cycleInterval: Math.round(interval), shards, timestamp: Date.now() }))
  }

  /** A signed beacon (the validator checked it decodes) */
  receive (message: Extract<Message, { type: 'signed' }>, signal: AbortSignal): void {
    const beacon = decodeBeacon(message.data)
    this.prune(Date.now())

    for (const { shardId, digest } of beacon.shards) {
      const engine = this.init.engines.get(shardId)
      const key = `${shardId} ${message.from.toString()}`

      if (engine == null || this.waiting.has(key) || this.syncs.has(key) || equals(digest, engine.inputDigest())) {
        continue
      }

      this.waiting.add(key)
      setTimeout(() => {
        this.waiting.delete(key)

        if (signal.aborted || equals(digest, engine.inputDigest()) || this.syncs.has(key)) {
          return
        }

        this.syncs.set(key, Date.now())
        void this.init.sync(shardId, message.from, signal)
      }, MISMATCH_GRACE_MS)
    }
  }

  /** (shard, peer) pairs remembered: synced within the interval, or waiting; for tests of bounded growth */
  get tracked (): number {
    return this.syncs.size + this.waiting.size
  }

  private prune (now: number): void {
    for (const [key, at] of this.syncs) {
      if (now - at >= this.init.interval) {
        this.syncs.delete(key)
      }
    }
  }
}
