import { shardTopic } from '@lvs/codec'
import { PEER_DISCOVERY_TOPIC } from '@lvs/transport'
import { expect } from 'aegir/chai'
import { createLvsNode } from '../src/index.ts'
import { until } from './util.ts'
import type { LvsInit, LvsNode } from '../src/index.ts'

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** SDMs of the shard handed to `node` from now on, by origin */
function sdmsAt (node: LvsNode): { origins: string[], stop(): void } {
  const origins: string[] = []
  const listener = (evt: CustomEvent<{ topic: string, type: string, from?: { toString(): string } }>): void => {
    if (evt.detail.topic === shardTopic('drift') && evt.detail.type === 'signed') {
      origins.push(String(evt.detail.from))
    }
  }
  node.services.pubsub.addEventListener('message', listener as any)
  return { origins, stop: () => { node.services.pubsub.removeEventListener('message', listener as any) } }
}

describe('a converged swarm stays quiet as it grows (docs/scale.md)', function () {
  this.timeout(120_000)
  const nodes: LvsNode[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  const start = async (input: number[], timing: LvsInit): Promise<LvsNode> => {
    const node = await createLvsNode({ inputs: { drift: input }, lowPower: false, maxInterval: 500, ...timing })
    nodes.push(node)

    if (nodes.length > 1) {
      await node.dial(nodes[0].getMultiaddrs()[0])
    }

    return node
  }
  const mean = [3, 1]
  const exact = (node: LvsNode, count: number): boolean => {
    const view = node.services.lvs.getState('drift')
    return view.count === count && Math.hypot(view.state[0] - mean[0], view.state[1] - mean[1]) < 1e-9 && view.live === count
  }

  it('the live nodes stretch every node\'s heartbeat: four nodes with one heartbeat a second for the whole swarm send one each per 4 s', async () => {
    const timing = { heartbeatInterval: 1000, swarmHeartbeats: 1 }
    for (const input of [[5, 1], [1, 1], [3, 3], [3, -1]]) {
      await start(input, timing)
    }

    await until(() => nodes.every(node => exact(node, 4)), 60_000, 'convergence, and an expiry pass that counted four live nodes')
    nodes.forEach(node => { expect(node.services.lvs.getState('drift').heartbeatInterval).to.equal(4000) })

    // the last SDMs of converging go out first
    await sleep(2000)
    const heard = sdmsAt(nodes[0])
    await sleep(16_000)
    heard.stop()

    // three others, one heartbeat each per 4 s: 12 in 16 s (one more or less each at the window's edges); 48 without the stretch
    expect(heard.origins.length, heard.origins.join('\n')).to.be.within(8, 16)
    expect(nodes.every(node => exact(node, 4)), 'still live, still exact').to.equal(true)
  })

  it('a node joining a converged swarm gets the table by sync; the others do not publish for it', async () => {
    // four nodes, one heartbeat each per 20 s: a 2 s window holds about 0.4 of them
    const timing = { heartbeatInterval: 5000, swarmHeartbeats: 1 }
    for (const input of [[5, 1], [1, 1], [3, 3], [3, -1]]) {
      await start(input, timing)
    }

    await until(() => nodes.every(node => exact(node, 4)), 60_000, 'convergence')
    await sleep(2000)
    const heard = sdmsAt(nodes[0])
    // its input is the mean: the equilibrium does not move, so nobody's state does
    const joiner = await start(mean, timing)
    await until(() => joiner.services.lvs.getState('drift').count === 5, 10_000, 'the joiner\'s table')
    await sleep(2000)
    heard.stop()

    const others = heard.origins.filter(origin => origin !== joiner.peerId.toString())
    // before, each of the four published again when a peer subscribed: four SDMs at once
    expect(others.length, others.join('\n')).to.be.at.most(2)
    expect(heard.origins, 'the joiner announced itself').to.include(joiner.peerId.toString())
    await until(() => nodes.every(node => exact(node, 5)), 30_000, 'every node with five entries, exact')
  })

  it('each node sends its peer record once it joined, then at the stretched pace, not every 5 minutes from every node', async () => {
    const a = await start([5, 1], {})
    const b = await start([1, 1], {})
    const records: string[] = []
    b.services.pubsub.addEventListener('message', evt => {
      if (evt.detail.topic === PEER_DISCOVERY_TOPIC && evt.detail.type === 'signed') {
        records.push(evt.detail.from.toString())
      }
    })
    // pubsub peer discovery, listening only, decodes the record and hands it to libp2p: b learns c's address through a
    const discovered: string[] = []
    b.addEventListener('peer:discovery', evt => { discovered.push(`${evt.detail.id.toString()} ${evt.detail.multiaddrs.map(String).join(' ')}`) })
    await until(() => a.services.pubsub.getSubscribers(PEER_DISCOVERY_TOPIC).length > 0, 10_000, 'a and b on the discovery topic')
    const c = await start([3, 3], {})
    await until(() => records.includes(c.peerId.toString()), 15_000, 'c\'s peer record at b')
    const address = c.getMultiaddrs()[0].toString().split('/p2p/')[0]
    await until(() => discovered.some(line => line.startsWith(c.peerId.toString()) && line.includes(address)), 5000, 'c discovered at b with its address')
    await sleep(8000)
    expect(records.filter(from => from === c.peerId.toString()), 'one record, not one every 2 s').to.have.lengthOf(1)
  })
})
