import { RECOVERY_FACTOR, RECOVERY_RELATIVE_MARGIN } from './constants.ts'

export interface RecoveryOptions {
  /** how many spreads from the target count as far outside, default 4 */
  factor?: number
  /** distance always allowed on top, default a millionth of max(1, |target|) */
  margin?: number
}

/**
 * The spread of a set of k-vectors: the diagonal of their bounding box (0
 * for none or one). Non-finite components are skipped.
 */
export function spreadOf (vectors: ReadonlyArray<readonly number[]>): number {
  const k = vectors[0]?.length ?? 0
  let sum = 0

  for (let j = 0; j < k; j++) {
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY

    for (const vector of vectors) {
      const value = vector[j]

      if (Number.isFinite(value)) {
        min = Math.min(min, value)
        max = Math.max(max, value)
      }
    }

    sum += max > min ? (max - min) ** 2 : 0
  }

  return Math.sqrt(sum)
}

/**
 * Recovery mode (docs/guard.md): true when the node's state is far
 * outside the swarm's range, further from the target than `factor` times
 * the spread of the table's inputs plus `margin`, as after a partition
 * heals or a bad restart. `spread` is that spread, or the inputs (or
 * states) to take it from (see `spreadOf`). The caller then snaps to the
 * target, resyncs the table and reports it. Pure; a non-finite state
 * always needs recovery.
 */
export function needsRecovery (state: readonly number[], target: readonly number[], spread: number | ReadonlyArray<readonly number[]>, options: RecoveryOptions = {}): boolean {
  const distance = Math.hypot(...state.map((value, j) => value - target[j]))

  if (!Number.isFinite(distance)) {
    return target.every(Number.isFinite)
  }

  const width = typeof spread === 'number' ? spread : spreadOf(spread)
  const margin = options.margin ?? RECOVERY_RELATIVE_MARGIN * Math.max(1, Math.hypot(...target))

  return distance > (options.factor ?? RECOVERY_FACTOR) * width + margin
}
