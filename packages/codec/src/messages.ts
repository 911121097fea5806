import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface EntropyPacket {
  version: number
  entropyVector: number[]
  nodeLoad: number
  timestamp: bigint
}

export namespace EntropyPacket {
  let _codec: Codec<EntropyPacket>

  export const codec = (): Codec<EntropyPacket> => {
    if (_codec == null) {
      _codec = message<EntropyPacket>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.entropyVector != null && obj.entropyVector.length > 0) {
          for (const value of obj.entropyVector) {
            w.uint32(21)
            w.float(value)
          }
        }

        if ((obj.nodeLoad != null && obj.nodeLoad !== 0)) {
          w.uint32(29)
          w.float(obj.nodeLoad)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(32)
          w.uint64(obj.timestamp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          entropyVector: [],
          nodeLoad: 0,
          timestamp: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              if (opts.limits?.entropyVector != null && obj.entropyVector.length === opts.limits.entropyVector) {
                throw new MaxLengthError('Decode error - repeated field "entropyVector" had too many elements')
              }

              obj.entropyVector.push(reader.float())
              break
            }
            case 3: {
              obj.nodeLoad = reader.float()
              break
            }
            case 4: {
              obj.timestamp = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entropyVector: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              if (opts.limits?.entropyVector != null && obj.entropyVector === opts.limits.entropyVector) {
                throw new MaxLengthError('Streaming decode error - repeated field "entropyVector" had too many elements')
              }

              yield {
                field: `${prefix}.entropyVector[]`,
                index: obj.entropyVector,
                value: reader.float()
              }

              obj.entropyVector++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.nodeLoad`,
                value: reader.float()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EntropyPacketVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EntropyPacketEntropyVectorFieldEvent {
    field: '$.entropyVector[]'
    index: number
    value: number
  }

  export interface EntropyPacketNodeLoadFieldEvent {
    field: '$.nodeLoad'
    value: number
  }

  export interface EntropyPacketTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export function encode (obj: Partial<EntropyPacket>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EntropyPacket.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntropyPacket>): EntropyPacket {
    return decodeMessage(buf, EntropyPacket.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntropyPacket>): Generator<EntropyPacketVersionFieldEvent | EntropyPacketEntropyVectorFieldEvent | EntropyPacketNodeLoadFieldEvent | EntropyPacketTimestampFieldEvent> {
    return streamMessage(buf, EntropyPacket.codec(), opts)
  }
}

export interface StateDiff {
  version: number
  shardId: string
  cycleId: bigint
  input: number[]
  state: number[]
  driftWeight: number
  leaving: boolean
  nonce: number
}

export namespace StateDiff {
  let _codec: Codec<StateDiff>

  export const codec = (): Codec<StateDiff> => {
    if (_codec == null) {
      _codec = message<StateDiff>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(18)
          w.string(obj.shardId)
        }

        if ((obj.cycleId != null && obj.cycleId !== 0n)) {
          w.uint32(24)
          w.uint64(obj.cycleId)
        }

        if (obj.input != null && obj.input.length > 0) {
          for (const value of obj.input) {
            w.uint32(33)
            w.double(value)
          }
        }

        if (obj.state != null && obj.state.length > 0) {
          for (const value of obj.state) {
            w.uint32(45)
            w.float(value)
          }
        }

        if ((obj.driftWeight != null && obj.driftWeight !== 0)) {
          w.uint32(53)
          w.float(obj.driftWeight)
        }

        if ((obj.leaving != null && obj.leaving !== false)) {
          w.uint32(64)
          w.bool(obj.leaving)
        }

        if ((obj.nonce != null && obj.nonce !== 0)) {
          w.uint32(56)
          w.uint32(obj.nonce)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          shardId: '',
          cycleId: 0n,
          input: [],
          state: [],
          driftWeight: 0,
          leaving: false,
          nonce: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.shardId = reader.string()
              break
            }
            case 3: {
              obj.cycleId = reader.uint64()
              break
            }
            case 4: {
              if (opts.limits?.input != null && obj.input.length === opts.limits.input) {
                throw new MaxLengthError('Decode error - repeated field "input" had too many elements')
              }

              obj.input.push(reader.double())
              break
            }
            case 5: {
              if (opts.limits?.state != null && obj.state.length === opts.limits.state) {
                throw new MaxLengthError('Decode error - repeated field "state" had too many elements')
              }

              obj.state.push(reader.float())
              break
            }
            case 6: {
              obj.driftWeight = reader.float()
              break
            }
            case 8: {
              obj.leaving = reader.bool()
              break
            }
            case 7: {
              obj.nonce = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          input: 0,
          state: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cycleId`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              if (opts.limits?.input != null && obj.input === opts.limits.input) {
                throw new MaxLengthError('Streaming decode error - repeated field "input" had too many elements')
              }

              yield {
                field: `${prefix}.input[]`,
                index: obj.input,
                value: reader.double()
              }

              obj.input++

              break
            }
            case 5: {
              if (opts.limits?.state != null && obj.state === opts.limits.state) {
                throw new MaxLengthError('Streaming decode error - repeated field "state" had too many elements')
              }

              yield {
                field: `${prefix}.state[]`,
                index: obj.state,
                value: reader.float()
              }

              obj.state++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.driftWeight`,
                value: reader.float()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.leaving`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StateDiffVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface StateDiffShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface StateDiffCycleIdFieldEvent {
    field: '$.cycleId'
    value: bigint
  }

  export interface StateDiffInputFieldEvent {
    field: '$.input[]'
    index: number
    value: number
  }

  export interface StateDiffStateFieldEvent {
    field: '$.state[]'
    index: number
    value: number
  }

  export interface StateDiffDriftWeightFieldEvent {
    field: '$.driftWeight'
    value: number
  }

  export interface StateDiffLeavingFieldEvent {
    field: '$.leaving'
    value: boolean
  }

  export interface StateDiffNonceFieldEvent {
    field: '$.nonce'
    value: number
  }

  export function encode (obj: Partial<StateDiff>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StateDiff.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateDiff>): StateDiff {
    return decodeMessage(buf, StateDiff.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateDiff>): Generator<StateDiffVersionFieldEvent | StateDiffShardIdFieldEvent | StateDiffCycleIdFieldEvent | StateDiffInputFieldEvent | StateDiffStateFieldEvent | StateDiffDriftWeightFieldEvent | StateDiffLeavingFieldEvent | StateDiffNonceFieldEvent> {
    return streamMessage(buf, StateDiff.codec(), opts)
  }
}

export interface ShardDigest {
  shardId: string
  digest: Uint8Array<ArrayBuffer>
  count: number
}

export namespace ShardDigest {
  let _codec: Codec<ShardDigest>

  export const codec = (): Codec<ShardDigest> => {
    if (_codec == null) {
      _codec = message<ShardDigest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(10)
          w.string(obj.shardId)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.digest)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(24)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shardId: '',
          digest: uint8ArrayAlloc(0),
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shardId = reader.string()
              break
            }
            case 2: {
              obj.digest = reader.bytes()
              break
            }
            case 3: {
              obj.count = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardDigestShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface ShardDigestDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ShardDigestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<ShardDigest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardDigest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardDigest>): ShardDigest {
    return decodeMessage(buf, ShardDigest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardDigest>): Generator<ShardDigestShardIdFieldEvent | ShardDigestDigestFieldEvent | ShardDigestCountFieldEvent> {
    return streamMessage(buf, ShardDigest.codec(), opts)
  }
}

export interface Beacon {
  version: number
  nodeLoad: number
  cycleInterval: number
  shards: ShardDigest[]
  timestamp: bigint
}

export namespace Beacon {
  let _codec: Codec<Beacon>

  export const codec = (): Codec<Beacon> => {
    if (_codec == null) {
      _codec = message<Beacon>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.nodeLoad != null && obj.nodeLoad !== 0)) {
          w.uint32(21)
          w.float(obj.nodeLoad)
        }

        if ((obj.cycleInterval != null && obj.cycleInterval !== 0)) {
          w.uint32(24)
          w.uint32(obj.cycleInterval)
        }

        if (obj.shards != null && obj.shards.length > 0) {
          for (const value of obj.shards) {
            w.uint32(34)
            ShardDigest.codec().encode(value, w)
          }
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(40)
          w.uint64(obj.timestamp)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          nodeLoad: 0,
          cycleInterval: 0,
          shards: [],
          timestamp: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.nodeLoad = reader.float()
              break
            }
            case 3: {
              obj.cycleInterval = reader.uint32()
              break
            }
            case 4: {
              if (opts.limits?.shards != null && obj.shards.length === opts.limits.shards) {
                throw new MaxLengthError('Decode error - repeated field "shards" had too many elements')
              }

              obj.shards.push(ShardDigest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.shards$
              }))
              break
            }
            case 5: {
              obj.timestamp = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          shards: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.nodeLoad`,
                value: reader.float()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cycleInterval`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              if (opts.limits?.shards != null && obj.shards === opts.limits.shards) {
                throw new MaxLengthError('Streaming decode error - repeated field "shards" had too many elements')
              }

              for (const evt of ShardDigest.codec().stream(reader, reader.uint32(), `${prefix}.shards[]`, {
                limits: opts.limits?.shards$
              })) {
                yield {
                  ...evt,
                  index: obj.shards
                }
              }

              obj.shards++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BeaconVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface BeaconNodeLoadFieldEvent {
    field: '$.nodeLoad'
    value: number
  }

  export interface BeaconCycleIntervalFieldEvent {
    field: '$.cycleInterval'
    value: number
  }

  export interface BeaconShardsShardIdFieldEvent {
    field: '$.shards[].shardId'
    value: string
    index: number
  }

  export interface BeaconShardsDigestFieldEvent {
    field: '$.shards[].digest'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BeaconShardsCountFieldEvent {
    field: '$.shards[].count'
    value: number
    index: number
  }

  export interface BeaconTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export function encode (obj: Partial<Beacon>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Beacon.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Beacon>): Beacon {
    return decodeMessage(buf, Beacon.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Beacon>): Generator<BeaconVersionFieldEvent | BeaconNodeLoadFieldEvent | BeaconCycleIntervalFieldEvent | BeaconShardsShardIdFieldEvent | BeaconShardsDigestFieldEvent | BeaconShardsCountFieldEvent | BeaconTimestampFieldEvent> {
    return streamMessage(buf, Beacon.codec(), opts)
  }
}

export interface SignedEnvelope {
  from: Uint8Array<ArrayBuffer>
  data: Uint8Array<ArrayBuffer>
  seqno: Uint8Array<ArrayBuffer>
  topic: string
  signature: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
}

export namespace SignedEnvelope {
  let _codec: Codec<SignedEnvelope>

  export const codec = (): Codec<SignedEnvelope> => {
    if (_codec == null) {
      _codec = message<SignedEnvelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.from)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if ((obj.seqno != null && obj.seqno.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.seqno)
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(34)
          w.string(obj.topic)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.key)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: uint8ArrayAlloc(0),
          data: uint8ArrayAlloc(0),
          seqno: uint8ArrayAlloc(0),
          topic: '',
          signature: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.bytes()
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            case 3: {
              obj.seqno = reader.bytes()
              break
            }
            case 4: {
              obj.topic = reader.string()
              break
            }
            case 5: {
              obj.signature = reader.bytes()
              break
            }
            case 6: {
              obj.key = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.seqno`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedEnvelopeFromFieldEvent {
    field: '$.from'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedEnvelopeDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedEnvelopeSeqnoFieldEvent {
    field: '$.seqno'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedEnvelopeTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface SignedEnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedEnvelopeKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedEnvelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedEnvelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedEnvelope>): SignedEnvelope {
    return decodeMessage(buf, SignedEnvelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedEnvelope>): Generator<SignedEnvelopeFromFieldEvent | SignedEnvelopeDataFieldEvent | SignedEnvelopeSeqnoFieldEvent | SignedEnvelopeTopicFieldEvent | SignedEnvelopeSignatureFieldEvent | SignedEnvelopeKeyFieldEvent> {
    return streamMessage(buf, SignedEnvelope.codec(), opts)
  }
}

export interface TableEntry {
  proof?: SignedEnvelope
}

export namespace TableEntry {
  let _codec: Codec<TableEntry>

  export const codec = (): Codec<TableEntry> => {
    if (_codec == null) {
      _codec = message<TableEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.proof != null) {
          w.uint32(10)
          SignedEnvelope.codec().encode(obj.proof, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.proof = SignedEnvelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.proof
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SignedEnvelope.codec().stream(reader, reader.uint32(), `${prefix}.proof`, {
                limits: opts.limits?.proof
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TableEntryProofFromFieldEvent {
    field: '$.proof.from'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TableEntryProofDataFieldEvent {
    field: '$.proof.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TableEntryProofSeqnoFieldEvent {
    field: '$.proof.seqno'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TableEntryProofTopicFieldEvent {
    field: '$.proof.topic'
    value: string
  }

  export interface TableEntryProofSignatureFieldEvent {
    field: '$.proof.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TableEntryProofKeyFieldEvent {
    field: '$.proof.key'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TableEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TableEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TableEntry>): TableEntry {
    return decodeMessage(buf, TableEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TableEntry>): Generator<TableEntryProofFromFieldEvent | TableEntryProofDataFieldEvent | TableEntryProofSeqnoFieldEvent | TableEntryProofTopicFieldEvent | TableEntryProofSignatureFieldEvent | TableEntryProofKeyFieldEvent> {
    return streamMessage(buf, TableEntry.codec(), opts)
  }
}

export interface SyncRequest {
  version: number
  shardId: string
  cursor: Uint8Array<ArrayBuffer>
  limit: number
  digest: Uint8Array<ArrayBuffer>
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(18)
          w.string(obj.shardId)
        }

        if ((obj.cursor != null && obj.cursor.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.cursor)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(32)
          w.uint32(obj.limit)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.digest)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          shardId: '',
          cursor: uint8ArrayAlloc(0),
          limit: 0,
          digest: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.shardId = reader.string()
              break
            }
            case 3: {
              obj.cursor = reader.bytes()
              break
            }
            case 4: {
              obj.limit = reader.uint32()
              break
            }
            case 5: {
              obj.digest = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cursor`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface SyncRequestShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface SyncRequestCursorFieldEvent {
    field: '$.cursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface SyncRequestDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestVersionFieldEvent | SyncRequestShardIdFieldEvent | SyncRequestCursorFieldEvent | SyncRequestLimitFieldEvent | SyncRequestDigestFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SyncResponse {
  version: number
  shardId: string
  entries: TableEntry[]
  nextCursor: Uint8Array<ArrayBuffer>
  digest: Uint8Array<ArrayBuffer>
  evidence: Evidence[]
}

export namespace SyncResponse {
  let _codec: Codec<SyncResponse>

  export const codec = (): Codec<SyncResponse> => {
    if (_codec == null) {
      _codec = message<SyncResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(18)
          w.string(obj.shardId)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            TableEntry.codec().encode(value, w)
          }
        }

        if ((obj.nextCursor != null && obj.nextCursor.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.nextCursor)
        }

        if ((obj.digest != null && obj.digest.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.digest)
        }

        if (obj.evidence != null && obj.evidence.length > 0) {
          for (const value of obj.evidence) {
            w.uint32(50)
            Evidence.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          shardId: '',
          entries: [],
          nextCursor: uint8ArrayAlloc(0),
          digest: uint8ArrayAlloc(0),
          evidence: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.shardId = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(TableEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 4: {
              obj.nextCursor = reader.bytes()
              break
            }
            case 5: {
              obj.digest = reader.bytes()
              break
            }
            case 6: {
              if (opts.limits?.evidence != null && obj.evidence.length === opts.limits.evidence) {
                throw new MaxLengthError('Decode error - repeated field "evidence" had too many elements')
              }

              obj.evidence.push(Evidence.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.evidence$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 0,
          evidence: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of TableEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.nextCursor`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.digest`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              if (opts.limits?.evidence != null && obj.evidence === opts.limits.evidence) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidence" had too many elements')
              }

              for (const evt of Evidence.codec().stream(reader, reader.uint32(), `${prefix}.evidence[]`, {
                limits: opts.limits?.evidence$
              })) {
                yield {
                  ...evt,
                  index: obj.evidence
                }
              }

              obj.evidence++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncResponseVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface SyncResponseShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface SyncResponseEntriesProofFromFieldEvent {
    field: '$.entries[].proof.from'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEntriesProofDataFieldEvent {
    field: '$.entries[].proof.data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEntriesProofSeqnoFieldEvent {
    field: '$.entries[].proof.seqno'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEntriesProofTopicFieldEvent {
    field: '$.entries[].proof.topic'
    value: string
    index: number
  }

  export interface SyncResponseEntriesProofSignatureFieldEvent {
    field: '$.entries[].proof.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEntriesProofKeyFieldEvent {
    field: '$.entries[].proof.key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseNextCursorFieldEvent {
    field: '$.nextCursor'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncResponseDigestFieldEvent {
    field: '$.digest'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncResponseEvidenceVersionFieldEvent {
    field: '$.evidence[].version'
    value: number
    index: number
  }

  export interface SyncResponseEvidenceShardIdFieldEvent {
    field: '$.evidence[].shardId'
    value: string
    index: number
  }

  export interface SyncResponseEvidenceMessagesFromFieldEvent {
    field: '$.evidence[].messages[].from'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEvidenceMessagesDataFieldEvent {
    field: '$.evidence[].messages[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEvidenceMessagesSeqnoFieldEvent {
    field: '$.evidence[].messages[].seqno'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEvidenceMessagesTopicFieldEvent {
    field: '$.evidence[].messages[].topic'
    value: string
    index: number
  }

  export interface SyncResponseEvidenceMessagesSignatureFieldEvent {
    field: '$.evidence[].messages[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEvidenceMessagesKeyFieldEvent {
    field: '$.evidence[].messages[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SyncResponseEvidenceKindFieldEvent {
    field: '$.evidence[].kind'
    value: number
    index: number
  }

  export function encode (obj: Partial<SyncResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): SyncResponse {
    return decodeMessage(buf, SyncResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): Generator<SyncResponseVersionFieldEvent | SyncResponseShardIdFieldEvent | SyncResponseEntriesProofFromFieldEvent | SyncResponseEntriesProofDataFieldEvent | SyncResponseEntriesProofSeqnoFieldEvent | SyncResponseEntriesProofTopicFieldEvent | SyncResponseEntriesProofSignatureFieldEvent | SyncResponseEntriesProofKeyFieldEvent | SyncResponseNextCursorFieldEvent | SyncResponseDigestFieldEvent | SyncResponseEvidenceVersionFieldEvent | SyncResponseEvidenceShardIdFieldEvent | SyncResponseEvidenceMessagesFromFieldEvent | SyncResponseEvidenceMessagesDataFieldEvent | SyncResponseEvidenceMessagesSeqnoFieldEvent | SyncResponseEvidenceMessagesTopicFieldEvent | SyncResponseEvidenceMessagesSignatureFieldEvent | SyncResponseEvidenceMessagesKeyFieldEvent | SyncResponseEvidenceKindFieldEvent> {
    return streamMessage(buf, SyncResponse.codec(), opts)
  }
}

export interface Evidence {
  version: number
  shardId: string
  messages: SignedEnvelope[]
  kind: number
}

export namespace Evidence {
  let _codec: Codec<Evidence>

  export const codec = (): Codec<Evidence> => {
    if (_codec == null) {
      _codec = message<Evidence>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(18)
          w.string(obj.shardId)
        }

        if (obj.messages != null && obj.messages.length > 0) {
          for (const value of obj.messages) {
            w.uint32(26)
            SignedEnvelope.codec().encode(value, w)
          }
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(32)
          w.uint32(obj.kind)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          shardId: '',
          messages: [],
          kind: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.shardId = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements')
              }

              obj.messages.push(SignedEnvelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.messages$
              }))
              break
            }
            case 4: {
              obj.kind = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          messages: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.messages != null && obj.messages === opts.limits.messages) {
                throw new MaxLengthError('Streaming decode error - repeated field "messages" had too many elements')
              }

              for (const evt of SignedEnvelope.codec().stream(reader, reader.uint32(), `${prefix}.messages[]`, {
                limits: opts.limits?.messages$
              })) {
                yield {
                  ...evt,
                  index: obj.messages
                }
              }

              obj.messages++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EvidenceVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EvidenceShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface EvidenceMessagesFromFieldEvent {
    field: '$.messages[].from'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface EvidenceMessagesDataFieldEvent {
    field: '$.messages[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface EvidenceMessagesSeqnoFieldEvent {
    field: '$.messages[].seqno'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface EvidenceMessagesTopicFieldEvent {
    field: '$.messages[].topic'
    value: string
    index: number
  }

  export interface EvidenceMessagesSignatureFieldEvent {
    field: '$.messages[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface EvidenceMessagesKeyFieldEvent {
    field: '$.messages[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface EvidenceKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export function encode (obj: Partial<Evidence>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Evidence.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Evidence>): Evidence {
    return decodeMessage(buf, Evidence.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Evidence>): Generator<EvidenceVersionFieldEvent | EvidenceShardIdFieldEvent | EvidenceMessagesFromFieldEvent | EvidenceMessagesDataFieldEvent | EvidenceMessagesSeqnoFieldEvent | EvidenceMessagesTopicFieldEvent | EvidenceMessagesSignatureFieldEvent | EvidenceMessagesKeyFieldEvent | EvidenceKindFieldEvent> {
    return streamMessage(buf, Evidence.codec(), opts)
  }
}

export interface StoredEntry {
  proof?: SignedEnvelope
  lastSeen: bigint
}

export namespace StoredEntry {
  let _codec: Codec<StoredEntry>

  export const codec = (): Codec<StoredEntry> => {
    if (_codec == null) {
      _codec = message<StoredEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.proof != null) {
          w.uint32(10)
          SignedEnvelope.codec().encode(obj.proof, w)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0n)) {
          w.uint32(16)
          w.uint64(obj.lastSeen)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          lastSeen: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.proof = SignedEnvelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.proof
              })
              break
            }
            case 2: {
              obj.lastSeen = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SignedEnvelope.codec().stream(reader, reader.uint32(), `${prefix}.proof`, {
                limits: opts.limits?.proof
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StoredEntryProofFromFieldEvent {
    field: '$.proof.from'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredEntryProofDataFieldEvent {
    field: '$.proof.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredEntryProofSeqnoFieldEvent {
    field: '$.proof.seqno'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredEntryProofTopicFieldEvent {
    field: '$.proof.topic'
    value: string
  }

  export interface StoredEntryProofSignatureFieldEvent {
    field: '$.proof.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredEntryProofKeyFieldEvent {
    field: '$.proof.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredEntryLastSeenFieldEvent {
    field: '$.lastSeen'
    value: bigint
  }

  export function encode (obj: Partial<StoredEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredEntry>): StoredEntry {
    return decodeMessage(buf, StoredEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredEntry>): Generator<StoredEntryProofFromFieldEvent | StoredEntryProofDataFieldEvent | StoredEntryProofSeqnoFieldEvent | StoredEntryProofTopicFieldEvent | StoredEntryProofSignatureFieldEvent | StoredEntryProofKeyFieldEvent | StoredEntryLastSeenFieldEvent> {
    return streamMessage(buf, StoredEntry.codec(), opts)
  }
}

export interface StoredChunk {
  version: number
  shardId: string
  entries: StoredEntry[]
  evidence: Evidence[]
}

export namespace StoredChunk {
  let _codec: Codec<StoredChunk>

  export const codec = (): Codec<StoredChunk> => {
    if (_codec == null) {
      _codec = message<StoredChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.shardId != null && obj.shardId !== '')) {
          w.uint32(18)
          w.string(obj.shardId)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            StoredEntry.codec().encode(value, w)
          }
        }

        if (obj.evidence != null && obj.evidence.length > 0) {
          for (const value of obj.evidence) {
            w.uint32(34)
            Evidence.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          shardId: '',
          entries: [],
          evidence: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.shardId = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(StoredEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 4: {
              if (opts.limits?.evidence != null && obj.evidence.length === opts.limits.evidence) {
                throw new MaxLengthError('Decode error - repeated field "evidence" had too many elements')
              }

              obj.evidence.push(Evidence.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.evidence$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 0,
          evidence: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.shardId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of StoredEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 4: {
              if (opts.limits?.evidence != null && obj.evidence === opts.limits.evidence) {
                throw new MaxLengthError('Streaming decode error - repeated field "evidence" had too many elements')
              }

              for (const evt of Evidence.codec().stream(reader, reader.uint32(), `${prefix}.evidence[]`, {
                limits: opts.limits?.evidence$
              })) {
                yield {
                  ...evt,
                  index: obj.evidence
                }
              }

              obj.evidence++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StoredChunkVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface StoredChunkShardIdFieldEvent {
    field: '$.shardId'
    value: string
  }

  export interface StoredChunkEntriesProofFromFieldEvent {
    field: '$.entries[].proof.from'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEntriesProofDataFieldEvent {
    field: '$.entries[].proof.data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEntriesProofSeqnoFieldEvent {
    field: '$.entries[].proof.seqno'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEntriesProofTopicFieldEvent {
    field: '$.entries[].proof.topic'
    value: string
    index: number
  }

  export interface StoredChunkEntriesProofSignatureFieldEvent {
    field: '$.entries[].proof.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEntriesProofKeyFieldEvent {
    field: '$.entries[].proof.key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEntriesLastSeenFieldEvent {
    field: '$.entries[].lastSeen'
    value: bigint
    index: number
  }

  export interface StoredChunkEvidenceVersionFieldEvent {
    field: '$.evidence[].version'
    value: number
    index: number
  }

  export interface StoredChunkEvidenceShardIdFieldEvent {
    field: '$.evidence[].shardId'
    value: string
    index: number
  }

  export interface StoredChunkEvidenceMessagesFromFieldEvent {
    field: '$.evidence[].messages[].from'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEvidenceMessagesDataFieldEvent {
    field: '$.evidence[].messages[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEvidenceMessagesSeqnoFieldEvent {
    field: '$.evidence[].messages[].seqno'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEvidenceMessagesTopicFieldEvent {
    field: '$.evidence[].messages[].topic'
    value: string
    index: number
  }

  export interface StoredChunkEvidenceMessagesSignatureFieldEvent {
    field: '$.evidence[].messages[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEvidenceMessagesKeyFieldEvent {
    field: '$.evidence[].messages[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface StoredChunkEvidenceKindFieldEvent {
    field: '$.evidence[].kind'
    value: number
    index: number
  }

  export function encode (obj: Partial<StoredChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredChunk>): StoredChunk {
    return decodeMessage(buf, StoredChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredChunk>): Generator<StoredChunkVersionFieldEvent | StoredChunkShardIdFieldEvent | StoredChunkEntriesProofFromFieldEvent | StoredChunkEntriesProofDataFieldEvent | StoredChunkEntriesProofSeqnoFieldEvent | StoredChunkEntriesProofTopicFieldEvent | StoredChunkEntriesProofSignatureFieldEvent | StoredChunkEntriesProofKeyFieldEvent | StoredChunkEntriesLastSeenFieldEvent | StoredChunkEvidenceVersionFieldEvent | StoredChunkEvidenceShardIdFieldEvent | StoredChunkEvidenceMessagesFromFieldEvent | StoredChunkEvidenceMessagesDataFieldEvent | StoredChunkEvidenceMessagesSeqnoFieldEvent | StoredChunkEvidenceMessagesTopicFieldEvent | StoredChunkEvidenceMessagesSignatureFieldEvent | StoredChunkEvidenceMessagesKeyFieldEvent | StoredChunkEvidenceKindFieldEvent> {
    return streamMessage(buf, StoredChunk.codec(), opts)
  }
}
