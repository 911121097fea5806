import { PEER_STORE_SWEEP_MS } from './constants.ts'
import type { ComponentLogger, Logger, PeerStore, Startable } from '@libp2p/interface'

export interface PeerStoreSweepComponents {
  peerStore: PeerStore
  logger: ComponentLogger
}

export interface PeerStoreSweepInit {
  /** how often the peer store is walked, ms (default `PEER_STORE_SWEEP_MS`) */
  interval?: number
}

/**
 * Walks libp2p's peer store every `interval` so that records of peers gone
 * for longer than its `maxPeerAge` (6 h by default) are deleted. The peer
 * store drops an expired record only when something reads it, and nothing
 * reads the record of a peer that left for good: in a swarm with churn each
 * departed peer's record (about 1 KB) stayed for the life of the process.
 * Reading every record is what deletes the expired ones.
 */
export class PeerStoreSweep implements Startable {
  private readonly components: PeerStoreSweepComponents
  private readonly interval: number
  private readonly log: Logger
  private timer?: ReturnType<typeof setInterval>
  private sweeping = false

  constructor (components: PeerStoreSweepComponents, init: PeerStoreSweepInit = {}) {
    this.components = components
    this.interval = init.interval ?? PEER_STORE_SWEEP_MS
    this.log = components.logger.forComponent('lvs:transport:peer-store-sweep')
  }

  readonly [Symbol.toStringTag] = '@lvs/transport/peer-store-sweep'

  start (): void {
    this.timer = setInterval(() => { void this.sweep() }, this.interval)
  }

  stop (): void {
    clearInterval(this.timer)
  }

  /** One walk over the peer store; returns how many records are left (expired ones are deleted as they are read; -1 when a walk is already under way) */
  async sweep (): Promise<number> {
    if (this.sweeping) {
      return -1
    }

    this.sweeping = true
    let left = 0

    try {
      // forEach streams the records rather than collecting them all
      await this.components.peerStore.forEach(() => { left++ })
    } catch (err) {
      this.log.error('walking the peer store failed - %e', err)
    } finally {
      this.sweeping = false
    }

    return left
  }
}

export function peerStoreSweep (init: PeerStoreSweepInit = {}): (components: PeerStoreSweepComponents) => PeerStoreSweep {
  return components => new PeerStoreSweep(components, init)
}
