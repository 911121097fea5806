import { distance, spread } from '@lvs/drift'
import type { SoakCheck } from './soak-checks.ts'
import type { NodeCheck } from './soak-node-check.ts'

/** Target and state within this share of the inputs' spread of the exact mean count as exact */
const RELATIVE_EXACT = 1e-6

/** Every honest node that took part: its input, and when it left (if it did), ms */
export interface HonestNodes {
  inputs: ReadonlyMap<string, number[]>
  departed: ReadonlyMap<string, number>
}

/**
 * What the honest swarm must agree on at `now`. Every node counts the same
 * honest entries: departed nodes stay as dormant entries until their
 * retention ends, so every honest node still running and every one that
 * left less than `retention` ms ago (all of them with no retention given:
 * the default 24 hours outlasts any soak) must be counted; one that left
 * earlier may already be dropped. The target is the exact mean of the
 * inputs counted
 */
export function judgeEquilibrium (checks: readonly NodeCheck[], honest: HonestNodes, now: number, retention: number): { ok: boolean, detail: string } {
  const required = [...honest.inputs.keys()].filter(key => {
    const left = honest.departed.get(key)
    return left == null || retention <= 0 || now - left < retention
  })
  const counted = checks.map(check => check.held.filter(([key, status]) => honest.inputs.has(key) && status !== 'quarantined').map(([key]) => key).sort())
  const first = counted[0] ?? []
  const inputs = first.map(key => honest.inputs.get(key) ?? [])
  const mean = [0, 1].map(j => inputs.reduce((sum, input) => sum + input[j], 0) / Math.max(1, inputs.length))
  const scale = Math.max(spread(inputs), Number.MIN_VALUE)
  const worst = (pick: (check: NodeCheck) => number[]): number => Math.max(...checks.map(check => distance(pick(check), mean))) / scale

  const agree = counted.every(keys => keys.length === first.length && keys.every((key, i) => key === first[i]))
  const missing = counted.map(keys => new Set(keys)).map(keys => required.filter(key => !keys.has(key)).length)
  const targetError = worst(check => check.target)
  const stateError = worst(check => check.state)
  const ok = checks.length > 0 && agree && missing.every(n => n === 0) && checks.every(check => check.count === first.length) && targetError <= RELATIVE_EXACT && stateError <= RELATIVE_EXACT

  return {
    ok,
    detail: `target error ${targetError.toExponential(1)}, state error ${stateError.toExponential(1)} (relative) against the exact mean of the ${first.length} honest entries counted${agree ? ' by every node alike' : ', which the nodes do not agree on'}; ` +
      `counts ${checks.map(check => check.count).join('/')}; of ${required.length} honest entries that must be counted (${honest.inputs.size} took part), missing ${missing.join('/')}`
  }
}

/** The check as the soak reports it */
export function equilibriumCheck (checks: readonly NodeCheck[], honest: HonestNodes, now: number, retention: number): SoakCheck {
  return { name: 'the honest equilibrium holds', ...judgeEquilibrium(checks, honest, now, retention) }
}
