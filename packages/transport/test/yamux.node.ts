import { lpStream } from '@libp2p/utils'
import { expect } from 'aegir/chai'
import { trafficMeter } from '../src/index.ts'
import { TOPIC, gossipPair } from './gossip-pair.ts'
import type { Libp2p } from '@libp2p/interface'

describe('economicalYamux', function () {
  this.timeout(60_000)
  const nodes: Libp2p<any>[] = []

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    nodes.length = 0
  })

  it('a receiver of small messages sends no window update per message; a transfer ten times the window still flows', async () => {
    const meters = [trafficMeter(), trafficMeter()]
    const [a, b] = await gossipPair(meters)
    nodes.push(a, b)

    await new Promise(resolve => setTimeout(resolve, 1000))
    const before = meters[0].read().received

    for (let i = 0; i < 100; i++) {
      await a.services.pubsub.publish(TOPIC, new Uint8Array(150).fill(i))
      await new Promise(resolve => setTimeout(resolve, 10))
    }

    await new Promise(resolve => setTimeout(resolve, 1000))
    // js-yamux's own answers every frame with 30 bytes (yamux's 12 and noise's 18): 3,000 for these 100
    expect(meters[0].read().received - before).to.be.below(300)

    // 2.5 MB in 64 KB messages, ten times yamux's 256 KB window: it moves only if window updates come when due
    const CHUNKS = 40
    const received = new Promise<number>(resolve => {
      void b.handle('/test/bulk/1.0.0', async stream => {
        const lp = lpStream(stream, { maxDataLength: 1 << 20 })
        let bytes = 0

        for (let i = 0; i < CHUNKS; i++) {
          bytes += (await lp.read()).byteLength
        }

        resolve(bytes)
        await stream.close()
      })
    })
    const stream = await a.dialProtocol(b.peerId, '/test/bulk/1.0.0')
    const lp = lpStream(stream, { maxDataLength: 1 << 20 })

    for (let i = 0; i < CHUNKS; i++) {
      await lp.write(new Uint8Array(65_536).fill(i))
    }

    expect(await received).to.equal(CHUNKS * 65_536)
  })
})
