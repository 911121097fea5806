import { MAX_DIMENSION, MAX_ENTROPY_PACKET_BYTES, PROTOCOL_VERSION } from './constants.ts'
import { EntropyPacket as pb } from './messages.ts'
import { FLOAT32_BELOW_ONE, checkRange, checkVector, checkVersion, decodeLimited, toSafeInteger, toUint64 } from './validate.ts'

/** An entropy packet (EP), published on `/lvs/1/entropy` */
export interface EntropyPacket {
  /** k values in [0, 1) */
  entropyVector: number[]
  /** load of the sending node, 0..1 */
  nodeLoad: number
  /** when it was made, ms since the epoch */
  timestamp: number
}

function check (ep: EntropyPacket): void {
  checkVector(ep.entropyVector, 'entropy packet vector')
  ep.entropyVector.forEach((value, i) => { checkRange(value, 0, FLOAT32_BELOW_ONE, `entropy packet vector[${i}]`) })
  checkRange(ep.nodeLoad, 0, 1, 'entropy packet load')
}

/**
 * Encodes an EP. Components are stored as float32; one that float32 would
 * round up to 1 is stored as the largest float32 below 1, so the packet stays
 * inside [0, 1).
 */
export function encodeEntropyPacket (ep: EntropyPacket): Uint8Array {
  const entropyVector = ep.entropyVector?.map(value => Math.fround(value) >= 1 && value < 1 ? FLOAT32_BELOW_ONE : value)
  const packet = { ...ep, entropyVector }
  check(packet)

  return pb.encode({
    version: PROTOCOL_VERSION,
    entropyVector,
    nodeLoad: ep.nodeLoad,
    timestamp: toUint64(ep.timestamp, 1, 'entropy packet timestamp')
  })
}

/**
 * Decodes an EP, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeEntropyPacket (bytes: Uint8Array): EntropyPacket {
  const message = decodeLimited(pb, bytes, MAX_ENTROPY_PACKET_BYTES, 'entropy packet', {}, {
    entropyVector: MAX_DIMENSION
  }, { 2: 5 })

  checkVersion(message.version, 'entropy packet')
  const ep: EntropyPacket = {
    entropyVector: message.entropyVector,
    nodeLoad: message.nodeLoad,
    timestamp: toSafeInteger(message.timestamp, 1, 'entropy packet timestamp')
  }
  check(ep)

  return ep
}
