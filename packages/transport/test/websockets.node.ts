import net from 'node:net'
import v8 from 'node:v8'
import vm from 'node:vm'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { lvsPreset } from '../src/index.ts'
import type { Libp2p } from '@libp2p/interface'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

/** A port on 127.0.0.1 that nothing listens on (listened on, then closed) */
async function closedPort (): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Heap after two full collections, bytes */
async function heap (): Promise<number> {
  await new Promise(resolve => setTimeout(resolve, 200))
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

describe('the Node preset\'s WebSockets dialer', function () {
  this.timeout(120_000)
  const nodes: Libp2p[] = []

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map(async node => node.stop()))
  })

  it('connects to another node over WebSockets', async () => {
    const [a, b] = await Promise.all([createLibp2p(lvsPreset()), createLibp2p(lvsPreset())])
    nodes.push(a, b)
    const ws = b.getMultiaddrs().find(addr => addr.toString().includes('/ws/'))
    expect(ws, 'a /ws address').to.exist()

    const connection = await a.dial(ws!)
    expect(connection.remoteAddr.toString()).to.include('/ws/')
    expect(connection.remotePeer.equals(b.peerId)).to.be.true()
    // a protocol stream over it works both ways
    expect(await a.services.ping.ping(b.peerId)).to.be.a('number')
  })

  it('keeps nothing per origin it dialed: 300 refused WebSocket dials to new ports leave the heap as it was', async () => {
    const node = await createLibp2p(lvsPreset())
    nodes.push(node)
    const dial = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        const error = await node.dial(multiaddr(`/ip4/127.0.0.1/tcp/${await closedPort()}/ws`)).then(() => undefined, (err: unknown) => err)
        expect(error, 'a refused dial').to.exist()
      }
    }

    // warm-up: code compiled, caches and pools filled
    await dial(50)
    const before = await heap()
    await dial(300)
    const grown = await heap() - before

    // Node 22's built-in WebSocket kept about 20 KB per origin here: 6 MB
    expect(grown / 300, 'bytes kept per origin dialed').to.be.below(3_000)
  })
})
