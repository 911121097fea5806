import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { lvsPreset, trafficMeter } from '../src/index.ts'
import { TOPIC, gossipPair } from './gossip-pair.ts'
import type { Libp2p } from '@libp2p/interface'

describe('trafficMeter', function () {
  this.timeout(60_000)
  const nodes: Libp2p<any>[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  it('counts every byte one node sends as a byte the other receives, and splits streams by protocol', async () => {
    const meters = [trafficMeter(), trafficMeter()]
    const [a, b] = await Promise.all(meters.map(async meter => createLibp2p({ ...lvsPreset(), metrics: meter.metrics })))
    nodes.push(a, b)
    expect(meters[0].read().sent).to.equal(0)

    await b.dial(a.getMultiaddrs()[0])
    const before = meters[1].read().protocols['/ipfs/ping/1.0.0'] ?? { sent: 0, received: 0 }

    for (let i = 0; i < 5; i++) {
      // one ping stream per connection at a time: the previous one may still be closing
      await new Promise(resolve => setTimeout(resolve, 100))
      await b.services.ping.ping(a.peerId)
    }

    // a ping is 32 random bytes echoed back (the connection monitor may ping on the same protocol too)
    const ping = meters[1].read().protocols['/ipfs/ping/1.0.0']
    expect(ping.sent - before.sent).to.be.at.least(5 * 32)
    expect((ping.sent - before.sent) % 32).to.equal(0)
    expect(ping.received).to.equal(ping.sent)

    // TCP delivers all it accepted: once quiet, each side's sent bytes are the other's received ones
    await new Promise(resolve => setTimeout(resolve, 500))
    const [ta, tb] = meters.map(meter => meter.read())
    expect(ta.sent).to.be.greaterThan(1000)
    expect(ta.sent).to.equal(tb.received)
    expect(tb.sent).to.equal(ta.received)
  })

  it('passes registered metrics to a delegate and is silent without one', async () => {
    const registered: string[] = []
    const metric = { update: () => {}, increment: () => {}, decrement: () => {}, reset: () => {}, observe: () => {}, timer: () => () => {} }
    const meter = trafficMeter({
      delegate: () => ({
        trackMultiaddrConnection: () => {},
        trackProtocolStream: () => {},
        registerMetricGroup: (name: string) => { registered.push(name); return metric },
        registerMetric: (name: string) => { registered.push(name); return metric },
        registerCounter: (name: string) => { registered.push(name); return metric },
        registerCounterGroup: (name: string) => { registered.push(name); return metric },
        registerHistogram: (name: string) => { registered.push(name); return metric },
        registerHistogramGroup: (name: string) => { registered.push(name); return metric },
        registerSummary: (name: string) => { registered.push(name); return metric },
        registerSummaryGroup: (name: string) => { registered.push(name); return metric },
        traceFunction: (_: string, fn: any) => fn,
        createTrace: () => undefined
      }) as any
    })
    const node = await createLibp2p({ ...lvsPreset(), metrics: meter.metrics })
    nodes.push(node)
    expect(registered.length).to.be.greaterThan(0)

    const silent = trafficMeter().metrics({})
    expect(() => { silent.registerMetric('x').increment() }).to.not.throw()
    expect(silent.registerMetric('y', { calculate: () => 1 })).to.be.undefined()
  })

  it('with gossip: splits a live gossipsub stream by what it carries, every byte of the stream counted once', async () => {
    const meters = [trafficMeter({ gossip: topic => topic }), trafficMeter({ gossip: topic => topic })]
    const [a, b] = await gossipPair(meters)
    nodes.push(a, b)

    for (let i = 0; i < 10; i++) {
      await a.services.pubsub.publish(TOPIC, new Uint8Array(500).fill(i))
    }

    await new Promise(resolve => setTimeout(resolve, 1500))
    const [ta, tb] = meters.map(meter => meter.read())
    const meshsub = (traffic: typeof ta, side: 'sent' | 'received'): number => Object.entries(traffic.protocols).filter(([protocol]) => protocol.startsWith('/meshsub/')).reduce((sum, [, counts]) => sum + counts[side], 0)
    const parts = (counts: Record<string, number> | undefined): number => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0)

    expect(ta.gossip?.sent[`data ${TOPIC}`]).to.be.at.least(10 * 500)
    expect(tb.gossip?.received[`data ${TOPIC}`]).to.equal(ta.gossip?.sent[`data ${TOPIC}`])
    expect(parts(ta.gossip?.sent)).to.equal(meshsub(ta, 'sent'))
    expect(parts(tb.gossip?.received)).to.equal(meshsub(tb, 'received'))
    expect(trafficMeter().read().gossip, 'off unless asked').to.be.undefined()
  })
})
