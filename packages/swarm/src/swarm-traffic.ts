import type { LvsNode } from '@lvs/node'
import type { TrafficMeter } from '@lvs/transport'

/** What a gossipsub topic carries, for the byte accounting */
export function topicKind (topic: string): string {
  const kind = topic.match(/^\/lvs\/1\/([a-z-]+)/)?.[1]
  return kind == null ? 'other' : kind === 'shard' ? 'SDMs' : kind === 'beacon' ? 'beacons' : kind
}

/**
 * Bytes (sent + received) summed over the nodes: per protocol's streams,
 * gossipsub's split by what it carries, and the connections' own framing
 * (noise, yamux, multistream: every byte on a connection that no stream's
 * payload holds)
 */
export function protocolBytes (meters: TrafficMeter[]): Record<string, number> {
  const sum: Record<string, number> = {}
  const add = (key: string, n: number): void => { sum[key] = (sum[key] ?? 0) + n }

  for (const meter of meters) {
    const traffic = meter.read()
    let streams = 0

    for (const [protocol, { sent, received }] of Object.entries(traffic.protocols)) {
      streams += sent + received

      if (!protocol.startsWith('/meshsub/')) {
        add(protocol, sent + received)
      }
    }

    for (const side of [traffic.gossip?.sent, traffic.gossip?.received]) {
      Object.entries(side ?? {}).forEach(([part, n]) => { add(`gossipsub ${part}`, n) })
    }

    add('connection framing (noise, yamux, multistream)', traffic.sent + traffic.received - streams)
  }

  return sum
}

export function totalBytes (nodes: LvsNode[]): { both: number, sent: number } {
  let both = 0
  let sent = 0

  for (const node of nodes) {
    const traffic = node.services.lvs.traffic()
    both += traffic.sent + traffic.received
    sent += traffic.sent
  }

  return { both, sent }
}

/**
 * Counts the gossipsub messages handed to each node (one per message,
 * however many copies arrived), by what its topic carries; `read()` sums
 * them over the nodes, `stop()` removes the listeners
 */
export function countMessages (nodes: LvsNode[]): { read(): Record<string, number>, stop(): void } {
  const counts: Record<string, number> = {}
  const listener = (evt: CustomEvent<{ topic: string }>): void => {
    const kind = topicKind(evt.detail.topic)
    counts[kind] = (counts[kind] ?? 0) + 1
  }
  nodes.forEach(node => { node.services.pubsub.addEventListener('message', listener) })

  return {
    read: () => ({ ...counts }),
    stop: () => { nodes.forEach(node => { node.services.pubsub.removeEventListener('message', listener) }) }
  }
}
