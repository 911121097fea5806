import type { PeerId, PeerStore } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

export interface ReconnectInit {
  self: PeerId
  connectionManager: ConnectionManager
  peerStore?: PeerStore
  /** most peers dialled in one round */
  count: number
  log(format: string, ...args: any[]): void
}

/**
 * A node left with no connection at all has nobody to learn from: no
 * gossip, no DHT, no sync. It happens: a hub that holds everyone prunes
 * the peers it values least, and pings that time out close connections
 * (seen in a 100-node swarm on one event loop: two nodes lost every
 * connection and stayed alone for the rest of the run, while the 98 others
 * lacked their entries). libp2p's bootstrap module dials its list once, at
 * start. So each round a node with no connection dials up to `count` peers
 * it knew, picked at random from the peer store (bootstrap peers
 * included: it keeps them for `maxPeerAge`); returns how many answered
 */
export async function reconnect (init: ReconnectInit, signal: AbortSignal): Promise<number> {
  if (init.peerStore == null || init.connectionManager.getConnections().length > 0) {
    return 0
  }

  const known = await init.peerStore.all({ filters: [peer => peer.addresses.length > 0 && !peer.id.equals(init.self)] })
  let connected = 0

  for (const peer of known.sort(() => Math.random() - 0.5).slice(0, init.count)) {
    try {
      await init.connectionManager.openConnection(peer.id, { signal })
      connected++
    } catch (err) {
      init.log('reconnecting to %p failed - %e', peer.id, err)
    }
  }

  init.log('no connection left: dialled %d known peers, %d answered', Math.min(known.length, init.count), connected)
  return connected
}
