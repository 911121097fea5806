// The relay's resource limits, each seen from outside by peers that import
// nothing of LVS: --inbound-rate, --max-connections, --max-reservations.
import { connect } from 'node:net'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { FREE_PORTS, start } from './run.js'

/** A relay started with `args`, and its TCP multiaddr (with /p2p/) */
async function relayWith (args) {
  const relay = start([...FREE_PORTS, '--data', '', ...args])
  const info = await (await fetch(new URL('/relay.json', await relay.ready))).json()
  return { relay, tcpAddr: info.multiaddrs.find(ma => ma.includes('/tcp/') && !ma.includes('/ws')) }
}

/** A plain libp2p peer over TCP, listening on `listen` */
async function plainPeer (listen = []) {
  return createLibp2p({
    addresses: { listen },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: { denyDialMultiaddr: () => false },
    services: { identify: identify() }
  })
}

/** Whether a raw TCP connection to `port` is closed by the far end within `ms` */
async function closedWithin (port, ms) {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1')
    const timer = setTimeout(() => { socket.destroy(); resolve(false) }, ms)
    socket.on('error', () => {})
    socket.on('close', () => { clearTimeout(timer); resolve(true) })
  })
}

async function waitFor (condition, ms) {
  const deadline = Date.now() + ms

  while (!condition() && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200))
  }

  return condition()
}

describe('relay limits', function () {
  this.timeout(90_000)

  it('--inbound-rate 2: beyond two connections a second from one host, the relay closes them at once', async () => {
    const { relay, tcpAddr } = await relayWith(['--inbound-rate', '2'])
    const port = Number(tcpAddr.match(/\/tcp\/(\d+)/)[1])

    try {
      const closed = await Promise.all(Array.from({ length: 10 }, async () => closedWithin(port, 2000)))
      // the two a second it takes wait for a handshake that never comes; the rest are refused (the default of 100 refuses none)
      expect(closed.filter(Boolean).length).to.be.at.least(5)
    } finally {
      expect(await relay.stop()).to.equal(0)
    }
  })

  it('--max-connections 2: a third peer is refused while two are connected', async () => {
    const { relay, tcpAddr } = await relayWith(['--max-connections', '2'])
    const peers = await Promise.all([1, 2, 3].map(async () => plainPeer()))

    try {
      const dialed = []

      for (const peer of peers) {
        dialed.push(await peer.dial(multiaddr(tcpAddr), { signal: AbortSignal.timeout(10_000) }).then(() => true, () => false))
      }

      expect(dialed.slice(0, 2)).to.deep.equal([true, true])
      // refused outright, or taken and pruned at once: the relay keeps at most two
      const third = peers[2]
      expect(!dialed[2] || await waitFor(() => third.getConnections().length === 0, 10_000), 'the third peer still connected').to.be.true()
    } finally {
      await Promise.all(peers.map(async peer => peer.stop()))
      expect(await relay.stop()).to.equal(0)
    }
  })

  it('--max-reservations 1: one peer gets a circuit address through the relay, the next does not', async () => {
    const { relay, tcpAddr } = await relayWith(['--max-reservations', '1'])
    const circuit = peer => peer.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))
    const peers = []

    try {
      peers.push(await plainPeer([`${tcpAddr}/p2p-circuit`]))
      expect(await waitFor(() => circuit(peers[0]), 15_000), 'the first peer reserved a slot').to.be.true()

      // the second one's listen fails, or it stays without a circuit address
      const second = await plainPeer([`${tcpAddr}/p2p-circuit`]).catch(() => undefined)
      if (second != null) {
        peers.push(second)
        expect(await waitFor(() => circuit(second), 5_000), 'the second peer got a reservation').to.be.false()
      }
    } finally {
      await Promise.all(peers.map(async peer => peer.stop()))
      expect(await relay.stop()).to.equal(0)
    }
  })
})
