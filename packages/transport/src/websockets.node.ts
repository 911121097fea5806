import { ConnectionFailedError } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddrToUri } from '@multiformats/multiaddr-to-uri'
import { WebSocket } from 'ws'
import type { AbortOptions, Transport } from '@libp2p/interface'
import type { WebSocketsComponents, WebSocketsInit } from '@libp2p/websockets'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The WebSockets transport's own way to open a socket (not part of its public interface) */
interface Connecting {
  _connect(ma: Multiaddr, options: AbortOptions): Promise<unknown>
}

/**
 * `webSockets()` whose dials, in Node.js, open their sockets with the `ws`
 * package (whose server side the transport already uses) instead of
 * Node's built-in `WebSocket`. Node 22's built-in client (undici's) keeps a
 * connection pool for every origin it has ever dialed, about 20 KB each,
 * for the life of the process, refused dials included
 * (https://github.com/nodejs/undici/issues/4424): a relay whose peers
 * come and go on new ports grows by that much per peer, for ever (measured:
 * 20 KB per origin with Node 22.23.3; see the transport's tests).
 * Listening, upgrading and everything else stay the transport's own.
 */
export function nodeWebSockets (init: WebSocketsInit = {}): (components: WebSocketsComponents) => Transport {
  const create = webSockets(init)

  return (components) => {
    const transport = create(components)
    const connecting = transport as unknown as Connecting

    if (typeof connecting._connect !== 'function') {
      // a later @libp2p/websockets opens its sockets another way: keep its own (its tests say whether it leaks)
      return transport
    }

    connecting._connect = async (ma, options) => open(multiaddrToUri(ma), options)
    return transport
  }
}

/** A `ws` client socket to `uri`, open, with the browser API the transport reads (binary messages as ArrayBuffer) */
async function open (uri: string, options: AbortOptions): Promise<WebSocket> {
  options.signal?.throwIfAborted()
  const socket = new WebSocket(uri)
  socket.binaryType = 'arraybuffer'
  // an 'error' without a listener would throw (a peer's invalid frame must not crash the node): ws closes the socket after it, and the connection sees the close
  socket.on('error', () => {})

  try {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        socket.off('open', onOpen)
        socket.off('error', onError)
        options.signal?.removeEventListener('abort', onAbort)
        err == null ? resolve() : reject(err)
      }
      const onOpen = (): void => { done() }
      const onError = (err: Error): void => { done(err) }
      const onAbort = (): void => { done(new ConnectionFailedError(`Could not connect to ${uri}`)) }
      socket.on('open', onOpen)
      socket.on('error', onError)
      options.signal?.addEventListener('abort', onAbort)
    })
  } catch (err) {
    socket.terminate()
    throw err
  }

  return socket
}
