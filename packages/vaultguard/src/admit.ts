import { EvidenceKind } from './evidence.ts'
import type { Evidence } from './evidence.ts'
import type { ContentFault, TimeFault, ShardRules } from './shard-rules.ts'
import type { GuardStatus } from './status.ts'
import type { ThreatTuning } from './threat-book.ts'

/** Why admit decided as it did */
export type AdmitReason =
  | ContentFault
  | TimeFault
  | 'equivocation'
  | 'input-rate'
  | 'unproven'
  | 'quarantined'
  | 'duplicate'
  | 'stale'
  | 'rate-limit'
  | 'jump'
  | 'ok'

/** Reject: provably bad (peer score penalty). Ignore: stale, duplicate or too fast. */
export type Verdict = 'accept' | 'reject' | 'ignore'

export interface AdmitResult {
  verdict: Verdict
  reason: AdmitReason
  /** the peer whose threat this message raised, if any */
  blamed?: string
  /** proof to publish, when the message (or it and an earlier one) proves misbehaviour */
  evidence?: Evidence
  /** set when this message moved the blamed peer into ALERT or QUARANTINE */
  transition?: GuardStatus
}

/** Where a message came from, and what else admit may use */
export interface AdmitExtra {
  /** the peer that forwarded it (gossipsub's propagation source); default the origin */
  source?: string
  /** robust scale (MAD) of the table's inputs per component, to judge input jumps; default the one set by `useScale` */
  scale?: readonly number[]
}

export interface AdmitContext extends AdmitExtra {
  /** entry key of the message's signer */
  origin: string
  /** ms, the caller's clock */
  now: number
}

/** A ledger's rules and tuning */
export interface PeerLedgerInit extends ShardRules, ThreatTuning {
  /** an input jump beyond this many MADs raises threat, default 6 */
  jumpK?: number
}

export const VERDICTS: Record<AdmitReason, Verdict> = {
  malformed: 'reject',
  'wrong-shard': 'reject',
  'non-finite': 'reject',
  dimension: 'reject',
  'out-of-bounds': 'reject',
  'negative-input': 'reject',
  'negative-state': 'reject',
  equivocation: 'reject',
  'input-rate': 'reject',
  unproven: 'reject',
  future: 'ignore',
  expired: 'ignore',
  quarantined: 'ignore',
  duplicate: 'ignore',
  stale: 'ignore',
  'rate-limit': 'ignore',
  jump: 'accept',
  ok: 'accept'
}

export const EVIDENCE: Partial<Record<ContentFault, EvidenceKind>> = {
  'non-finite': EvidenceKind.OutOfBounds,
  'out-of-bounds': EvidenceKind.OutOfBounds,
  'negative-input': EvidenceKind.NegativeInput,
  'negative-state': EvidenceKind.Drain
}
