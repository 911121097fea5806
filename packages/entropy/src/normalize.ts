import { normalize } from '@lvs/drift'

/**
 * The entropy direction of the drift step (docs/cycle.md): the vector
 * centred on its own mean and scaled to unit length; zeros when it has no
 * spread (all components equal, or k = 1), never NaN. The drift core's `normalize`,
 * which its `mixEntropy` uses too.
 */
export function normalizeEntropy (e: readonly number[]): number[] {
  return normalize(e)
}
