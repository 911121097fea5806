import { GossipFrames } from './gossip-bytes.ts'
import type { GossipBytes } from './gossip-bytes.ts'
import type { Metrics, MultiaddrConnection, Stream } from '@libp2p/interface'

/** Bytes sent and received, in all and per protocol */
export interface Traffic {
  /** every byte on every connection: encryption, muxing and all protocols */
  sent: number
  received: number
  /** payload bytes per negotiated protocol (streams only, without the connection's own framing) */
  protocols: Record<string, { sent: number, received: number }>
  /**
   * With `gossip`: gossipsub's stream bytes by what they carry (`data <topic
   * kind>`, subscriptions, ihave, iwant, graft, prune, idontwant, framing)
   */
  gossip?: { sent: GossipBytes, received: GossipBytes }
}

export interface TrafficMeterInit {
  /** another metrics implementation (e.g. `prometheusMetrics()`) that gets every call too */
  delegate?(components: any): Metrics
  /**
   * Split gossipsub's bytes by what they carry, naming each message's topic
   * by what this returns for it (a benchmark's accounting; it parses every
   * gossipsub frame)
   */
  gossip?(topic: string): string
}

export interface TrafficMeter {
  /** the libp2p `metrics` option */
  metrics(components: any): Metrics
  /** counts so far */
  read(): Traffic
}

type Tracked = Pick<MultiaddrConnection | Stream, 'send' | 'dispatchEvent' | 'unshift'>
type Chunk = Uint8Array | { byteLength: number, subarray(): Uint8Array }

const bytesOf = (chunk: Chunk): Uint8Array => chunk instanceof Uint8Array ? chunk : chunk.subarray()

const noop = (): void => {}
const stopTimer = (): (() => void) => noop
const stub = { update: noop, increment: noop, decrement: noop, reset: noop, observe: noop, timer: stopTimer }

/**
 * A libp2p `metrics` implementation that counts the bytes of every
 * connection (on the connection before encryption and muxing, so all
 * traffic, the same in Node and the browser) and of every protocol stream.
 * It wraps `send` and observes dispatched `message` events without adding a
 * listener (a `message` listener would start the stream's flow early),
 * less what a reader puts back with `unshift` (dispatched again).
 * Every other metric goes to the delegate when there is one, else nowhere.
 */
export function trafficMeter (init: TrafficMeterInit = {}): TrafficMeter {
  const traffic: Traffic = { sent: 0, received: 0, protocols: {}, ...(init.gossip == null ? {} : { gossip: { sent: {}, received: {} } }) }

  function track (target: Tracked, count: (sent: number, received: number) => void, observe?: { sent(chunk: Uint8Array): void, received(chunk: Uint8Array): void }): void {
    const send = target.send.bind(target)
    const dispatchEvent = target.dispatchEvent.bind(target)
    const unshift = target.unshift.bind(target)

    target.send = (data) => {
      count(data.byteLength, 0)
      observe?.sent(bytesOf(data))
      return send(data)
    }

    target.dispatchEvent = (event: Event) => {
      if (event.type === 'message') {
        const data = (event as Event & { data: Chunk }).data
        count(0, data.byteLength)
        observe?.received(bytesOf(data))
      }

      return dispatchEvent(event)
    }

    // a reader that took too much (multistream-select) puts it back, and it is dispatched again
    target.unshift = (data) => {
      count(0, -data.byteLength)
      unshift(data)
    }
  }

  return {
    read: () => structuredClone(traffic),
    metrics: (components) => {
      const delegate = init.delegate?.(components)
      const forward = <T>(name: keyof Metrics, fallback: T) => (...args: any[]): T => delegate == null ? fallback : (delegate[name] as any)(...args)
      const register = <T>(name: keyof Metrics) => (metric: string, options?: { calculate?: unknown }): T | undefined =>
        delegate != null ? (delegate[name] as any)(metric, options) : options?.calculate == null ? stub as T : undefined

      return {
        trackMultiaddrConnection (maConn: MultiaddrConnection) {
          track(maConn, (sent, received) => {
            traffic.sent += sent
            traffic.received += received
          })
          delegate?.trackMultiaddrConnection(maConn)
        },
        trackProtocolStream (stream: Stream) {
          const protocol = stream.protocol ?? 'unknown'
          const counts = traffic.protocols[protocol] ??= { sent: 0, received: 0 }
          const gossip = traffic.gossip != null && init.gossip != null && protocol.startsWith('/meshsub/')
            ? { sent: new GossipFrames(traffic.gossip.sent, init.gossip), received: new GossipFrames(traffic.gossip.received, init.gossip) }
            : undefined
          track(stream, (sent, received) => {
            counts.sent += sent
            counts.received += received
          }, gossip == null ? undefined : { sent: chunk => { gossip.sent.push(chunk) }, received: chunk => { gossip.received.push(chunk) } })
          delegate?.trackProtocolStream(stream)
        },
        registerMetric: register('registerMetric'),
        registerMetricGroup: register('registerMetricGroup'),
        registerCounter: register('registerCounter'),
        registerCounterGroup: register('registerCounterGroup'),
        registerHistogram: register('registerHistogram'),
        registerHistogramGroup: register('registerHistogramGroup'),
        registerSummary: register('registerSummary'),
        registerSummaryGroup: register('registerSummaryGroup'),
        traceFunction: (name: string, fn: any, options?: any) => delegate != null ? delegate.traceFunction(name, fn, options) : fn,
        createTrace: forward('createTrace', undefined)
      } as unknown as Metrics
    }
  }
}
