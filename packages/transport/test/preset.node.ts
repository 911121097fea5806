import { Socket } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { PING_INTERVAL_MS, PROVIDER_VALIDITY_MS, TCP_INACTIVITY_TIMEOUT_MS, lvsPreset, providerTimes } from '../src/index.ts'
import type { PresetServices } from '../src/index.ts'
import type { Message } from '@libp2p/gossipsub'
import type { Libp2p, PeerId } from '@libp2p/interface'

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

  it('gives a connection a remote peer id that holds its own bytes, not a view into an 8 KB buffer, and the DHT keeps that one', async () => {
    const a = await createLibp2p(lvsPreset())
    const b = await createLibp2p(lvsPreset())
    nodes.push(a, b)
    await a.dial(b.getMultiaddrs()[0])
    // kad-dht's routing table is not part of its typed interface
    const contacts = (node: Libp2p<any>): Array<{ peerId: Libp2p['peerId'] }> => [...(node.services.dht as any).routingTable.kb.toIterable()]

    for (let tries = 0; contacts(a).length === 0 || contacts(b).length === 0; tries++) {
      expect(tries, 'the DHT routing tables to fill').to.be.below(100)
      await new Promise(resolve => setTimeout(resolve, 100))
    }

    for (const [node, other] of [[a, b], [b, a]]) {
      const remote = node.getConnections(other.peerId)[0].remotePeer
      expect(remote.equals(other.peerId)).to.be.true()
      expect(remote.publicKey?.equals(other.peerId.publicKey)).to.be.true()
      // noise's own id is a view into the decrypted handshake frame, a slice of Node's 8 KB buffer pool
      expect(remote.toMultihash().digest.buffer.byteLength).to.be.below(100)

      for (const contact of contacts(node)) {
        expect(contact.peerId.toMultihash().digest.buffer.byteLength, 'a DHT contact').to.be.below(100)
      }
    }
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

  /** Two started preset nodes subscribed to /lvs/test, not yet connected */
  async function subscribedPair (): Promise<[Libp2p<any>, Libp2p<any>]> {
    const a = await createLibp2p(lvsPreset())
    const b = await createLibp2p(lvsPreset())
    nodes.push(a, b)
    a.services.pubsub.subscribe('/lvs/test')
    b.services.pubsub.subscribe('/lvs/test')
    return [a, b]
  }

  it('deletes the peer store\'s records of peers gone longer than its maxPeerAge, which libp2p drops only when read', async () => {
    const node = await createLibp2p({ ...lvsPreset(), peerStore: { maxPeerAge: 300, maxAddressAge: 300 } })
    nodes.push(node)
    const datastore = (node as unknown as { components: { datastore: { query(q: { prefix: string }): AsyncIterable<unknown> } } }).components.datastore
    const stored = async (): Promise<number> => {
      const records: unknown[] = []
      for await (const record of datastore.query({ prefix: '/peers/' })) {
        records.push(record)
      }
      return records.length
    }
    const before = await stored()

    // peers that were heard of once and left for good: nothing reads their records again
    for (let i = 0; i < 200; i++) {
      const peer = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
      await node.peerStore.save(peer, { multiaddrs: [multiaddr(`/ip4/127.0.0.1/tcp/${1000 + i}`)] })
    }

    expect(await stored()).to.equal(before + 200)
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await stored(), 'expired, but still stored until read').to.equal(before + 200)

    expect(await node.services.peerStoreSweep.sweep()).to.equal(0)
    expect(await stored()).to.equal(before)
  })

  it('drops a departed provider\'s DHT record before the peer store drops its peer record, so GET_PROVIDERS keeps answering', async () => {
    // kad-dht fails a whole GET_PROVIDERS answer when one provider's peer record is gone; the peer store
    // keeps a departed peer's record 6 hours (libp2p's default maxPeerAge) after its last provide
    const { validity, interval } = providerTimes(PROVIDER_VALIDITY_MS)
    expect(validity + interval).to.be.below(6 * 3_600_000)

    const key = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode('shard')))
    const start = async (providerValidity: number): Promise<Libp2p<any>> => {
      const node = await createLibp2p(lvsPreset({ providerValidity }))
      nodes.push(node)
      return node
    }
    const server = await start(6_000)
    const departing = await start(6_000)
    const staying = await start(6_000)
    await departing.dial(server.getMultiaddrs()[0])
    await staying.dial(server.getMultiaddrs()[0])
    await new Promise(resolve => setTimeout(resolve, 1_000))
    await departing.contentRouting.provide(key, { signal: AbortSignal.timeout(10_000) })
    await staying.contentRouting.provide(key, { signal: AbortSignal.timeout(10_000) })
    await departing.stop()
    const asker = await start(6_000)
    await asker.dial(server.getMultiaddrs()[0])
    await new Promise(resolve => setTimeout(resolve, 1_000))

    // the server's answer to a GET_PROVIDERS, once the departed provider's peer record is gone, as the peer
    // store deletes it hours after the peer left (deleted here just before asking: within seconds of leaving,
    // tag updates of its routing table and reconnect queue still write to it)
    const askServer = async (): Promise<string[]> => {
      await server.peerStore.delete(departing.peerId)
      const heard: string[] = []
      for await (const event of asker.services.dht.findProviders(key, { signal: AbortSignal.timeout(5_000) })) {
        if (event.name === 'QUERY_ERROR' && event.from.equals(server.peerId)) {
          heard.push('error')
        }
        if (event.name === 'PEER_RESPONSE' && event.from.equals(server.peerId)) {
          heard.push(...event.providers.map((provider: { id: { toString(): string } }) => provider.id.toString()))
        }
      }
      return heard
    }

    expect(await askServer(), 'kad-dht 16.4 fails the answer while the provider record stays').to.deep.equal(['error'])

    // the departed provider's record expired and was deleted; the staying one provided again meanwhile
    await new Promise(resolve => setTimeout(resolve, 7_000))
    expect(await askServer()).to.deep.equal([staying.peerId.toString()])
  })

  it('evicts a DHT contact with no connection and no address left without looking it up in the DHT', async () => {
    const { routingTable, contact, lookups } = await departedContact(nodes)

    // what kad-dht does with the oldest contacts of a full k-bucket
    expect(await routingTable.pingContact({ peerId: contact })).to.be.false()
    expect(lookups(), 'libp2p\'s dialer would look its addresses up with a DHT query').to.equal(0)
  })

  it('leaves a DHT contact with no connection and no address out of a query without looking it up in the DHT, and forgets it', async () => {
    const { server, routingTable, contact, lookups } = await departedContact(nodes)

    // a query starts from the contacts closest to its key: here the departed one
    const errors: string[] = []
    for await (const event of server.services.dht.getClosestPeers(Uint8Array.from([1, 2, 3]), { signal: AbortSignal.timeout(10_000) })) {
      if (event.name === 'QUERY_ERROR') {
        errors.push(event.error.name)
      }
    }

    expect(errors).to.include('UnaddressedContactError')
    expect(lookups(), 'libp2p\'s dialer would look its addresses up with a DHT query').to.equal(0)
    // taken out of the routing table (in the background) as a failed ping takes it out
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await routingTable.find(contact), 'still a contact').to.be.undefined()
  })

  it('keeps a TCP connection open longer than the ping interval without traffic, at both ends (libp2p\'s tcp closes it after 2 minutes)', async () => {
    const [a, b] = await Promise.all([createLibp2p(lvsPreset()), createLibp2p(lvsPreset())])
    nodes.push(a, b)
    // the inactivity timeouts @libp2p/tcp sets on the sockets of one dial, inbound and outbound
    const timeouts: number[] = []
    const setTimeout = Socket.prototype.setTimeout
    Socket.prototype.setTimeout = function (this: Socket, ms: number, ...rest: any[]) {
      timeouts.push(ms)
      return setTimeout.call(this, ms, ...rest)
    } as typeof setTimeout

    try {
      await b.dial(a.getMultiaddrs().find(addr => !addr.toString().includes('/ws')) ?? a.getMultiaddrs()[0])
    } finally {
      Socket.prototype.setTimeout = setTimeout
    }

    expect(TCP_INACTIVITY_TIMEOUT_MS).to.be.above(PING_INTERVAL_MS)
    expect(timeouts.filter(ms => ms > 0)).to.deep.equal([TCP_INACTIVITY_TIMEOUT_MS, TCP_INACTIVITY_TIMEOUT_MS])
  })

  it('two nodes exchange a signed gossipsub message', async () => {
    const [a, b] = await subscribedPair()
    await b.dial(a.getMultiaddrs()[0])

    const message = await publishUntilReceived(b, a, [1, 2])
    expect(message?.type).to.equal('signed')
    expect(message?.data.subarray(0, 2)).to.deep.equal(Uint8Array.from([1, 2]))
    expect(message?.type === 'signed' && message.from.equals(b.peerId)).to.be.true()
    expect(a.services.pubsub.globalSignaturePolicy).to.equal('StrictSign')
  })

  it('closes a peer\'s idle duplicate connection, both ends the same one, and gossip still flows', async () => {
    const [a, b] = await subscribedPair()
    // each dials the other, as two peers that find each other at once do: two connections
    await a.dial(b.getMultiaddrs()[0])
    await b.dial(a.getMultiaddrs()[0], { force: true })
    await waitFor(() => a.getConnections(b.peerId).length === 2 && b.getConnections(a.peerId).length === 2)
    // gossipsub opens its streams on one of them; identify's and ping's end
    await waitFor(() => a.getConnections(b.peerId).some(c => c.streams.length === 0))

    // young, or idle for one sweep only: kept
    const sweep = (now: number): number => a.services.prune.sweep(now) + b.services.prune.sweep(now)
    expect(sweep(Date.now())).to.equal(0)
    expect(sweep(Date.now())).to.equal(0)
    // 30 s on, idle at two sweeps in a row: closed, at both ends the same one
    const later = Date.now() + 30_000
    expect(sweep(later)).to.be.within(1, 2)
    await waitFor(() => a.getConnections(b.peerId).length === 1 && b.getConnections(a.peerId).length === 1)
    expect(a.getConnections(b.peerId)[0].streams.length).to.be.above(0)
    expect(sweep(later + 10_000)).to.equal(0)

    expect(await publishUntilReceived(b, a, [3])).to.not.equal(undefined)
  })

  it('reopens gossipsub\'s outbound stream to a connected peer when it closed, so that peer hears this node again', async () => {
    const [a, b] = await subscribedPair()
    await b.dial(a.getMultiaddrs()[0])
    expect(await publishUntilReceived(a, b, [4])).to.not.equal(undefined)

    // a's stream to b ends while the connection stays up: gossipsub never opens another one
    const id = b.peerId.toString()
    a.services.pubsub.streamsOutbound.get(id)?.rawStream.abort(new Error('cut by the test'))
    await waitFor(() => !a.services.pubsub.streamsOutbound.has(id))
    expect(await publishUntilReceived(a, b, [5], 3_000)).to.equal(undefined)

    const now = Date.now()
    expect(a.services.repair.sweep(now)).to.equal(0)
    expect(a.services.repair.sweep(now + 30_000)).to.equal(1)
    await waitFor(() => a.services.pubsub.streamsOutbound.has(id))
    expect(await publishUntilReceived(a, b, [6])).to.not.equal(undefined)
  })

  it('identifies a connection again when its identify failed, so gossipsub opens its streams on it', async () => {
    const [a, b] = await subscribedPair()
    // identify fails at both ends, as when its stream stalls past the timeout on a lossy link: gossipsub never hears of the peer
    const restore = await refuseIdentify([a, b])
    await b.dial(a.getMultiaddrs()[0])
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(a.services.pubsub.peers.has(b.peerId.toString())).to.be.false()
    expect(b.services.pubsub.peers.has(a.peerId.toString())).to.be.false()
    await restore()

    const now = Date.now()
    expect(a.services.repair.sweep(now)).to.equal(0)
    expect(a.services.repair.sweep(now + 30_000)).to.equal(1)
    await waitFor(() => a.services.pubsub.peers.has(b.peerId.toString()) && b.services.pubsub.peers.has(a.peerId.toString()))
    expect(await publishUntilReceived(a, b, [7])).to.not.equal(undefined)
    // once per connection
    expect(a.services.repair.sweep(now + 60_000)).to.equal(0)
  })

  it('closes a connection whose identify fails again, so that the next dial starts afresh', async () => {
    const [a, b] = await subscribedPair()
    await refuseIdentify([a, b])
    await b.dial(a.getMultiaddrs()[0])
    await new Promise(resolve => setTimeout(resolve, 1000))

    expect(a.services.repair.sweep(Date.now() + 30_000)).to.equal(1)
    await waitFor(() => a.getConnections(b.peerId).length === 0)
  })
})

interface DhtRoutingTable {
  find(peer: PeerId): Promise<PeerId | undefined>
  pingContact(contact: { peerId: PeerId }): Promise<boolean>
}

/**
 * A DHT server whose routing table holds a contact that left, its peer
 * record deleted as the peer store does in time; lookups() counts the
 * server's DHT lookups of a peer from then on
 */
async function departedContact (nodes: Array<Libp2p<any>>): Promise<{ server: Libp2p<PresetServices>, routingTable: DhtRoutingTable, contact: PeerId, lookups(): number }> {
  const server = await createLibp2p(lvsPreset())
  const contact = await createLibp2p(lvsPreset())
  nodes.push(server, contact)
  await contact.dial(server.getMultiaddrs()[0])
  await new Promise(resolve => setTimeout(resolve, 1_000))
  const routingTable = (server.services.dht as unknown as { routingTable: DhtRoutingTable }).routingTable
  expect(await routingTable.find(contact.peerId), 'a contact of the server').to.exist()
  expect(await routingTable.pingContact({ peerId: contact.peerId }), 'connected: pinged').to.be.true()

  await contact.stop()
  // after the server saw it go (its disconnect handlers write to the record)
  await new Promise(resolve => setTimeout(resolve, 1_000))
  await server.peerStore.delete(contact.peerId)
  expect(await routingTable.find(contact.peerId), 'kad-dht keeps a departed contact').to.exist()

  let lookups = 0
  const findPeer = server.peerRouting.findPeer.bind(server.peerRouting)
  server.peerRouting.findPeer = async (...args) => { lookups++; return findPeer(...args) }
  return { server, routingTable, contact: contact.peerId, lookups: () => lookups }
}

/**
 * Publishes on /lvs/test from `from` until `to` receives (the mesh forms at
 * the next heartbeat); ids are over the payload, so each attempt appends a
 * new byte, like an SDM's nonce. The message, or undefined after `ms`
 */
async function publishUntilReceived (from: Libp2p<any>, to: Libp2p<any>, prefix: number[], ms = 20_000): Promise<Message | undefined> {
  const got: { message?: Message } = {}
  const listener = (evt: CustomEvent<Message>): void => { got.message = evt.detail }
  to.services.pubsub.addEventListener('message', listener, { once: true })
  const deadline = Date.now() + ms

  for (let attempt = 0; got.message == null && Date.now() < deadline; attempt++) {
    await from.services.pubsub.publish('/lvs/test', Uint8Array.from([...prefix, attempt]))
    await new Promise(resolve => setTimeout(resolve, 250))
  }

  to.services.pubsub.removeEventListener('message', listener)
  return got.message
}

/** Makes each node abort every identify stream it is asked for; returns what puts identify back */
async function refuseIdentify (nodes: Array<Libp2p<any>>): Promise<() => Promise<void>> {
  const protocol = '/ipfs/id/1.0.0'
  const handlers = nodes.map(node => (node as any).components.registrar.getHandler(protocol))
  await Promise.all(nodes.map(async node => node.handle(protocol, (stream: any) => { stream.abort(new Error('stalled')) }, { force: true })))
  return async () => { await Promise.all(nodes.map(async (node, i) => node.handle(protocol, handlers[i].handler, { ...handlers[i].options, force: true }))) }
}

async function waitFor (condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time')
    }

    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
