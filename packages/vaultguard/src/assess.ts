import { DEFAULT_MAD_K, MAD_ABSOLUTE_FLOOR, MAD_RELATIVE_FLOOR, MIN_ASSESS_ENTRIES } from './constants.ts'
import { robustScale } from './robust.ts'
import { statusOf } from './status.ts'
import type { RobustScale } from './robust.ts'
import type { GuardStatus } from './status.ts'

/** A table entry as the guard assesses it */
export interface AssessEntry {
  key: string
  input: readonly number[]
}

/** The replicated verdict on one entry */
export interface Assessment {
  /** distance from the robust centre in units of k MADs (the largest over components); > 1 is anomalous */
  energy: number
  /** in [0, 1]: 0 when energy <= 1, 1 - 1 / energy beyond, 1 with evidence */
  threat: number
  /** 1 - threat */
  trust: number
  status: GuardStatus
  /** what the entry's input counts as: clamped to centre +- k MADs when anomalous */
  input: number[]
  /** weight in the target: the trust, 0 when quarantined */
  weight: number
}

export interface AssessOptions {
  /** anomaly threshold in MADs, default 6 */
  k?: number
  /** fewest entries for robust statistics, default 5 */
  minEntries?: number
}

export interface TableAssessment {
  entries: Map<string, Assessment>
  /** the robust centre and scale, when the table was large enough */
  robust?: RobustScale
}

/**
 * The replicated judgement of DESIGN.md section 5: entry weights from the
 * table and the evidence only, so every replica holding the same table and
 * evidence computes the same weights (the agreement rule of section 2).
 *
 * An entry condemned by evidence is quarantined outright. The others are
 * measured against the component-wise median of the entries not condemned:
 * energy = max over components of |u - median| / (k x MAD); an entry with
 * energy above 1 has its input clamped to median +- k x MAD and threat
 * 1 - 1/energy (ALERT from 2.5, QUARANTINE from 6.7). Pure and independent of
 * the table's order.
 */
export function assess (table: readonly AssessEntry[], condemned: ReadonlySet<string> = new Set(), options: AssessOptions = {}): TableAssessment {
  const k = options.k ?? DEFAULT_MAD_K
  const free = table.filter(entry => !condemned.has(entry.key))
  const robust = free.length >= (options.minEntries ?? MIN_ASSESS_ENTRIES)
    ? robustScale(free.map(entry => entry.input), MAD_RELATIVE_FLOOR, MAD_ABSOLUTE_FLOOR)
    : undefined
  const entries = new Map<string, Assessment>()

  for (const entry of table) {
    if (condemned.has(entry.key)) {
      entries.set(entry.key, { energy: Number.POSITIVE_INFINITY, threat: 1, trust: 0, status: 'quarantine', input: [...entry.input], weight: 0 })
      continue
    }

    let energy = 0
    let input = [...entry.input]

    if (robust != null) {
      energy = Math.max(...entry.input.map((value, j) => Math.abs(value - robust.centre[j]) / (k * robust.scale[j])))

      if (energy > 1) {
        input = entry.input.map((value, j) => {
          const reach = k * robust.scale[j]
          return Math.min(robust.centre[j] + reach, Math.max(robust.centre[j] - reach, value))
        })
      }
    }

    const threat = energy > 1 ? 1 - 1 / energy : 0
    const status = statusOf(threat)
    entries.set(entry.key, { energy, threat, trust: 1 - threat, status, input, weight: status === 'quarantine' ? 0 : 1 - threat })
  }

  return { entries, robust }
}
