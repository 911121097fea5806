import { DEFAULT_MAD_K, MAD_ABSOLUTE_FLOOR, MAD_RELATIVE_FLOOR, MIN_ASSESS_ENTRIES, SMALL_SAMPLE_WIDENING } from './constants.ts'
import { DuplicateKeyError } from './errors.ts'
import { robustScale } from './robust.ts'
import { statusOf } from './status.ts'
import type { RobustScale } from './robust.ts'
import type { GuardStatus } from './status.ts'

/** A table entry as the guard assesses it */
export interface AssessEntry {
  key: string
  input: readonly number[]
}

/** Why an entry does not count in full */
export type AssessCause = 'evidence' | 'malformed' | 'anomaly'

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
  /** set when the entry does not count in full */
  cause?: AssessCause
}

export interface AssessOptions {
  /** anomaly threshold in MADs, default 6 */
  k?: number
  /** the threshold is k x (1 + smallSampleWidening / n) MADs for n entries judged, default 10 (0: plain k) */
  smallSampleWidening?: number
  /** fewest entries (not condemned) for robust statistics, default 5 */
  minEntries?: number
  /** floor of the MAD relative to |centre|, default 0.05 */
  relativeFloor?: number
  /** absolute floor of the MAD, default 1e-6 */
  absoluteFloor?: number
  /** k; default the most common input length in the table */
  dimension?: number
}

/**
 * Keys that valid evidence condemns: a set or list of keys, or a map from
 * key to its evidence (a key counts unless its value is null, false or an
 * empty list). Check evidence with `checkEvidence` (or `condemned`) first.
 */
export type EvidenceByKey = Iterable<string> | ReadonlyMap<string, unknown>

/** The robust statistics of a table's inputs */
export interface TableStatistics extends RobustScale {
  /** the threshold in MADs used: k widened for the number of entries judged */
  k: number
}

export interface TableAssessment {
  /** per entry key, in key order */
  entries: Map<string, Assessment>
  /** the robust centre, scale and threshold, when the table was large enough */
  robust?: TableStatistics
}

function condemnedKeys (evidence: EvidenceByKey): Set<string> {
  const keys = new Set<string>()

  if (typeof (evidence as ReadonlyMap<string, unknown>).get === 'function' && typeof (evidence as ReadonlyMap<string, unknown>).entries === 'function') {
    for (const [key, value] of (evidence as ReadonlyMap<string, unknown>).entries()) {
      if (value != null && value !== false && !(Array.isArray(value) && value.length === 0)) {
        keys.add(key)
      }
    }

    return keys
  }

  for (const key of evidence as Iterable<string>) {
    keys.add(key)
  }

  return keys
}

/** The most common input length (the smaller on a tie), so a malformed entry cannot set k */
function commonLength (table: readonly AssessEntry[]): number {
  const counts = new Map<number, number>()
  table.forEach(entry => counts.set(entry.input.length, (counts.get(entry.input.length) ?? 0) + 1))

  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0
}

/** Key order by UTF-16 code unit, the same on every replica whatever its locale */
function byKey (a: AssessEntry, b: AssessEntry): number {
  if (a.key === b.key) {
    return 0
  }

  return a.key < b.key ? -1 : 1
}

/**
 * The replicated judgement of the guard (docs/guard.md): entry weights
 * from the table and the evidence only, so every replica holding the same
 * table and evidence computes the same weights (the agreement rule,
 * docs/state.md).
 *
 * An entry condemned by evidence, or whose input is not k finite numbers,
 * is quarantined outright. With at least `minEntries` others (n), they are
 * measured against their component-wise median: energy = max over
 * components of |u - median| / (K x MAD), each MAD floored (see
 * `robustScale`) and K = k x (1 + smallSampleWidening / n). An entry with
 * energy above 1 has its input clamped to median +- K x MAD and threat
 * 1 - 1/energy: ALERT from energy 2.5, QUARANTINE from 6.67. Pure and independent of the table's order; throws
 * DuplicateKeyError if two entries share a key.
 */
export function assess (table: readonly AssessEntry[], evidence: EvidenceByKey = [], options: AssessOptions = {}): TableAssessment {
  const sorted = [...table].sort(byKey)
  const condemned = condemnedKeys(evidence)
  const dimension = options.dimension ?? commonLength(sorted)
  const malformed = (entry: AssessEntry): boolean => entry.input.length !== dimension || !entry.input.every(Number.isFinite)

  const excluded = (entry: AssessEntry): AssessCause | undefined => {
    if (condemned.has(entry.key)) {
      return 'evidence'
    }

    return malformed(entry) ? 'malformed' : undefined
  }

  sorted.forEach((entry, i) => {
    if (i > 0 && sorted[i - 1].key === entry.key) {
      throw new DuplicateKeyError(`two table entries share the key ${entry.key}`)
    }
  })

  const free = sorted.filter(entry => !condemned.has(entry.key) && !malformed(entry))
  const robust = free.length >= (options.minEntries ?? MIN_ASSESS_ENTRIES)
    ? {
        ...robustScale(free.map(entry => entry.input), options.relativeFloor ?? MAD_RELATIVE_FLOOR, options.absoluteFloor ?? MAD_ABSOLUTE_FLOOR),
        k: (options.k ?? DEFAULT_MAD_K) * (1 + (options.smallSampleWidening ?? SMALL_SAMPLE_WIDENING) / free.length)
      }
    : undefined
  const entries = new Map<string, Assessment>()

  for (const entry of sorted) {
    const cause = excluded(entry)

    if (cause != null) {
      entries.set(entry.key, { energy: Number.POSITIVE_INFINITY, threat: 1, trust: 0, status: 'quarantine', input: [...entry.input], weight: 0, cause })
      continue
    }

    let energy = 0
    let input = [...entry.input]

    if (robust != null) {
      energy = Math.max(0, ...entry.input.map((value, j) => Math.abs(value - robust.centre[j]) / (robust.k * robust.scale[j])))

      if (energy > 1) {
        input = entry.input.map((value, j) => {
          const reach = robust.k * robust.scale[j]
          return Math.min(robust.centre[j] + reach, Math.max(robust.centre[j] - reach, value))
        })
      }
    }

    const threat = energy > 1 ? 1 - 1 / energy : 0
    const status = statusOf(threat)
    const assessment: Assessment = { energy, threat, trust: 1 - threat, status, input, weight: status === 'quarantine' ? 0 : 1 - threat }

    if (energy > 1) {
      assessment.cause = 'anomaly'
    }

    entries.set(entry.key, assessment)
  }

  return { entries, robust }
}
