import { readFileSync } from 'node:fs'
import { expect } from 'aegir/chai'
import protobuf from 'protobufjs'
import { decodeStateDiff, encodeStateDiff } from '../src/index.ts'
import { sdm } from './fixtures.ts'

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

  it('rejects the packed form with a typed error, not a crash', () => {
    const packed = protobuf.parse(proto.replaceAll('[packed = false]', '[packed = true]')).root.lookupType('StateDiff')
    const bytes = packed.encode(packed.create({
      version: 1, shardId: 'drift', cycleId: 99, input: [1.5, -2], state: [0.5, 0.25], driftWeight: 1, nonce: 7
    })).finish()

    expect(() => decodeStateDiff(bytes)).to.throw().with.property('name', 'MalformedMessageError')
  })
})
