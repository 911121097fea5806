import { isPeerId } from '@libp2p/interface'
import type { AbortOptions, PeerId, PeerStore } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Ping } from '@libp2p/ping'

/** kad-dht asked to reach a contact this node has neither a connection to nor an address for */
export class UnaddressedContactError extends Error {
  static name = 'UnaddressedContactError'

  constructor (message: string) {
    super(message)
    this.name = 'UnaddressedContactError'
  }
}

export interface DhtContactComponents {
  ping: Pick<Ping, 'ping'>
  peerStore: PeerStore
  connectionManager: ConnectionManager
}

/**
 * Fails at once for a peer id this node has no connection to and no
 * address for. libp2p's dialer would look such a peer up with a DHT query
 * of its own (findPeer); a contact that left long ago has no address left
 * in the peer store, and the query asks other contacts that left too, each
 * of them a dial and a query again
 */
async function refuseUnaddressed (components: DhtContactComponents, peer: unknown, options?: AbortOptions): Promise<void> {
  if (!isPeerId(peer) || components.connectionManager.getConnections(peer).length > 0) {
    return
  }

  const addresses = await components.peerStore.get(peer, options).then(record => record.addresses.length, () => 0)

  if (addresses === 0) {
    throw new UnaddressedContactError(`no connection to ${peer.toString()} and no address for it`)
  }
}

/**
 * The ping kad-dht's routing table uses: libp2p's, but failing at once for
 * an unaddressed contact. kad-dht pings the oldest contacts of a full
 * k-bucket before it lets a new one in, departed ones among them. Failing,
 * the contact is evicted, as it would be once the lookup found nothing
 */
export function addressedPing (components: DhtContactComponents): Pick<Ping, 'ping'> {
  return {
    async ping (peer: Parameters<Ping['ping']>[0], options?: AbortOptions): Promise<number> {
      await refuseUnaddressed(components, peer, options)
      return components.ping.ping(peer, options)
    }
  }
}

/**
 * The streams kad-dht's queries open: libp2p's, but failing at once for an
 * unaddressed contact, which `refused` is told of. A query starts from the
 * routing table's closest contacts, departed ones among them (they stay
 * until a full k-bucket evicts them): after each reprovide and self-query
 * the soak's relay ran 24 lookups at once, its heap up to 6 MB higher
 * while they ran. The query goes on with the other contacts, as it does
 * when a dial fails
 */
export function addressedStreams (components: DhtContactComponents, refused: (peer: PeerId) => void = () => {}): Pick<ConnectionManager, 'openStream'> {
  return {
    async openStream (peer, protocol, options) {
      try {
        await refuseUnaddressed(components, peer, options)
      } catch (err) {
        if (isPeerId(peer)) {
          refused(peer)
        }
        throw err
      }
      return components.connectionManager.openStream(peer, protocol, options)
    }
  }
}

/** What of kad-dht's service is used here: its routing table (not in its public types) */
interface WithRoutingTable {
  routingTable?: { remove?(peer: PeerId): Promise<void> }
}

/**
 * A service factory (kad-dht's) given libp2p's components with the ping
 * and the stream opener above in place of the node's own. A contact a
 * query could not reach is taken out of the routing table, as a failed
 * ping takes it out: departed contacts would otherwise stay until their
 * k-bucket is full (64 buckets of 20 with kad-dht's defaults) and, the
 * closest to a key being departed ones more and more, queries would start
 * from contacts that are gone
 */
export function withAddressedContacts<T> (factory: (components: any) => T): (components: any) => T {
  return components => {
    const own: DhtContactComponents = {
      get ping () { return components.ping },
      get peerStore () { return components.peerStore },
      get connectionManager () { return components.connectionManager }
    }
    const ping = addressedPing(own)
    const { openStream } = addressedStreams(own, peer => {
      (service as WithRoutingTable).routingTable?.remove?.(peer).catch(() => {})
    })
    const connectionManager = new Proxy(components.connectionManager, {
      get: (target, property) => property === 'openStream' ? openStream : Reflect.get(target, property)
    })
    const service = factory(new Proxy(components, {
      get: (target, property) => property === 'ping' ? ping : property === 'connectionManager' ? connectionManager : Reflect.get(target, property)
    }))

    return service
  }
}
