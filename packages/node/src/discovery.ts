import { shardTopic } from '@lvs/codec'
import { anySignal } from 'any-signal'
import { shardKey } from './shard-key.ts'
import type { ContentRouting, PeerId } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface DiscoveryInit {
  self: PeerId
  routing?: ContentRouting
  connectionManager: ConnectionManager
  /** peers subscribed to a topic */
  subscribers(topic: string): PeerId[]
  minPeers: number
  log(format: string, ...args: any[]): void
}

/** `addr` ending in `/p2p/<peer>`: libp2p reuses a connection to a known peer, where an address alone always dials anew */
function withPeerId (addr: Multiaddr, peer: PeerId): Multiaddr {
  return addr.getComponents().some(component => component.name === 'p2p') ? addr : addr.encapsulate(`/p2p/${peer.toString()}`)
}

/** How long one provide or find may take, ms */
const QUERY_TIMEOUT_MS = 30_000

/**
 * DHT discovery (docs/messages.md): each shard's key is a CID of its topic;
 * the node provides it until a provide succeeded (the DHT republishes it
 * after that), and while a shard has fewer than `minPeers` peers dials
 * providers of its key
 */
export class Discovery {
  private readonly init: DiscoveryInit
  private readonly provided = new Set<string>()

  constructor (init: DiscoveryInit) {
    this.init = init
  }

  async run (shards: Iterable<string>, signal: AbortSignal): Promise<void> {
    const routing = this.init.routing

    if (routing == null) {
      return
    }

    for (const name of shards) {
      const key = await shardKey(name)
      const peers = this.init.subscribers(shardTopic(name))
      const few = peers.length < this.init.minPeers
      // any-signal, cleared after use: AbortSignal.any would stay tied to the node's lifelong signal (nodejs/node#55351)
      const query = { signal: anySignal([signal, AbortSignal.timeout(QUERY_TIMEOUT_MS)]) }

      try {
        if (!this.provided.has(name) || few) {
          await routing.provide(key, query)
            .then(() => { this.provided.add(name) }, err => { this.init.log('provide of %s failed - %e', name, err) })
        }

        if (few) {
          await this.dialProviders(name, key, peers, query.signal)
        }
      } finally {
        query.signal.clear()
      }
    }
  }

  private async dialProviders (name: string, key: Parameters<ContentRouting['findProviders']>[0], peers: PeerId[], signal: AbortSignal): Promise<void> {
    const known = new Set([...peers, this.init.self].map(peer => peer.toString()))
    let dialled = 0

    try {
      for await (const provider of this.init.routing?.findProviders(key, { signal }) ?? []) {
        if (known.has(provider.id.toString())) {
          continue
        }

        known.add(provider.id.toString())

        if (this.init.connectionManager.getConnections(provider.id).length > 0) {
          // connected already, its subscription not yet heard: a second connection would only be pruned again
          continue
        }

        try {
          // addresses with the peer id, so that libp2p finds a connection made meanwhile instead of dialling a duplicate
          await this.init.connectionManager.openConnection(provider.multiaddrs.length > 0 ? provider.multiaddrs.map(addr => withPeerId(addr, provider.id)) : provider.id, { signal })
          dialled++
        } catch (err) {
          this.init.log('dialling provider %p failed - %e', provider.id, err)
        }

        if (peers.length + dialled >= this.init.minPeers) {
          break
        }
      }
    } catch (err) {
      this.init.log('finding providers of %s failed - %e', name, err)
    }
  }
}
