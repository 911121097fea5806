import { readFileSync } from 'node:fs'
import { expect } from 'aegir/chai'
import protobuf from 'protobufjs'
import { decodeEntropyPacket, decodeStateDiff, encodeEntropyPacket, encodeStateDiff } from '../src/index.ts'
import { ep, sdm } from './fixtures.ts'

const proto = readFileSync(new URL('../src/messages.proto', import.meta.url), 'utf8')

describe('interoperability with another protobuf library (protobufjs)', () => {
  const root = protobuf.parse(proto).root
  const StateDiff = root.lookupType('StateDiff')

  it('decodes an SDM protobufjs wrote from the same .proto', () => {
    const bytes = StateDiff.encode(StateDiff.create({
      version: 1, shardId: 'drift', cycleId: 99, input: [1.5, -2], state: [0.5, 0.25], driftWeight: 1, nonce: 7
    })).finish()

    expect(decodeStateDiff(bytes)).to.deep.equal({
      shardId: 'drift', cycleId: 99, input: [1.5, -2], state: [0.5, 0.25], driftWeight: 1, nonce: 7
    })
  })

  it('protobufjs reads what the codec writes', () => {
    const decoded = StateDiff.toObject(StateDiff.decode(encodeStateDiff(sdm())), { longs: Number })

    expect(decoded).to.include({ shardId: 'drift', cycleId: 123456, nonce: 0xdeadbeef })
    expect(decoded.input).to.deep.equal(sdm().input)
  })

  describe('a user\'s own proto3 schema, without [packed = false]: proto3 packs repeated numbers by default', () => {
    // the same messages as a user would declare them: no packed option at all
    const userRoot = protobuf.parse(proto.replaceAll(' [packed = false]', '')).root
    const UserStateDiff = userRoot.lookupType('StateDiff')
    const UserEntropyPacket = userRoot.lookupType('EntropyPacket')

    it('the codec decodes what protobufjs writes packed (an SDM and an entropy packet)', () => {
      const bytes = UserStateDiff.encode(UserStateDiff.create({
        version: 1, shardId: 'drift', cycleId: 99, input: [1.5, -2], state: [0.5, 0.25], driftWeight: 1, nonce: 7
      })).finish()
      // the packed form: field 4 as one length-delimited run (tag 0x22) of two doubles
      expect([...bytes].includes(0x22), 'protobufjs packed it').to.be.true()
      expect(bytes[bytes.indexOf(0x22) + 1]).to.equal(16)

      expect(decodeStateDiff(bytes)).to.deep.equal({
        shardId: 'drift', cycleId: 99, input: [1.5, -2], state: [0.5, 0.25], driftWeight: 1, nonce: 7
      })

      const packet = UserEntropyPacket.encode(UserEntropyPacket.create({ version: 1, entropyVector: [0.25, 0.5, 0.75], nodeLoad: 0.5, timestamp: 1_700_000_000_000 })).finish()
      expect(decodeEntropyPacket(packet)).to.deep.equal({ entropyVector: [0.25, 0.5, 0.75], nodeLoad: 0.5, timestamp: 1_700_000_000_000 })
    })

    it('protobufjs with that schema reads what the codec writes (unpacked)', () => {
      const decoded = UserStateDiff.toObject(UserStateDiff.decode(encodeStateDiff(sdm())), { longs: Number })
      expect(decoded).to.include({ shardId: 'drift', cycleId: 123456, nonce: 0xdeadbeef })
      expect(decoded.input).to.deep.equal(sdm().input)
      const packet = UserEntropyPacket.toObject(UserEntropyPacket.decode(encodeEntropyPacket(ep())), { longs: Number })
      expect(packet.entropyVector).to.have.lengthOf(ep().entropyVector.length)
    })

    it('limits still hold for the packed form: 17 components, a run that is not whole values', () => {
      const long = UserStateDiff.encode(UserStateDiff.create({
        version: 1, shardId: 'drift', cycleId: 99, input: new Array(17).fill(1), state: new Array(17).fill(1), driftWeight: 1, nonce: 7
      })).finish()
      expect(() => decodeStateDiff(long)).to.throw().with.property('name', 'LimitExceededError')

      const good = UserStateDiff.encode(UserStateDiff.create({ version: 1, shardId: 'drift', cycleId: 99, input: [1, 2], state: [1, 2], driftWeight: 1, nonce: 7 })).finish()
      const at = good.indexOf(0x22)
      // field 4 claims 15 bytes (not a whole number of doubles): the next field's first byte is eaten
      const broken = Uint8Array.from(good)
      broken[at + 1] = 15
      expect(() => decodeStateDiff(broken)).to.throw().with.property('name', 'MalformedMessageError')
    })
  })
})
