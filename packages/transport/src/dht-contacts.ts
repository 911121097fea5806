import { isPeerId } from '@libp2p/interface'
import type { AbortOptions, PeerStore } from '@libp2p/interface'
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
 * unaddressed contact. A query starts from the routing table's closest
 * contacts, departed ones among them (they stay until a full k-bucket
 * evicts them): after each reprovide and self-query the soak's relay ran
 * 24 lookups at once, its heap up to 6 MB higher while they ran. The query
 * goes on with the other contacts, as it does when a dial fails
 */
export function addressedStreams (components: DhtContactComponents): Pick<ConnectionManager, 'openStream'> {
  return {
    async openStream (peer, protocol, options) {
      await refuseUnaddressed(components, peer, options)
      return components.connectionManager.openStream(peer, protocol, options)
    }
  }
}

/**
 * A service factory (kad-dht's) given libp2p's components with the ping
 * and the stream opener above in place of the node's own
 */
export function withAddressedContacts<T> (factory: (components: any) => T): (components: any) => T {
  return components => {
    const own: DhtContactComponents = {
      get ping () { return components.ping },
      get peerStore () { return components.peerStore },
      get connectionManager () { return components.connectionManager }
    }
    const ping = addressedPing(own)
    const { openStream } = addressedStreams(own)
    const connectionManager = new Proxy(components.connectionManager, {
      get: (target, property) => property === 'openStream' ? openStream : Reflect.get(target, property)
    })

    return factory(new Proxy(components, {
      get: (target, property) => property === 'ping' ? ping : property === 'connectionManager' ? connectionManager : Reflect.get(target, property)
    }))
  }
}
