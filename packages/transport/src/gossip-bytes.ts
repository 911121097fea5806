// Where a gossipsub stream's bytes go: each RPC frame (a varint length and
// a protobuf RPC) split into its parts by walking the protobuf's fields,
// without decoding the messages themselves.

/** What a gossipsub RPC's bytes carry */
export type GossipPart = 'subscriptions' | 'ihave' | 'iwant' | 'graft' | 'prune' | 'idontwant' | 'framing' | `data ${string}`

/** Bytes per part, summed */
export type GossipBytes = Record<string, number>

interface Field { number: number, start: number, end: number }

function varint (bytes: Uint8Array, at: number): { value: number, next: number } | undefined {
  let value = 0
  let scale = 1

  for (let i = at; i < bytes.length && i < at + 10; i++) {
    value += (bytes[i] & 0x7f) * scale
    scale *= 128

    if (bytes[i] < 0x80) {
      return { value, next: i + 1 }
    }
  }

  return undefined
}

/** The fields of one protobuf message, each with where its whole encoding (key, length, content) and its content start */
function fields (bytes: Uint8Array, from: number, to: number): Array<Field & { content: number }> | undefined {
  const found: Array<Field & { content: number }> = []
  let at = from

  while (at < to) {
    const key = varint(bytes, at)

    if (key == null) {
      return undefined
    }

    const wire = key.value % 8
    let content = key.next
    let end: number

    if (wire === 0) {
      const value = varint(bytes, key.next)
      if (value == null) { return undefined }
      end = value.next
    } else if (wire === 2) {
      const length = varint(bytes, key.next)
      if (length == null) { return undefined }
      content = length.next
      end = length.next + length.value
    } else if (wire === 1) {
      end = key.next + 8
    } else if (wire === 5) {
      end = key.next + 4
    } else {
      return undefined
    }

    if (end > to) {
      return undefined
    }

    found.push({ number: Math.floor(key.value / 8), start: at, end, content })
    at = end
  }

  return found
}

/** gossipsub's own largest RPC is 4 MB: a larger length means the parser lost the frame boundaries */
const MAX_FRAME = 4 * 1024 * 1024

const CONTROL_PARTS: Record<number, GossipPart> = { 1: 'ihave', 2: 'iwant', 3: 'graft', 4: 'prune', 5: 'idontwant' }
const TEXT = new TextDecoder()

/** Adds the parts of one RPC (`bytes[from..to]`) to `into`; undecodable bytes count as framing */
export function countRpc (bytes: Uint8Array, from: number, to: number, into: GossipBytes, topicKind: (topic: string) => string): void {
  const add = (part: string, n: number): void => { into[part] = (into[part] ?? 0) + n }
  const top = fields(bytes, from, to)

  if (top == null) {
    add('framing', to - from)
    return
  }

  for (const field of top) {
    if (field.number === 1) {
      add('subscriptions', field.end - field.start)
    } else if (field.number === 2) {
      // a message: its topic is field 4
      const topic = fields(bytes, field.content, field.end)?.find(f => f.number === 4)
      add(`data ${topic == null ? 'unknown' : topicKind(TEXT.decode(bytes.subarray(topic.content, topic.end)))}`, field.end - field.start)
    } else if (field.number === 3) {
      const control = fields(bytes, field.content, field.end) ?? []
      let inner = 0

      for (const part of control) {
        add(CONTROL_PARTS[part.number] ?? 'framing', part.end - part.start)
        inner += part.end - part.start
      }

      add('framing', field.end - field.start - inner)
    } else {
      add('framing', field.end - field.start)
    }
  }
}

/**
 * Splits one direction of a gossipsub stream into RPC frames as its chunks
 * come (a frame may span chunks) and counts each frame's parts
 */
export class GossipFrames {
  private pending = new Uint8Array(0)
  private readonly into: GossipBytes
  private readonly topicKind: (topic: string) => string

  constructor (into: GossipBytes, topicKind: (topic: string) => string) {
    this.into = into
    this.topicKind = topicKind
  }

  push (chunk: Uint8Array): void {
    const bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk)
    let at = 0

    while (at < bytes.length) {
      const length = varint(bytes, at)

      if (length != null && length.value > MAX_FRAME) {
        // not a frame boundary (a stream this parser lost track of): the rest is framing
        this.into.framing = (this.into.framing ?? 0) + bytes.length - at
        at = bytes.length
        break
      }

      if (length == null || length.next + length.value > bytes.length) {
        break
      }

      this.into.framing = (this.into.framing ?? 0) + length.next - at
      countRpc(bytes, length.next, length.next + length.value, this.into, this.topicKind)
      at = length.next + length.value
    }

    // a partial frame waits for the rest (a copy: the chunk's buffer is not ours to keep)
    this.pending = bytes.slice(at)
  }
}

function concat (a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length)
  joined.set(a)
  joined.set(b, a.length)
  return joined
}
