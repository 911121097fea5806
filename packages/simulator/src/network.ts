import type { Random } from './prng.ts'

/** An SDM as the simulator carries it (the codec is not in the loop) */
export interface SimMessage {
  /** the node that wrote it (gossipsub's `from`, bound by the signature) */
  origin: string
  shardId: string
  cycleId: number
  input: number[]
  state: number[]
  driftWeight: number
}

/** One delivery: the message and the peer that forwarded it */
export interface Delivery {
  message: SimMessage
  /** the propagation source: the origin, or whoever replays its message */
  source: string
}

/**
 * A broadcast medium with loss: what is sent during a cycle arrives at the
 * start of the next, each delivery lost with probability `loss`; with a
 * fanout, a receiver hears only that many random senders per cycle
 */
export class SimNetwork {
  private readonly random: Random
  private readonly loss: number
  private readonly fanout: number
  private outbox: Array<{ source: string, messages: SimMessage[] }> = []
  public delivered = 0
  public lost = 0

  constructor (random: Random, loss: number, fanout: number) {
    this.random = random
    this.loss = loss
    this.fanout = fanout
  }

  send (source: string, messages: SimMessage[]): void {
    if (messages.length > 0) {
      this.outbox.push({ source, messages })
    }
  }

  /**
   * Hands out everything sent during the last cycle: `receive(key, batch)`
   * for each listening node, in a random order of senders
   */
  deliver (receivers: readonly string[], receive: (key: string, deliveries: Delivery[]) => void): void {
    const outbox = this.outbox
    this.outbox = []

    for (const receiver of receivers) {
      const senders = this.choose(outbox, receiver)
      const deliveries: Delivery[] = []

      for (const { source, messages } of senders) {
        for (const message of messages) {
          if (this.loss > 0 && this.random.next() < this.loss) {
            this.lost++
            continue
          }

          deliveries.push({ message, source })
        }
      }

      this.delivered += deliveries.length
      receive(receiver, deliveries)
    }
  }

  private choose <T extends { source: string }> (outbox: T[], receiver: string): T[] {
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
