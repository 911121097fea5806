import { createLibp2p } from 'libp2p'
import { lvsPreset } from '../src/index.ts'
import type { TrafficMeter } from '../src/index.ts'
import type { Libp2p } from '@libp2p/interface'

export const TOPIC = '/test/topic'

/** Two preset nodes, each metered by one of `meters`, connected and subscribed to TOPIC, each seeing the other there */
export async function gossipPair (meters: TrafficMeter[]): Promise<Array<Libp2p<any>>> {
  const [a, b] = await Promise.all(meters.map(async meter => createLibp2p({ ...lvsPreset(), metrics: meter.metrics })))
  a.services.pubsub.subscribe(TOPIC)
  b.services.pubsub.subscribe(TOPIC)
  await b.dial(a.getMultiaddrs()[0])

  while (a.services.pubsub.getSubscribers(TOPIC).length === 0) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }

  return [a, b]
}
