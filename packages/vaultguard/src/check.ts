import { DEFAULT_MAX_DRAIN_SHARE } from './constants.ts'

export interface CheckOptions {
  /** longest step allowed (Euclidean length), default unbounded */
  maxStep?: number
  /**
   * longest step allowed as a share of the distance to `target`, default
   * unbounded; 1 means never step further than the target is (no
   * overshoot). Needs `target`.
   */
  maxStepShare?: number
  /** the target the step heads for, for `maxStepShare` */
  target?: readonly number[]
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

/** The longest step the options allow (Infinity for no bound) */
function longest (state: readonly number[], options: CheckOptions): number {
  let bound = options.maxStep ?? Number.POSITIVE_INFINITY

  if (options.maxStepShare != null && options.target?.length === state.length) {
    const target = options.target
    bound = Math.min(bound, options.maxStepShare * Math.hypot(...state.map((value, j) => target[j] - value)))
  }

  return Math.max(0, bound)
}

/**
 * The guard's check of a node's own step D at state x (docs/guard.md),
 * in this order: refuses a non-finite step (or one of the wrong length)
 * and a drain (a step that would remove more than `maxDrainShare` of a
 * positive component's total), clamps |D| to `maxStep` and to
 * `maxStepShare` x |target - x| keeping its direction, and never lets a
 * `nonNegative` component of x + D go below 0. Pure.
 */
export function check (drift: readonly number[], state: readonly number[], options: CheckOptions = {}): CheckResult {
  const reasons: CheckReason[] = []
  const refuse = (reason: CheckReason): CheckResult => ({ drift: state.map(() => 0), clamped: false, refused: true, reasons: [reason] })

  if (drift.length !== state.length || !drift.every(Number.isFinite)) {
    return refuse('non-finite')
  }

  const share = options.maxDrainShare ?? DEFAULT_MAX_DRAIN_SHARE

  if (options.total?.some((total, j) => total > 0 && -drift[j] > share * total) === true) {
    return refuse('drain')
  }

  let out = [...drift]
  const length = Math.hypot(...out)
  const bound = longest(state, options)

  if (length > bound) {
    const factor = bound / length
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
