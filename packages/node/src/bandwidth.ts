import { CONTROL_INTERVAL_MS } from './constants.ts'
import { PublishController } from './pid.ts'

export interface BandwidthInit {
  /** bytes per minute aimed at */
  budget: number
  /** ms after start before it acts */
  warmup: number
  /** the publish interval's bounds, ms */
  min: number
  max: number
}

/**
 * The bandwidth controller's sampling (docs/budget.md): every step it
 * measures bytes per minute over the last minute and, past the warm-up,
 * returns the least time between SDMs the PID controller sets. Pure: the
 * caller passes the time and the byte count in.
 */
export class Bandwidth {
  private readonly init: BandwidthInit
  private readonly controller: PublishController
  /** total bytes at each step of the last minute (two samples at least) */
  private readonly samples: Array<{ at: number, bytes: number }> = []
  private readonly startedAt: number

  constructor (init: BandwidthInit, now: number) {
    this.init = init
    this.controller = new PublishController({ budget: init.budget, min: init.min, max: Math.max(init.min, init.max) })
    this.startedAt = now
  }

  /** One step at `now` with `bytes` sent and received so far; the new publish interval, or undefined while warming up */
  step (now: number, bytes: number): number | undefined {
    this.samples.push({ at: now, bytes })

    while (this.samples.length > 2 && now - this.samples[1].at >= 60_000) {
      this.samples.shift()
    }

    const first = this.samples[0]

    if (now - first.at < CONTROL_INTERVAL_MS || now - this.startedAt < this.init.warmup) {
      return undefined
    }

    return this.controller.update((bytes - first.bytes) * 60_000 / (now - first.at))
  }

  get size (): number {
    return this.samples.length
  }
}
