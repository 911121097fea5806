import { ENTROPY_TOPIC, decodeEntropyPacket, encodeEntropyPacket } from '@lvs/codec'
import { createEntropyPacket, generateEntropy } from '@lvs/entropy'
import { MAX_ENTROPY_SOURCES } from './constants.ts'
import type { Message } from '@libp2p/gossipsub'

/**
 * Entropy packets (docs/messages.md): the latest vector of each of the last
 * few senders, mixed into every cycle with fresh local entropy; and this
 * node's own packets
 */
export class EntropyPool {
  private readonly vectors = new Map<string, number[]>()

  /** A signed entropy packet (the validator checked it decodes) */
  receive (message: Extract<Message, { type: 'signed' }>): void {
    const from = message.from.toString()
    this.vectors.delete(from)
    this.vectors.set(from, decodeEntropyPacket(message.data).entropyVector)

    if (this.vectors.size > MAX_ENTROPY_SOURCES) {
      this.vectors.delete(this.vectors.keys().next().value as string)
    }
  }

  /** Fresh local entropy and the peers' latest vectors, k components each */
  mix (k: number): number[][] {
    const peers = [...this.vectors.values()].filter(vector => vector.length >= k).map(vector => vector.slice(0, k))
    return [generateEntropy(k), ...peers]
  }

  /** This node's packet for k components, encoded */
  packet (k: number, load: number): { topic: string, bytes: Uint8Array } {
    return { topic: ENTROPY_TOPIC, bytes: encodeEntropyPacket(createEntropyPacket(k, { load })) }
  }

  get size (): number {
    return this.vectors.size
  }
}
