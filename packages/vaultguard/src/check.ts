import { DEFAULT_MAX_DRAIN_SHARE, RECOVERY_FACTOR } from './constants.ts'

export interface CheckOptions {
  /** longest step allowed (Euclidean), default unbounded */
  maxStep?: number
  /** keep every component of x + D at or above 0 */
  nonNegative?: boolean
  /** the shard's total per component, to spot a drain */
  total?: readonly number[]
  /** share of a component's total one step may remove, default 0.5 */
  maxDrainShare?: number
}

export type CheckReason = 'max-step' | 'non-negative' | 'drain' | 'non-finite'

export interface CheckResult {
  /** the drift to apply */
  drift: number[]
  /** the step was shortened */
  clamped: boolean
  /** the step was refused: drift is all zeros */
  refused: boolean
  reasons: CheckReason[]
}

/**
 * The guard's check of a node's own step (DESIGN.md section 5): refuses a
 * drain (a step that would remove more than `maxDrainShare` of a positive
 * component's total) and a non-finite step, clamps the step to `maxStep`,
 * and never lets a `nonNegative` component go below 0. Pure.
 */
export function check (drift: readonly number[], state: readonly number[], options: CheckOptions = {}): CheckResult {
  const reasons: CheckReason[] = []
  const refuse = (reason: CheckReason): CheckResult => ({ drift: drift.map(() => 0), clamped: false, refused: true, reasons: [...reasons, reason] })

  if (!drift.every(Number.isFinite) || drift.length !== state.length) {
    return refuse('non-finite')
  }

  const share = options.maxDrainShare ?? DEFAULT_MAX_DRAIN_SHARE

  if (options.total?.some((total, j) => total > 0 && -drift[j] > share * total) === true) {
    return refuse('drain')
  }

  let out = [...drift]
  const length = Math.hypot(...out)

  if (options.maxStep != null && length > options.maxStep) {
    const factor = options.maxStep / length
    out = out.map(value => value * factor)
    reasons.push('max-step')
  }

  if (options.nonNegative === true) {
    out = out.map((value, j) => {
      const floor = -Math.max(0, state[j])

      if (value < floor) {
        if (!reasons.includes('non-negative')) {
          reasons.push('non-negative')
        }

        return floor
      }

      return value
    })
  }

  return { drift: out, clamped: reasons.length > 0, refused: false, reasons }
}

/**
 * Recovery mode (DESIGN.md section 5): true when the node's state is far
 * outside the swarm's range, more than `factor` (default 4) times the spread
 * of the inputs from the target, as after a partition heals or a bad
 * restart. The caller then snaps to the target, resyncs and reports it.
 * With a spread of 0 (one input, or all equal), any distance beyond a
 * millionth of the target's size counts.
 */
export function needsRecovery (state: readonly number[], target: readonly number[], inputSpread: number, factor = RECOVERY_FACTOR): boolean {
  const distance = Math.hypot(...state.map((value, j) => value - target[j]))
  const floor = 1e-6 * Math.max(1, Math.hypot(...target))

  return distance > Math.max(factor * inputSpread, floor)
}
