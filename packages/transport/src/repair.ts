import { GOSSIP_REPAIR_GRACE_MS, GOSSIP_REPAIR_SWEEP_MS } from './constants.ts'
import type { ComponentLogger, Connection, Logger, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** What the repair reads of gossipsub (public fields of its class, not of its interface) */
export interface GossipPeers {
  /** connected peers that speak gossipsub, by peer id string */
  readonly peers: Map<string, PeerId>
  /** this node's stream to each of them that has one */
  readonly streamsOutbound: Map<string, unknown>
}

/** What the repair uses of identify */
export interface Identifier {
  identify(connection: Connection): Promise<unknown>
}

export interface GossipRepairComponents {
  connectionManager: ConnectionManager
  logger: ComponentLogger
  /** the gossipsub service, when the node has one under this name */
  pubsub?: GossipPeers
  /** the identify service, when the node has one under this name */
  identify?: Identifier
}

export interface GossipRepairInit {
  /** how long a gossipsub peer may go without our outbound stream before it is repaired, ms (default `GOSSIP_REPAIR_GRACE_MS`) */
  grace?: number
  /** how often the peers are looked over, ms (default `GOSSIP_REPAIR_SWEEP_MS`) */
  interval?: number
}

/** gossipsub's own method that opens the outbound stream to a peer (not in its typings) */
interface OutboundStreamOpener {
  createOutboundStream?(peerId: PeerId, connection: Connection): Promise<void>
}

/**
 * Reopens gossipsub's outbound stream to a connected peer that has none.
 * gossipsub opens that stream once, when the peer connects, and never
 * again: when opening it fails (negotiation timing out on a lossy link) or
 * the stream closes while the connection stays up, the peer gets none of
 * this node's messages for as long as it stays connected (a 3-node swarm at
 * 60 % packet loss stopped short of its equilibrium that way). After
 * `grace` without the stream, the repair asks gossipsub to open it again on
 * an open connection, or, should gossipsub no longer have that method,
 * closes the connection so that the next dial starts afresh. Upstream:
 * https://github.com/libp2p/js-libp2p/pull/3531 removes a closed outbound
 * stream so that a reconnecting peer gets a new one; a stream that closes
 * while its connection stays up is left to this repair.
 *
 * gossipsub learns of a peer only from identify, which libp2p runs once per
 * connection: when it fails (its stream stalled past the timeout on a lossy
 * link), neither end's gossipsub ever opens a stream on that connection,
 * and the node hears nothing over it for its whole life (seen at 30 %
 * packet loss: a node connected to its only peer for minutes with no
 * gossipsub stream either way). So a connection older than `grace` to a
 * peer gossipsub does not know is identified once more, which tells
 * gossipsub of the peer if it speaks gossipsub; when that fails too, the
 * connection is closed so that the next dial starts afresh. Once per
 * connection: a peer that does not speak gossipsub costs one identify more.
 */
export class GossipRepair implements Startable {
  private readonly components: GossipRepairComponents
  private readonly grace: number
  private readonly interval: number
  private readonly log: Logger
  private timer?: ReturnType<typeof setInterval>
  /** since when each peer has had no outbound stream */
  private readonly missing = new Map<string, number>()
  /** open connections identified once more; ids of closed ones go at each sweep */
  private readonly reidentified = new Set<string>()

  constructor (components: GossipRepairComponents, init: GossipRepairInit = {}) {
    this.components = components
    this.grace = init.grace ?? GOSSIP_REPAIR_GRACE_MS
    this.interval = init.interval ?? GOSSIP_REPAIR_SWEEP_MS
    this.log = components.logger.forComponent('lvs:transport:repair')
  }

  readonly [Symbol.toStringTag] = '@lvs/transport/gossip-repair'

  start (): void {
    this.timer = setInterval(() => { this.sweep(Date.now()) }, this.interval)
  }

  stop (): void {
    clearInterval(this.timer)
    this.missing.clear()
    this.reidentified.clear()
  }

  /** One look over gossipsub's peers and the open connections at time `now`; returns how many it repaired */
  sweep (now: number): number {
    const pubsub = this.components.pubsub

    if (pubsub == null) {
      return 0
    }

    return this.reopenStreams(pubsub, now) + this.identifyAgain(pubsub, now)
  }

  private reopenStreams (pubsub: GossipPeers, now: number): number {
    for (const id of this.missing.keys()) {
      if (!pubsub.peers.has(id) || pubsub.streamsOutbound.has(id)) {
        this.missing.delete(id)
      }
    }

    let repaired = 0

    for (const [id, peerId] of pubsub.peers) {
      if (pubsub.streamsOutbound.has(id)) {
        continue
      }

      const since = this.missing.get(id) ?? now
      this.missing.set(id, since)
      const connection = this.components.connectionManager.getConnections(peerId).find(c => c.status === 'open')

      if (now - since < this.grace || connection == null) {
        continue
      }

      this.missing.delete(id)
      repaired++
      const opener = pubsub as unknown as OutboundStreamOpener

      if (typeof opener.createOutboundStream === 'function') {
        this.log('reopening the gossipsub stream to %p', peerId)
        opener.createOutboundStream.call(pubsub, peerId, connection).catch(err => { this.log.error('reopening the gossipsub stream to %p failed - %e', peerId, err) })
      } else {
        this.log('closing the connection to %p: no gossipsub stream to it', peerId)
        connection.close().catch(err => { connection.abort(err) })
      }
    }

    return repaired
  }

  private identifyAgain (pubsub: GossipPeers, now: number): number {
    const identify = this.components.identify
    const connections = this.components.connectionManager.getConnections().filter(c => c.status === 'open')
    const open = new Set(connections.map(c => c.id))

    for (const id of this.reidentified) {
      if (!open.has(id)) {
        this.reidentified.delete(id)
      }
    }

    if (identify == null) {
      return 0
    }

    let repaired = 0

    for (const connection of connections) {
      // a relayed connection is left alone: the relay caps what it carries, and closing it would cut a browser off its WebRTC signalling
      if (connection.limits != null || pubsub.peers.has(connection.remotePeer.toString()) || this.reidentified.has(connection.id) || now - connection.timeline.open < this.grace) {
        continue
      }

      this.reidentified.add(connection.id)
      repaired++
      this.log('identifying %p again: gossipsub does not know it', connection.remotePeer)
      identify.identify(connection).catch(err => {
        this.log.error('identifying %p again failed, closing the connection - %e', connection.remotePeer, err)
        connection.close().catch(e => { connection.abort(e) })
      })
    }

    return repaired
  }
}

/** The libp2p service: `services: { repair: gossipRepair() }` beside `pubsub` */
export function gossipRepair (init: GossipRepairInit = {}): (components: GossipRepairComponents) => GossipRepair {
  return components => new GossipRepair(components, init)
}
