import { EXTREME_INPUT, FLOOD_PER_CYCLE, REPLAY_DEPTH } from './constants.ts'
import type { Delivery, SimMessage } from './network.ts'
import type { AdversaryKind } from './options.ts'
import type { Random } from './prng.ts'

/**
 * A hostile node. It holds no table and never drifts; each cycle it sends
 * what its kind sends. `extreme`: its own SDM with an input far outside the
 * honest range. `flip`: its own SDM, the input flipping between two extremes
 * each cycle. `replay`: old SDMs of other nodes (never one of its own),
 * trying to roll their entries back. `flood`: many SDMs of its own per cycle
 * with fresh cycle ids and wild inputs.
 */
export class Adversary {
  readonly key: string
  readonly kind: Exclude<AdversaryKind, 'mixed'>
  private readonly dimension: number
  private readonly shardId: string
  private readonly random: Random
  private cycleId = 0
  private readonly heard: SimMessage[][] = []

  constructor (key: string, kind: Exclude<AdversaryKind, 'mixed'>, shardId: string, dimension: number, random: Random) {
    this.key = key
    this.kind = kind
    this.shardId = shardId
    this.dimension = dimension
    this.random = random
  }

  receive (deliveries: Delivery[]): void {
    if (this.kind === 'replay') {
      this.heard.push(deliveries.map(d => d.message))

      if (this.heard.length > REPLAY_DEPTH) {
        this.heard.shift()
      }
    }
  }

  cycle (cycle: number): SimMessage[] {
    switch (this.kind) {
      case 'extreme':
        return [this.own(new Array(this.dimension).fill(EXTREME_INPUT))]
      case 'flip':
        return [this.own(new Array(this.dimension).fill(cycle % 2 === 0 ? EXTREME_INPUT : -EXTREME_INPUT))]
      case 'flood':
        return Array.from({ length: FLOOD_PER_CYCLE }, () => this.own(Array.from({ length: this.dimension }, () => this.random.range(-EXTREME_INPUT, EXTREME_INPUT))))
      case 'replay': {
        // the oldest messages it remembers: as stale as it can make them
        const old = this.heard[0] ?? []
        return Array.from({ length: Math.min(5, old.length) }, () => old[this.random.int(old.length)])
      }
      default:
        return []
    }
  }

  private own (input: number[]): SimMessage {
    this.cycleId++
    return { origin: this.key, shardId: this.shardId, cycleId: this.cycleId, input, state: input, driftWeight: 1 }
  }
}
