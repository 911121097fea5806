import { DUPLICATE_MIN_AGE_MS, DUPLICATE_SWEEP_MS } from './constants.ts'
import type { ComponentLogger, Connection, Logger, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

export interface DuplicatePrunerComponents {
  peerId: PeerId
  connectionManager: ConnectionManager
  logger: ComponentLogger
}

export interface DuplicatePrunerInit {
  /** how often the connections are looked over, ms (default `DUPLICATE_SWEEP_MS`) */
  interval?: number
}

/** The peer that dialled a connection, as a string */
function dialer (connection: Connection, self: string): string {
  return connection.direction === 'outbound' ? self : connection.remotePeer.toString()
}

/**
 * The order in which a peer's connections are kept: the one carrying the
 * most streams, a direct one, the one dialled by the lower peer id (both
 * ends agree on it), the oldest
 */
function keepOrder (self: string): (a: Connection, b: Connection) => number {
  return (a, b) => {
    return (b.streams.length - a.streams.length) ||
      (Number(b.direct) - Number(a.direct)) ||
      dialer(a, self).localeCompare(dialer(b, self), 'en') ||
      (a.timeline.open - b.timeline.open)
  }
}

/**
 * Closes a peer's extra connections that carry no stream, once they are
 * `DUPLICATE_MIN_AGE_MS` old and were idle at the sweep before as well: a
 * stream the other end has just begun on one (a sync, a query) is not yet
 * in its streams, and closing under it fails that stream. Two peers that
 * find each other at the same moment (DHT, discovery, a bootstrap) both
 * dial, and libp2p keeps both connections: in a 10-node swarm each node had
 * 13-18 connections for its 9 peers, the extra ones idle but still pinged
 * by libp2p's connection monitor. Connections with limits
 * (relayed) are left alone: the direct connection that replaces one is
 * libp2p's to manage
 */
export class DuplicatePruner implements Startable {
  private readonly components: DuplicatePrunerComponents
  private readonly interval: number
  private readonly log: Logger
  private timer?: ReturnType<typeof setInterval>
  /** ids of the extra connections that were idle at the last sweep */
  private idle = new Set<string>()

  constructor (components: DuplicatePrunerComponents, init: DuplicatePrunerInit = {}) {
    this.components = components
    this.interval = init.interval ?? DUPLICATE_SWEEP_MS
    this.log = components.logger.forComponent('lvs:transport:prune')
  }

  readonly [Symbol.toStringTag] = '@lvs/transport/duplicate-pruner'

  start (): void {
    this.timer = setInterval(() => { this.sweep(Date.now()) }, this.interval)
  }

  stop (): void {
    clearInterval(this.timer)
    this.idle.clear()
  }

  /** One look over the connections at time `now`; returns how many it closed */
  sweep (now: number): number {
    const self = this.components.peerId.toString()
    const byPeer = new Map<string, Connection[]>()

    for (const connection of this.components.connectionManager.getConnections()) {
      if (connection.status === 'open' && connection.limits == null) {
        const peer = connection.remotePeer.toString()
        byPeer.set(peer, [...(byPeer.get(peer) ?? []), connection])
      }
    }

    let closed = 0
    const idle = new Set<string>()

    for (const connections of byPeer.values()) {
      const [, ...extra] = connections.sort(keepOrder(self))

      for (const connection of extra.filter(c => c.streams.length === 0)) {
        if (!this.idle.has(connection.id) || now - connection.timeline.open < DUPLICATE_MIN_AGE_MS) {
          idle.add(connection.id)
          continue
        }

        this.log('closing idle duplicate connection %s to %p', connection.id, connection.remotePeer)
        closed++
        connection.close().catch(err => { connection.abort(err) })
      }
    }

    this.idle = idle
    return closed
  }
}

/** The libp2p service: `services: { prune: duplicatePruner() }` */
export function duplicatePruner (init: DuplicatePrunerInit = {}): (components: DuplicatePrunerComponents) => DuplicatePruner {
  return components => new DuplicatePruner(components, init)
}
