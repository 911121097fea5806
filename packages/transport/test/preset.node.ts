import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { lvsPreset } from '../src/index.ts'
import type { Message } from '@libp2p/gossipsub'
import type { Libp2p } from '@libp2p/interface'

describe('Node preset', function () {
  this.timeout(60_000)
  const nodes: Libp2p<any>[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  it('listens on 127.0.0.1 only, over TCP and WebSockets', async () => {
    const node = await createLibp2p(lvsPreset())
    nodes.push(node)
    const addrs = node.getMultiaddrs().map(a => a.toString())

    expect(addrs.some(a => a.includes('/tcp/') && !a.includes('/ws'))).to.be.true()
    expect(addrs.some(a => a.includes('/ws'))).to.be.true()
    addrs.forEach(a => expect(a).to.match(/^\/ip4\/127\.0\.0\.1\//))
  })

  it('refuses to publish the same SDM payload twice (ids over the payload), not the same peer record', async () => {
    const node = await createLibp2p(lvsPreset())
    nodes.push(node)
    const publishTwice = async (topic: string): Promise<string> => {
      node.services.pubsub.subscribe(topic)
      await node.services.pubsub.publish(topic, Uint8Array.from([7]))
      return node.services.pubsub.publish(topic, Uint8Array.from([7])).then(() => 'published', (err: Error) => err.message)
    }

    expect(await publishTwice('/lvs/1/shard/test')).to.match(/Duplicate/)
    expect(await publishTwice('/lvs/1/peer-discovery')).to.equal('published')
  })

  it('two nodes exchange a signed gossipsub message', async () => {
    const a = await createLibp2p(lvsPreset())
    const b = await createLibp2p(lvsPreset())
    nodes.push(a, b)
    a.services.pubsub.subscribe('/lvs/test')
    b.services.pubsub.subscribe('/lvs/test')
    await b.dial(a.getMultiaddrs()[0])

    const received = new Promise<Message>(resolve => {
      a.services.pubsub.addEventListener('message', evt => { resolve(evt.detail) }, { once: true })
    })

    // the mesh forms at the next heartbeat: publish until it arrives
    const deadline = Date.now() + 20_000
    const got: { message?: Message } = {}
    void received.then(m => { got.message = m })
    // ids are over the payload, so each attempt carries a new byte, like an SDM's nonce
    for (let attempt = 0; got.message == null && Date.now() < deadline; attempt++) {
      await b.services.pubsub.publish('/lvs/test', Uint8Array.from([1, 2, attempt]))
      await new Promise(resolve => setTimeout(resolve, 250))
    }

    const message = got.message
    expect(message?.type).to.equal('signed')
    expect(message?.data.subarray(0, 2)).to.deep.equal(Uint8Array.from([1, 2]))
    expect(message?.type === 'signed' && message.from.equals(b.peerId)).to.be.true()
    expect(a.services.pubsub.globalSignaturePolicy).to.equal('StrictSign')
  })
})
