import { MalformedMessageError } from './errors.ts'

/**
 * Which fields of a message hold nested messages, and their own layout.
 * Fields not named here are scanned as opaque values.
 */
export interface WireLayout {
  readonly [field: number]: WireLayout
}

const MAX_VARINT_BYTES = 10

function readVarint (bytes: Uint8Array, pos: number, end: number, what: string): [value: number, next: number] {
  let value = 0
  let scale = 1

  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (pos >= end) {
      throw new MalformedMessageError(`${what} is truncated inside a number`)
    }

    const byte = bytes[pos++]
    value += (byte & 0x7f) * scale
    scale *= 128

    if ((byte & 0x80) === 0) {
      return [value, pos]
    }
  }

  throw new MalformedMessageError(`${what} holds a number longer than ${MAX_VARINT_BYTES} bytes`)
}

function scan (bytes: Uint8Array, pos: number, end: number, layout: WireLayout, what: string): void {
  while (pos < end) {
    let tag: number
    [tag, pos] = readVarint(bytes, pos, end, what)
    const field = Math.floor(tag / 8)
    const wireType = tag % 8

    if (field === 0) {
      throw new MalformedMessageError(`${what} has a field numbered 0`)
    }

    switch (wireType) {
      case 0:
        [, pos] = readVarint(bytes, pos, end, what)
        break
      case 1:
        pos += 8
        break
      case 5:
        pos += 4
        break
      case 2: {
        let length: number
        [length, pos] = readVarint(bytes, pos, end, what)

        if (pos + length > end) {
          throw new MalformedMessageError(`${what} is truncated inside field ${field}`)
        }

        const nested = layout[field]

        if (nested != null) {
          scan(bytes, pos, pos + length, nested, what)
        }

        pos += length
        break
      }
      default:
        throw new MalformedMessageError(`${what} has field ${field} of wire type ${wireType}, which LVS never writes`)
    }

    if (pos > end) {
      throw new MalformedMessageError(`${what} is truncated inside field ${field}`)
    }
  }
}

/**
 * Walks the protobuf wire format of a message and its nested messages,
 * checking that every field is complete. protons reads a number cut short
 * at the end of its input as if the missing bytes were zero, so without this
 * a truncated message could decode to different values without an error.
 */
export function checkWireFormat (bytes: Uint8Array, layout: WireLayout, what: string): void {
  scan(bytes, 0, bytes.byteLength, layout, what)
}

/** SignedEnvelope: bytes and a string, no nested message */
const ENVELOPE_LAYOUT: WireLayout = {}

/** Beacon: field 4 holds ShardDigest messages */
export const BEACON_LAYOUT: WireLayout = { 4: {} }

/** Evidence: field 3 holds signed envelopes */
export const EVIDENCE_LAYOUT: WireLayout = { 3: ENVELOPE_LAYOUT }

/** SyncResponse: field 3 holds TableEntry messages (field 1, the proof), field 6 evidence */
export const SYNC_RESPONSE_LAYOUT: WireLayout = { 3: { 1: ENVELOPE_LAYOUT }, 6: EVIDENCE_LAYOUT }

/** StoredChunk: field 3 holds StoredEntry messages (field 1, the proof), field 4 evidence */
export const STORED_CHUNK_LAYOUT: WireLayout = { 3: { 1: ENVELOPE_LAYOUT }, 4: EVIDENCE_LAYOUT }
