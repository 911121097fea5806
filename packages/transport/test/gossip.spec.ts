import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect } from 'aegir/chai'
import { MESSAGE_ID_BYTES, lvsPreset, messageId } from '../src/index.ts'
import type { Message } from '@libp2p/gossipsub'

describe('gossipsub settings', () => {
  it('message ids are 12 bytes over topic, signer and payload', async () => {
    const key = await generateKeyPair('Ed25519')
    const from = peerIdFromPrivateKey(key)
    const message = (data: number[], topic = '/lvs/1/shard/drift'): Message => ({ type: 'signed', from, topic, data: Uint8Array.from(data), sequenceNumber: 1n, signature: new Uint8Array(64), key: key.publicKey })

    expect(messageId(message([1, 2]))).to.have.lengthOf(MESSAGE_ID_BYTES)
    expect(messageId(message([1, 2]))).to.deep.equal(messageId({ ...message([1, 2]), sequenceNumber: 99n } as Message))
    expect(messageId(message([1, 2]))).to.not.deep.equal(messageId(message([1, 3])))
    expect(messageId(message([1, 2]))).to.not.deep.equal(messageId(message([1, 2], '/lvs/1/entropy')))
    // peer discovery republishes the same record on purpose: there the sequence number counts
    expect(messageId(message([1, 2], '/lvs/1/peer-discovery'))).to.not.deep.equal(messageId({ ...message([1, 2], '/lvs/1/peer-discovery'), sequenceNumber: 2n } as Message))
  })

  it('the preset never names a STUN server unless asked', () => {
    const options = lvsPreset()
    expect(JSON.stringify(options.addresses)).to.not.match(/stun/i)
    expect(options.transports?.length).to.be.at.least(3)
  })
})
