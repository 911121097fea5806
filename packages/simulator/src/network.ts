import type { Random } from './prng.ts'
import type { Evidence } from '@lvs/codec'
import type { SignedSdm } from '@lvs/engine'

/** What travels by gossip in the simulation: an SDM with its signature, or evidence */
export type SimPacket =
  | { kind: 'sdm', message: SignedSdm }
  | { kind: 'evidence', evidence: Evidence }

/** One delivery: the packet and the peer that forwarded it */
export interface Delivery {
  packet: SimPacket
  /** the propagation source: the origin, or whoever replays its message */
  source: string
}

interface Batch {
  source: string
  packets: SimPacket[]
  /** only these receivers, when set (an equivocator shows each half its own SDM) */
  to?: ReadonlySet<string>
}

/**
 * A broadcast medium with loss: what is sent during a tick arrives at the
 * start of the next, each delivery lost with probability `loss`; with a
 * fanout, a receiver hears only that many random senders per tick
 */
export class SimNetwork {
  private readonly random: Random
  private readonly loss: number
  private readonly fanout: number
  private outbox: Batch[] = []
  public delivered = 0
  public lost = 0

  constructor (random: Random, loss: number, fanout: number) {
    this.random = random
    this.loss = loss
    this.fanout = fanout
  }

  send (source: string, packets: SimPacket[], to?: ReadonlySet<string>): void {
    if (packets.length > 0) {
      this.outbox.push(to == null ? { source, packets } : { source, packets, to })
    }
  }

  /** Whether one delivery gets through */
  arrives (): boolean {
    if (this.loss > 0 && this.random.next() < this.loss) {
      this.lost++
      return false
    }

    return true
  }

  /**
   * Hands out everything sent during the last tick: `receive(key, batch)`
   * for each listening node, in a random order of senders
   */
  deliver (receivers: readonly string[], receive: (key: string, deliveries: Delivery[]) => void): void {
    const outbox = this.outbox
    this.outbox = []

    for (const receiver of receivers) {
      const deliveries: Delivery[] = []

      for (const { source, packets } of this.choose(outbox.filter(batch => batch.to == null || batch.to.has(receiver)), receiver)) {
        for (const packet of packets) {
          if (this.arrives()) {
            deliveries.push({ packet, source })
          }
        }
      }

      this.delivered += deliveries.length

      if (deliveries.length > 0) {
        receive(receiver, deliveries)
      }
    }
  }

  private choose (outbox: Batch[], receiver: string): Batch[] {
    const others = outbox.filter(batch => batch.source !== receiver)

    if (this.fanout === 0 || others.length <= this.fanout) {
      return others
    }

    // partial Fisher-Yates: fanout random senders
    for (let i = 0; i < this.fanout; i++) {
      const j = i + this.random.int(others.length - i)
      const swap = others[i]
      others[i] = others[j]
      others[j] = swap
    }

    return others.slice(0, this.fanout)
  }
}
