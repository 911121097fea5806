import { MalformedMessageError } from './errors.ts'

/** Repeated numeric fields of a message: field number, and the wire type of one value (1: a 64-bit double, 5: a 32-bit float) */
export type PackedFields = Readonly<Record<number, 1 | 5>>

function readVarint (bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0
  let scale = 1

  while (true) {
    const byte = bytes[pos++]
    value += (byte & 0x7f) * scale
    scale *= 128

    if ((byte & 0x80) === 0) {
      return [value, pos]
    }
  }
}

function writeVarint (out: number[], value: number): void {
  while (value > 0x7f) {
    out.push((value % 128) | 0x80)
    value = Math.floor(value / 128)
  }

  out.push(value)
}

/**
 * The same message with every packed run of `fields` written as unpacked
 * values. protons reads repeated numbers only unpacked (one tagged value
 * each), while proto3 writers emit the packed form (one length-delimited
 * run) by default and the protobuf spec requires parsers to accept both.
 * Other bytes pass through unchanged; bytes without a packed run come back
 * as they are. Call it after `checkWireFormat`: every field is complete.
 *
 * @throws {MalformedMessageError} for a packed run that is not a whole number of values
 */
export function unpack (bytes: Uint8Array, fields: PackedFields, what: string): Uint8Array {
  const out: number[] = []
  let pos = 0
  let changed = false

  while (pos < bytes.byteLength) {
    const start = pos
    let tag: number
    [tag, pos] = readVarint(bytes, pos)
    const field = Math.floor(tag / 8)
    const wireType = tag % 8
    const valueType = fields[field]

    if (wireType === 2) {
      let length: number
      [length, pos] = readVarint(bytes, pos)

      if (valueType != null) {
        const width = valueType === 1 ? 8 : 4

        if (length % width !== 0) {
          throw new MalformedMessageError(`${what} has a packed field ${field} of ${length} bytes, not a whole number of ${width}-byte values`)
        }

        for (let at = pos; at < pos + length; at += width) {
          writeVarint(out, field * 8 + valueType)
          out.push(...bytes.subarray(at, at + width))
        }

        changed = true
      } else {
        out.push(...bytes.subarray(start, pos + length))
      }

      pos += length
    } else {
      pos = wireType === 0 ? readVarint(bytes, pos)[1] : pos + (wireType === 1 ? 8 : 4)
      out.push(...bytes.subarray(start, pos))
    }
  }

  return changed ? Uint8Array.from(out) : bytes
}
