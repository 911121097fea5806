import { expect } from 'aegir/chai'
import { createLibp2p } from 'libp2p'
import { lvsPreset } from '../src/index.ts'

describe('browser preset', function () {
  this.timeout(30_000)

  it('starts a node in the browser with WebRTC, WebSockets and circuit relay and a DHT client', async () => {
    const node = await createLibp2p(lvsPreset())

    try {
      expect(node.status).to.equal('started')
      expect(node.services.pubsub.globalSignaturePolicy).to.equal('StrictSign')
      const protocols = node.getProtocols()
      expect(protocols.some(p => p.includes('/webrtc-signaling/'))).to.be.true()
      expect(protocols.some(p => p.startsWith('/libp2p/circuit/relay'))).to.be.true()
    } finally {
      await node.stop()
    }
  })
})
