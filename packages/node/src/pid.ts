/** Coefficients and bounds of the publish-interval controller */
export interface PidInit {
  /** bytes per minute the node aims to stay under */
  budget: number
  /** the interval's floor and ceiling, ms */
  min: number
  max: number
  /** gains on the error ln(measured / budget) */
  kp?: number
  ki?: number
  kd?: number
  /** most the interval may change in one step, as a factor (default 2: at most doubled or halved) */
  maxStep?: number
}

/**
 * A PID controller on measured bytes per minute that sets the least time
 * between two SDMs (docs/cycle.md). It works in the logarithm of the
 * interval, so its steps are relative: over budget it stretches the
 * interval, under budget it lets it shrink back to `min`. Anti-windup: the
 * integral is clamped and holds while a bound or the step limit clips the
 * output. Pure: the caller passes each measurement.
 */
export class PublishController {
  private readonly init: Required<PidInit>
  private integral = 0
  private previous: number | undefined
  private log: number

  constructor (init: PidInit) {
    this.init = { kp: 0.4, ki: 0.3, kd: 0.05, maxStep: 2, ...init }

    if (!(this.init.budget > 0) || !(this.init.min > 0) || !(this.init.max >= this.init.min) || !(this.init.maxStep > 1)) {
      throw new RangeError('the controller needs budget > 0, 0 < min <= max and maxStep > 1')
    }

    this.log = Math.log(this.init.min)
  }

  /** The current least interval between two SDMs, ms */
  get interval (): number {
    return Math.max(this.init.min, Math.min(this.init.max, Math.exp(this.log)))
  }

  /** One step with the bytes per minute measured since the last one; returns the new interval */
  update (bytesPerMinute: number): number {
    const { budget, kp, ki, kd, maxStep } = this.init
    // the error in logarithms, like the output: traffic goes as 1 / interval, so the loop is linear
    const error = Math.max(-3, Math.min(3, Math.log(Math.max(bytesPerMinute, 1) / budget)))
    const low = Math.log(this.init.min)
    const high = Math.log(this.init.max)
    const derivative = this.previous == null ? 0 : error - this.previous
    this.previous = error

    // enough integral to hold any interval between the bounds, no more
    const reach = (high - low) / ki
    const integral = Math.max(-reach, Math.min(reach, this.integral + error))
    const wanted = low + kp * error + ki * integral + kd * derivative
    const step = Math.log(maxStep)
    const bounded = Math.max(low, Math.min(high, Math.max(this.log - step, Math.min(this.log + step, wanted))))

    // anti-windup (conditional integration): while a bound or the step limit clips the output in the
    // direction the error pushes, the integral holds
    const clipped = Math.abs(bounded - wanted) > 1e-12 && Math.sign(wanted - bounded) === Math.sign(error)

    if (!clipped) {
      this.integral = integral
    }

    this.log = bounded

    return this.interval
  }
}
