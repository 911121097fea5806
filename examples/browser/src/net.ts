// Finding the relay, dialling it, and meeting other browser nodes directly
// over WebRTC with the relay as the signalling channel.
import { multiaddr } from '@multiformats/multiaddr'
import type { LvsNode } from '@lvs/node'
import type { Connection } from '@libp2p/interface'

/** a dial attempt; @libp2p/webrtc 6.0.33 hangs about one browser dial in five until this runs out, and a retry works */
const DIAL_TIMEOUT_MS = 8_000
const DIAL_ATTEMPTS = 4
/** direct WebRTC connections a page keeps at most: gossipsub needs a few, 50 tabs must not each hold 49 */
export const MAX_DIRECT = 8
/** a higher peer id leaves the dial to the lower one for this long, so two pages do not dial each other at once */
const DEFER_MS = 10_000
/** a relay this page lost is dialled again at most this often */
const RELAY_REDIAL_MS = 10_000

export class RelayAddressError extends Error {
  static name = 'RelayAddressError'

  constructor (message: string) {
    super(message)
    this.name = 'RelayAddressError'
  }
}

function checked (address: string, where: string): string {
  try {
    multiaddr(address)
  } catch (err: any) {
    throw new RelayAddressError(`${where} is not a multiaddr: ${err.message}`)
  }

  if (relayIdOf(address) == null) {
    throw new RelayAddressError(`${where} lacks the relay's peer id at its end (/p2p/12D3Koo...): the relay prints its addresses with it`)
  }

  return address
}

/** The peer id at the end of a relay's multiaddr */
export function relayIdOf (address: string): string | undefined {
  return multiaddr(address).getComponents().findLast(c => c.name === 'p2p')?.value
}

interface RelayInfo {
  websockets?: string | null
  relays?: Array<{ peerId: string, multiaddrs: string[] }>
}

/**
 * The relays' WebSockets multiaddrs: every `?relay=` in the page URL, else
 * what the relay serving this page says in /relay.json, its own address
 * first, then those of the other relays it knows
 */
export async function findRelays (location: Location): Promise<string[]> {
  const given = new URLSearchParams(location.search).getAll('relay').filter(value => value !== '')

  if (given.length > 0) {
    return given.map(value => checked(value, `?relay=${value}`))
  }

  const response = await fetch('/relay.json', { cache: 'no-store' }).catch(() => undefined)

  if (response?.ok !== true) {
    throw new RelayAddressError(`no relay at ${location.origin}/relay.json: open the page the relay prints (npm start), or add ?relay=<its WebSockets multiaddr>`)
  }

  const info = await response.json() as RelayInfo

  if (info.websockets == null) {
    throw new RelayAddressError('the relay has no WebSockets address')
  }

  const others = (info.relays ?? []).flatMap(relay => {
    const ws = relay.multiaddrs.find(ma => /\/wss?(\/|$)/.test(ma))
    return ws == null ? [] : [ws.includes('/p2p/') ? ws : `${ws}/p2p/${relay.peerId}`]
  })

  return [...new Set([checked(info.websockets, 'the relay\'s websockets address'), ...others])]
}

/**
 * Dials every relay (each with retries) and resolves once one answered;
 * rejects with every relay's error when none did
 */
export async function dialRelays (node: LvsNode, relays: readonly string[]): Promise<void> {
  await Promise.any(relays.map(async relay => dialWithRetry(node, relay))).catch((err: AggregateError) => {
    throw new Error(err.errors.map(e => e.message).join('; '))
  })
}

/** Dials `address`, again when an attempt hangs or fails */
export async function dialWithRetry (node: LvsNode, address: string, attempts = DIAL_ATTEMPTS): Promise<Connection> {
  const errors: string[] = []

  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await node.dial(multiaddr(address), { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
    } catch (err: any) {
      errors.push(`${err.name}: ${err.message}`)
    }
  }

  throw new Error(`could not dial ${address}: ${errors.join('; ')}`)
}

/** A connection straight to the peer over WebRTC, not through the relay */
export function isDirectWebRTC (connection: Connection): boolean {
  return connection.status === 'open' && connection.limits == null && connection.remoteAddr.toString().includes('/webrtc')
}

/**
 * Every 2 s: dials again a relay this page lost (one stopped and came back),
 * and dials the live members of the shard this page is not yet directly
 * connected to, over WebRTC through a relay's circuit (up to MAX_DIRECT),
 * trying each relay it is connected to in turn; the lower peer id dials first
 */
export function meshLoop (node: LvsNode, relays: readonly string[], shard: string, signal: AbortSignal): void {
  const relayIds = new Set(relays.map(relayIdOf))
  const self = node.peerId.toString()
  const firstSeen = new Map<string, number>()
  const redialed = new Map<string, number>()

  const step = async (): Promise<void> => {
    const connected = new Set(node.getConnections().filter(c => c.status === 'open').map(c => c.remotePeer.toString()))

    // in the background, so that a relay gone for good does not hold up the rest
    for (const relay of relays.filter(relay => !connected.has(relayIdOf(relay) ?? ''))) {
      if (Date.now() - (redialed.get(relay) ?? 0) >= RELAY_REDIAL_MS) {
        redialed.set(relay, Date.now())
        void dialWithRetry(node, relay, 1).catch(() => {})
      }
    }

    const through = relays.filter(relay => node.getConnections().some(c => c.status === 'open' && c.remotePeer.toString() === relayIdOf(relay)))
    const direct = new Set(node.getConnections().filter(isDirectWebRTC).map(c => c.remotePeer.toString()))
    const candidates = node.services.lvs.table(shard)
      .filter(entry => entry.status === 'live' && entry.key !== self && !relayIds.has(entry.key) && !direct.has(entry.key))

    for (const entry of candidates) {
      if (signal.aborted || direct.size >= MAX_DIRECT) {
        return
      }

      const seen = firstSeen.get(entry.key) ?? Date.now()
      firstSeen.set(entry.key, seen)

      if (entry.key > self && Date.now() - seen < DEFER_MS) {
        continue
      }

      // the peer holds a reservation on one of the relays, not always this page's first
      for (const relay of through) {
        if (await dialWithRetry(node, `${relay}/p2p-circuit/webrtc/p2p/${entry.key}`, 1).then(() => true, () => false)) {
          direct.add(entry.key)
          break
        }
      }
    }
  }

  void (async () => {
    while (!signal.aborted) {
      await step().catch(() => {})
      await new Promise(resolve => setTimeout(resolve, 2000))
    }
  })()
}
