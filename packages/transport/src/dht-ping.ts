import { isPeerId } from '@libp2p/interface'
import type { AbortOptions, PeerStore } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Ping } from '@libp2p/ping'

/** kad-dht asked to ping a contact this node has neither a connection to nor an address for */
export class UnaddressedContactError extends Error {
  static name = 'UnaddressedContactError'

  constructor (message: string) {
    super(message)
    this.name = 'UnaddressedContactError'
  }
}

export interface DhtPingComponents {
  ping: Pick<Ping, 'ping'>
  peerStore: PeerStore
  connectionManager: ConnectionManager
}

/**
 * The ping kad-dht's routing table uses: libp2p's, but a contact this node
 * has no connection to and no address for fails at once. kad-dht pings the
 * oldest contacts of a full k-bucket before it lets a new one in; a
 * contact that left long ago has no address left in the peer store, and
 * libp2p's dialer then looks it up with a DHT query of its own (findPeer),
 * which asks contacts that left too. The soak's long-lived node ran 18
 * such queries at once, 6 MB for up to a minute, more as more peers came
 * and went. Failing, the contact is evicted, as it would be once the
 * query found nothing
 */
export function addressedPing (components: DhtPingComponents): Pick<Ping, 'ping'> {
  return {
    async ping (peer: Parameters<Ping['ping']>[0], options?: AbortOptions): Promise<number> {
      if (isPeerId(peer) && components.connectionManager.getConnections(peer).length === 0) {
        const addresses = await components.peerStore.get(peer, options).then(record => record.addresses.length, () => 0)

        if (addresses === 0) {
          throw new UnaddressedContactError(`no connection to ${peer.toString()} and no address for it`)
        }
      }

      return components.ping.ping(peer, options)
    }
  }
}

/**
 * A service factory (kad-dht's) given libp2p's components with the ping
 * above in place of the node's own
 */
export function withAddressedPing<T> (factory: (components: any) => T): (components: any) => T {
  return components => {
    const ping = addressedPing({
      get ping () { return components.ping },
      get peerStore () { return components.peerStore },
      get connectionManager () { return components.connectionManager }
    })

    return factory(new Proxy(components, {
      get: (target, property) => property === 'ping' ? ping : Reflect.get(target, property)
    }))
  }
}
