import { generateEntropy } from './generate.ts'
import { calculateLoad } from './shared-load.ts'
import type { EntropyPacket } from '@lvs/codec'

export interface EntropyPacketOptions {
  /** ms since the epoch; default `Date.now()` */
  now?: number
  /** the node's load in [0, 1]; default {@link calculateLoad} */
  load?: number
}

/**
 * A fresh entropy packet (EP) of dimension k, ready for `encodeEntropyPacket`
 */
export function createEntropyPacket (k: number, options: EntropyPacketOptions = {}): EntropyPacket {
  return {
    entropyVector: generateEntropy(k),
    nodeLoad: options.load ?? calculateLoad(),
    timestamp: options.now ?? Date.now()
  }
}
