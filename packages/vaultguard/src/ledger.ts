import {
  DEFAULT_MAD_K,
  GOOD_DECAY,
  IGNORE_THREAT,
  JUMP_THREAT,
  MAX_TRACKED_PEERS,
  QUARANTINE_SCORE,
  REJECT_THREAT,
  THREAT_HALF_LIFE_MS,
  THREAT_SCORE_SCALE
} from './constants.ts'
import { EvidenceKind } from './evidence.ts'
import { contentFault, resolveRules, sameContent } from './shard-rules.ts'
import { statusOf } from './status.ts'
import type { Evidence } from './evidence.ts'
import type { ContentFault, GuardMessage, ResolvedShardRules, ShardRules } from './shard-rules.ts'
import type { GuardStatus } from './status.ts'

export type AdmitReason =
  | ContentFault
  | 'equivocation'
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
  /** proof to publish, when the message itself proves misbehaviour */
  evidence?: Evidence
  /** set when this message moved the peer to a worse status */
  transition?: GuardStatus
}

export interface AdmitContext {
  /** entry key of the message's signer */
  origin: string
  /** the peer that forwarded it (gossipsub's propagation source); default the origin */
  source?: string
  /** ms, the caller's clock */
  now: number
  /** robust scale (MAD) of the table's inputs per component, to judge input jumps */
  scale?: readonly number[]
}

interface OriginRecord {
  last?: GuardMessage
  acceptedAt: number
}

interface PeerRecord {
  threat: number
  at: number
}

const VERDICTS: Record<AdmitReason, Verdict> = {
  malformed: 'reject',
  'wrong-shard': 'reject',
  'non-finite': 'reject',
  dimension: 'reject',
  'out-of-bounds': 'reject',
  'negative-input': 'reject',
  equivocation: 'reject',
  quarantined: 'ignore',
  duplicate: 'ignore',
  stale: 'ignore',
  'rate-limit': 'ignore',
  jump: 'accept',
  ok: 'accept'
}

/**
 * The guard's local, private judgement of one shard's senders (DESIGN.md
 * section 5): admission of each SDM and a threat per peer that grows with
 * offences and decays with good behaviour and time. It decides what this
 * node admits and how it scores peers in gossipsub, never an entry's weight
 * (that is `assess`, from replicated data only). No clock of its own: every
 * call gets `now`. Never throws on a message.
 */
export class PeerLedger {
  private readonly rules: ResolvedShardRules
  private readonly origins = new Map<string, OriginRecord>()
  private readonly peers = new Map<string, PeerRecord>()

  constructor (rules: ShardRules) {
    this.rules = resolveRules(rules)
  }

  admit (message: unknown, context: AdmitContext): AdmitResult {
    const { origin, now } = context
    const source = context.source ?? origin

    if (this.status(source, now) === 'quarantine') {
      return { verdict: 'ignore', reason: 'quarantined' }
    }

    const fault = contentFault(message, this.rules)

    if (fault != null) {
      const evidence = fault === 'out-of-bounds' || fault === 'non-finite' || fault === 'negative-input'
        ? { kind: fault === 'negative-input' ? EvidenceKind.NegativeInput : EvidenceKind.OutOfBounds, messages: [{ origin, message: message as GuardMessage }] }
        : undefined
      // a provable fault is the origin's; a malformed forward is the source's
      return this.offence(evidence != null ? origin : source, now, fault, REJECT_THREAT, evidence)
    }

    const sdm = message as GuardMessage
    const record = this.origins.get(origin)
    const last = record?.last

    if (last != null && sdm.cycleId === last.cycleId) {
      if (sameContent(sdm, last)) {
        return { verdict: 'ignore', reason: 'duplicate' }
      }

      const evidence = { kind: EvidenceKind.Equivocation, messages: [{ origin, message: last }, { origin, message: sdm }] }
      return this.offence(origin, now, 'equivocation', REJECT_THREAT, evidence)
    }

    if (last != null && sdm.cycleId < last.cycleId) {
      return this.offence(source, now, 'stale', IGNORE_THREAT)
    }

    if (record != null && now - record.acceptedAt < this.rules.minInterval) {
      return this.offence(origin, now, 'rate-limit', IGNORE_THREAT)
    }

    this.remember(origin, { last: sdm, acceptedAt: now })

    if (last != null && context.scale != null && this.jumped(last.input, sdm.input, context.scale)) {
      const result = this.offence(origin, now, 'jump', JUMP_THREAT)
      return { ...result, verdict: 'accept' }
    }

    this.forgive(origin, now)
    return { verdict: 'accept', reason: 'ok' }
  }

  /** The peer's threat in [0, 1] at `now` (halving every minute without offences) */
  threat (peer: string, now: number): number {
    const record = this.peers.get(peer)

    if (record == null) {
      return 0
    }

    const elapsed = Math.max(0, now - record.at)
    return record.threat * 0.5 ** (elapsed / THREAT_HALF_LIFE_MS)
  }

  /** 1 - threat */
  trust (peer: string, now: number): number {
    return 1 - this.threat(peer, now)
  }

  status (peer: string, now: number): GuardStatus {
    return statusOf(this.threat(peer, now))
  }

  /**
   * gossipsub's application-specific score of the peer: 0 for none, down to
   * -8.5 with threat, -1000 (below any graylist threshold) in quarantine
   */
  score (peer: string, now: number): number {
    const threat = this.threat(peer, now)
    return statusOf(threat) === 'quarantine' ? QUARANTINE_SCORE : -THREAT_SCORE_SCALE * threat
  }

  /** Peers this ledger keeps records of */
  get size (): number {
    return Math.max(this.peers.size, this.origins.size)
  }

  /** Forgets a peer (its entry expired, or it left) */
  forget (peer: string): void {
    this.peers.delete(peer)
    this.origins.delete(peer)
  }

  private jumped (before: readonly number[], after: readonly number[], scale: readonly number[]): boolean {
    return after.some((value, j) => scale[j] > 0 && Math.abs(value - before[j]) > DEFAULT_MAD_K * scale[j])
  }

  private offence (peer: string, now: number, reason: AdmitReason, amount: number, evidence?: AdmitResult['evidence']): AdmitResult {
    const before = this.status(peer, now)
    const threat = Math.min(1, this.threat(peer, now) + amount)
    this.touch(this.peers, peer, { threat, at: now })
    const after = statusOf(threat)
    const result: AdmitResult = { verdict: VERDICTS[reason], reason }

    if (evidence != null) {
      result.evidence = evidence
    }

    if (after !== before && after !== 'normal') {
      result.transition = after
    }

    return result
  }

  private forgive (peer: string, now: number): void {
    const threat = this.threat(peer, now)

    if (threat > 0) {
      this.touch(this.peers, peer, { threat: threat * (1 - GOOD_DECAY), at: now })
    }
  }

  private remember (origin: string, record: OriginRecord): void {
    this.touch(this.origins, origin, record)
  }

  /** Sets a record, dropping the first one recorded beyond the limit */
  private touch <T> (map: Map<string, T>, key: string, value: T): void {
    map.set(key, value)

    if (map.size > MAX_TRACKED_PEERS) {
      const oldest = map.keys().next().value

      if (oldest != null) {
        map.delete(oldest)
      }
    }
  }
}
