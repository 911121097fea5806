import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { SYNC_PROTOCOL, shardTopic } from '@lvs/codec'
import { expect } from 'aegir/chai'
import { Registry } from 'prom-client'
import { createLvsNode, shardKey } from '../src/index.ts'
import { until } from './util.ts'
import type { LvsNode } from '../src/index.ts'

describe('the runtime engine on real nodes (TCP on 127.0.0.1)', function () {
  this.timeout(120_000)
  const nodes: LvsNode[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  it('repairs a table through beacons: a node that drops every SDM still reaches the exact equilibrium', async () => {
    const a = await createLvsNode({ inputs: { drift: [8, 2] }, beaconInterval: 1000 })
    // b loses every message on the shard topic and does not sync on join: only a beacon mismatch can tell it a's input
    const b = await createLvsNode({ inputs: { drift: [0, -4] }, syncOnJoin: false, simulatedLoss: { [shardTopic('drift')]: 1 } })
    nodes.push(a, b)
    await b.dial(a.getMultiaddrs()[0])

    await until(() => b.services.lvs.getState('drift').count === 2, 30_000, 'b to learn a\'s entry')
    const view = b.services.lvs.getState('drift')
    expect(view.target).to.deep.equal([4, -1])
    await until(() => Math.hypot(b.services.lvs.getState('drift').state[0] - 4, b.services.lvs.getState('drift').state[1] + 1) < 1e-6 * 10, 30_000, 'b to converge')
  })

  it('repairs a table through pulls when beacons are far apart, and a pull between agreeing tables brings nothing', async () => {
    // beacons an hour apart, as in a large swarm: only b's pulls (every 0.5 to 1.5 s here) can tell it a's input
    const a = await createLvsNode({ inputs: { drift: [8, 2] }, beaconInterval: 3_600_000 })
    const b = await createLvsNode({ inputs: { drift: [0, -4] }, beaconInterval: 3_600_000, pullInterval: 1000, syncOnJoin: false, simulatedLoss: { [shardTopic('drift')]: 1 } })
    nodes.push(a, b)
    const syncs: number[] = []
    b.services.lvs.addEventListener('sync', evt => { syncs.push(evt.detail.merged) })
    await b.dial(a.getMultiaddrs()[0])

    await until(() => b.services.lvs.getState('drift').count === 2, 30_000, 'b to learn a\'s entry by a pull')
    expect(b.services.lvs.getState('drift').target).to.deep.equal([4, -1])
    expect(syncs).to.deep.equal([1])

    // a few more pulls: the digests agree, a serves an empty page and b admits nothing
    await new Promise(resolve => setTimeout(resolve, 4000))
    expect(syncs).to.deep.equal([1])
  })

  it('pulls again soon when its join sync failed, without waiting for the pull interval', async () => {
    const a = await createLvsNode({ inputs: { drift: [8, 2] }, beaconInterval: 3_600_000 })
    // b hears no SDM and pulls once an hour: only a retried join sync can give it a's entry within the test
    const b = await createLvsNode({ inputs: { drift: [0, -4] }, beaconInterval: 3_600_000, pullInterval: 3_600_000, simulatedLoss: { [shardTopic('drift')]: 1 } })
    nodes.push(a, b)
    // a refuses b's first syncs (a stream reset, as a lossy link or a busy peer may give), then serves as usual
    const registrar = (a as any).components.registrar
    const served = registrar.getHandler(SYNC_PROTOCOL)
    let refused = 0
    await a.handle(SYNC_PROTOCOL, (stream: any) => { refused++; stream.abort(new Error('not now')) }, { force: true })
    await b.dial(a.getMultiaddrs()[0])
    await until(() => refused > 0, 15_000, 'b to try its join sync')
    expect(b.services.lvs.getState('drift').count).to.equal(1)
    await a.handle(SYNC_PROTOCOL, served.handler, { ...served.options, force: true })

    await until(() => b.services.lvs.getState('drift').count === 2, 30_000, 'b to sync again')
    expect(b.services.lvs.getState('drift').target).to.deep.equal([4, -1])
  })

  it('pulls again after its join sync until a peer agrees, so an entry still on its way at the join is not missed', async () => {
    const a = await createLvsNode({ inputs: { drift: [8, 2] }, beaconInterval: 3_600_000, pullInterval: 3_600_000 })
    // b hears no SDM and pulls once an hour: only its joining pulls can bring it an entry that reaches a after b's join sync
    const b = await createLvsNode({ inputs: { drift: [0, -4] }, beaconInterval: 3_600_000, pullInterval: 3_600_000, simulatedLoss: { [shardTopic('drift')]: 1 } })
    nodes.push(a, b)
    // counts b's syncs with a node (b may find c in the DHT and pull from it too)
    let pulls = 0
    const count = async (node: LvsNode): Promise<void> => {
      const served = (node as any).components.registrar.getHandler(SYNC_PROTOCOL)
      await node.handle(SYNC_PROTOCOL, async (stream: any, connection: any) => {
        pulls += connection.remotePeer.equals(b.peerId) === true ? 1 : 0
        await served.handler(stream, connection)
      }, { ...served.options, force: true })
    }
    await count(a)
    await b.dial(a.getMultiaddrs()[0])
    await until(() => b.services.lvs.getState('drift').count === 2, 15_000, 'b\'s join sync')

    // c joins after b's join sync: a gets c's entry, b does not (it drops every SDM)
    const c = await createLvsNode({ inputs: { drift: [4, 2] }, beaconInterval: 3_600_000, pullInterval: 3_600_000 })
    nodes.push(c)
    await count(c)
    await c.dial(a.getMultiaddrs()[0])
    await until(() => a.services.lvs.getState('drift').count === 3, 15_000, 'a to learn c\'s entry')

    await until(() => b.services.lvs.getState('drift').count === 3, 30_000, 'b to learn c\'s entry by a pull after its join')
    expect(b.services.lvs.getState('drift').target).to.deep.equal([4, 0])

    // the next pull finds the digests equal, and b's joining pulls end: none in the 15 s after it
    const before = pulls
    await until(() => pulls > before, 15_000, 'b\'s pull that finds agreement')
    const after = pulls
    await new Promise(resolve => setTimeout(resolve, 15_000))
    expect(pulls).to.equal(after)
  })

  it('a node whose connections all closed is connected again and catches up on what it missed', async () => {
    const a = await createLvsNode({ inputs: { drift: [8, 2] } })
    const b = await createLvsNode({ inputs: { drift: [0, -4] }, discoveryInterval: 500 })
    nodes.push(a, b)
    await b.dial(a.getMultiaddrs()[0])
    await until(() => b.services.lvs.getState('drift').count === 2, 30_000, 'b to learn a\'s entry')

    // both ends close, after each forgot the tags that make libp2p redial a peer (kad-dht keeps its closest peers alive);
    // what dials again here may be the DHT's own queries as well as the reconnect (reconnect.node.ts tests it alone)
    await b.peerStore.patch(a.peerId, { tags: {} })
    await a.peerStore.patch(b.peerId, { tags: {} })
    await b.hangUp(a.peerId)
    // a changes its input while b is alone
    expect(b.getConnections()).to.have.lengthOf(0)
    a.services.lvs.setInput('drift', [6, 0])

    await until(() => b.getConnections().length > 0, 15_000, 'b to dial a again')
    await until(() => b.services.lvs.getState('drift').target.join() === '3,-2', 30_000, 'b to learn a\'s new input')
  })

  it('provides each shard in the DHT, so its peers find each other by the shard name alone', async () => {
    const hub = await createLvsNode({ shards: [{ name: 'hub', dimension: 1 }] })
    const options = { shards: [{ name: 'dht-found', dimension: 1 }], discoveryInterval: 500 }
    const b = await createLvsNode({ ...options, inputs: { 'dht-found': [1] } })
    const c = await createLvsNode({ ...options, inputs: { 'dht-found': [3] } })
    nodes.push(hub, b, c)
    // b and c only know the hub, which does not even hold their shard
    await b.dial(hub.getMultiaddrs()[0])
    await c.dial(hub.getMultiaddrs()[0])

    const providers = async (shard: string): Promise<string[]> => {
      const found: string[] = []

      for await (const provider of hub.contentRouting.findProviders(await shardKey(shard), { signal: AbortSignal.timeout(5000) })) {
        found.push(provider.id.toString())
      }

      return found.sort()
    }

    const deadline = Date.now() + 30_000
    let found: string[] = []

    while (found.length < 2 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 500))
      found = await providers('dht-found')
    }

    expect(found).to.deep.equal([b.peerId.toString(), c.peerId.toString()].sort())
    expect(await providers('hub')).to.not.include(b.peerId.toString())

    await until(() => b.services.lvs.getState('dht-found').count === 2 && c.services.lvs.getState('dht-found').count === 2, 30_000, 'b and c to share the shard')
    expect(b.services.lvs.getState('dht-found').target).to.deep.equal([2])
  })

  it('exposes its gauges through prometheus-metrics and counts all libp2p traffic', async () => {
    const registry = new Registry()
    const a = await createLvsNode({ inputs: { drift: [1, 1] }, libp2p: { metrics: prometheusMetrics({ registry, collectDefaultMetrics: false }) } })
    const b = await createLvsNode({ inputs: { drift: [3, 5] } })
    nodes.push(a, b)
    await b.dial(a.getMultiaddrs()[0])
    await until(() => a.services.lvs.getState('drift').count === 2, 30_000, 'a to hear b')

    const text = await registry.metrics()
    expect(text).to.match(/lvs_cycles_total\{shard="drift"\} [1-9]/)
    expect(text).to.match(/lvs_entries\{shard="drift"\} 2/)
    expect(text).to.match(/lvs_cycle_interval_ms\{shard="drift"\} \d/)
    expect(text).to.match(/lvs_quarantined_peers\{shard="drift"\} 0/)
    expect(text).to.match(/lvs_message_bytes_total\{direction="sent"\} [1-9]/)
    // libp2p's own metrics still reach prometheus through the traffic meter
    expect(text).to.match(/libp2p_/)

    const traffic = a.services.lvs.traffic()
    expect(traffic.counted).to.equal('libp2p')
    expect(traffic.sent).to.be.greaterThan(1000)
  })

  it('stretches the time between SDMs when over its bandwidth budget', async () => {
    // a budget no node can meet: the controller must push the interval up from its floor
    const a = await createLvsNode({ inputs: { drift: [0, 0] }, budget: 100, controlWarmup: 0 })
    const b = await createLvsNode({ inputs: { drift: [9, 9] }, budget: 100, controlWarmup: 0 })
    nodes.push(a, b)
    await b.dial(a.getMultiaddrs()[0])
    expect(a.services.lvs.getState('drift').publishInterval).to.equal(1000)

    await until(() => a.services.lvs.getState('drift').publishInterval > 2000, 30_000, 'the controller to act')
  })

  it('saves power while alone and leaves low-power mode once a peer shares its shard', async () => {
    const a = await createLvsNode({ inputs: { drift: [0, 0] } })
    nodes.push(a)
    await until(() => a.services.lvs.getState('drift').lowPower, 10_000, 'low power while alone')
    a.services.lvs.setInput('drift', [5, 5])
    await until(() => a.services.lvs.getState('drift').interval >= 200, 10_000, 'the cycle floor to rise')

    const b = await createLvsNode({ inputs: { drift: [1, 1] } })
    nodes.push(b)
    await b.dial(a.getMultiaddrs()[0])
    await until(() => !a.services.lvs.getState('drift').lowPower, 20_000, 'low power to end')

    const forced = await createLvsNode({ lowPower: true })
    nodes.push(forced)
    await b.dial(forced.getMultiaddrs()[0])
    forced.services.lvs.setInput('drift', [7, 7])
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(forced.services.lvs.getState('drift').lowPower).to.be.true()
    expect(forced.services.lvs.getState('drift').interval).to.be.at.least(200)
  })
})
