import { EVIDENCE, VERDICTS } from './admit.ts'
import { DEFAULT_MAD_K, MAX_TRACKED_PEERS, REORDER_GRACE_MS } from './constants.ts'
import { EvidenceKind } from './evidence.ts'
import { contentFault, rateFault, resolveRules, sameContent, timeFault } from './shard-rules.ts'
import { ThreatBook } from './threat-book.ts'
import type { AdmitContext, AdmitExtra, AdmitReason, AdmitResult, PeerLedgerInit } from './admit.ts'
import type { Evidence } from './evidence.ts'
import type { GuardMessage, ResolvedShardRules } from './shard-rules.ts'
import type { GuardStatus } from './status.ts'

interface OriginRecord {
  last: GuardMessage
  acceptedAt: number
}

/** A copy of the fields the guard reads, so a caller mutating its message cannot change the record */
function copy (m: GuardMessage): GuardMessage {
  const out: GuardMessage = { shardId: m.shardId, cycleId: m.cycleId, input: [...m.input], state: [...m.state] }

  if (m.driftWeight != null) {
    out.driftWeight = m.driftWeight
  }

  return out
}

/**
 * The guard's local, private judgement of one shard's senders
 * (docs/guard.md): admission of each SDM and a threat per peer that grows with
 * offences and decays with good behaviour and time. It decides what this
 * node admits and how it scores peers in gossipsub, never an entry's weight
 * (that is `assess`, from replicated data only). No clock of its own: every
 * call gets `now`. `admit` never throws.
 */
export class PeerLedger {
  readonly rules: ResolvedShardRules
  private readonly book: ThreatBook
  private readonly jumpK: number
  private readonly maxPeers: number
  private readonly origins = new Map<string, OriginRecord>()
  private scale: readonly number[] | undefined
  /** the latest finite `now` seen, the time of calls without one */
  private clock = 0

  /** Throws InvalidShardRulesError for rules that cannot work */
  constructor (init: PeerLedgerInit) {
    this.rules = resolveRules(init)
    this.book = new ThreatBook(init)
    this.jumpK = init.jumpK ?? DEFAULT_MAD_K
    this.maxPeers = init.maxPeers ?? MAX_TRACKED_PEERS
  }

  /**
   * Admits an SDM signed by `origin` or not, in the order of docs/guard.md:
   * malformed or another shard, finite numbers, dimension, bounds,
   * nonNegative, quarantined sender, cycle id too far ahead of `now` or
   * older than the shard's maxAge, equivocation, duplicate, cycle id newer
   * than the last accepted, rate limit, input changed faster than the
   * shard's maxInputRate; then an input jump beyond k MADs is accepted but
   * raises threat.
   */
  admit (message: unknown, context: AdmitContext): AdmitResult
  admit (message: unknown, origin: string, now: number, extra?: AdmitExtra): AdmitResult
  admit (message: unknown, origin: string | AdmitContext, now?: number, extra: AdmitExtra = {}): AdmitResult {
    try {
      const context: Partial<AdmitContext> = typeof origin === 'object' && origin != null ? origin : { ...extra, origin, now }
      const sender = String(context.origin)
      return this.judge(message, sender, context.source == null ? sender : String(context.source), this.time(context.now), context.scale ?? this.scale)
    } catch {
      // a hostile object (a throwing getter, a proxy): nothing to learn from it
      return { verdict: 'reject', reason: 'malformed' }
    }
  }

  /**
   * Admits a table entry that a peer served (a sync): the origin's signed
   * SDM, whose signature the caller checked. Only the rules that judge one
   * message apply (shape, numbers, dimension, bounds, nonNegative, time):
   * the entry is not a message of the origin's flow, so rate limit and
   * order are the table's business (newer cycle id wins). A fault a signed
   * message proves is the origin's, with evidence; a malformed entry is the
   * source's. Never throws.
   */
  admitEntry (message: unknown, context: AdmitContext): AdmitResult {
    try {
      const origin = String(context.origin)
      const source = context.source == null ? origin : String(context.source)
      const now = this.time(context.now)
      return this.single(message, origin, source, now) ?? { verdict: 'accept', reason: 'ok' }
    } catch {
      return { verdict: 'reject', reason: 'malformed' }
    }
  }

  /**
   * Charges `source` for something it sent that proves nothing, as for a
   * malformed message: an entry or evidence whose signature does not check
   * (`unproven`), or bytes that do not decode (`malformed`)
   */
  refuse (source: string, now: number, reason: 'unproven' | 'malformed' = 'unproven'): AdmitResult {
    return this.offence(String(source), this.time(now), reason, this.book.tuning.rejectThreat)
  }

  /** Quarantines a peer that valid evidence condemns; its quarantine time starts now */
  condemn (peer: string, now: number): AdmitResult {
    return this.offence(peer, this.time(now), 'quarantined', 1)
  }

  /** Peers in QUARANTINE at `now` (default: the latest time given) */
  quarantined (now = this.clock): string[] {
    return this.book.quarantined(this.at(now))
  }

  /** Sets the table's robust scale (per-component MAD, from `assess`) that input jumps are measured in */
  useScale (scale: readonly number[] | undefined): void {
    this.scale = scale == null ? undefined : [...scale]
  }

  /** The peer's threat in [0, 1] at `now` (default: the latest time this ledger was given) */
  threat (peer: string, now = this.clock): number {
    return this.book.threat(peer, this.at(now))
  }

  /** 1 - threat */
  trust (peer: string, now = this.clock): number {
    return 1 - this.threat(peer, now)
  }

  status (peer: string, now = this.clock): GuardStatus {
    return this.book.status(peer, this.at(now))
  }

  /**
   * gossipsub's application-specific score of the peer: 0 below the alert
   * threshold, -6 to -8.5 in alert, -1000 (below any graylist threshold) in
   * quarantine.
   * For `scoreParams.appSpecificScore: peer => ledger.score(peer.toString())`.
   */
  score (peer: string, now = this.clock): number {
    return this.book.score(peer, this.at(now))
  }

  /** Peers this ledger keeps records of */
  get size (): number {
    return Math.max(this.book.size, this.origins.size)
  }

  /** Forgets a peer (its entry expired, or it left) */
  forget (peer: string): void {
    this.book.forget(peer)
    this.origins.delete(peer)
  }

  /** A time to read threat at: `now` if it is a finite number, else the latest time given */
  private at (now: number): number {
    return Number.isFinite(now) ? now : this.clock
  }

  /** The time of an admit call: `now` if it is a finite number (and then the latest time), else the latest time */
  private time (now: unknown): number {
    if (typeof now === 'number' && Number.isFinite(now)) {
      this.clock = now
      return now
    }

    return this.clock
  }

  /** The rules that judge one message on its own: content, then time; undefined when it passes */
  private single (message: unknown, origin: string, source: string, now: number): AdmitResult | undefined {
    const fault = contentFault(message, this.rules)

    if (fault != null) {
      const kind = EVIDENCE[fault]

      // a fault a signed message proves is the origin's; a malformed forward is the source's
      return kind != null
        ? this.offence(origin, now, fault, this.book.tuning.rejectThreat, { kind, messages: [{ origin, message: copy(message as GuardMessage) }] })
        : this.offence(source, now, fault, this.book.tuning.rejectThreat)
    }

    const late = timeFault((message as GuardMessage).cycleId, now, this.rules)

    if (late === 'future') {
      // only its signer can have written a cycle id so far ahead; clocks differ, so it proves nothing to others
      return this.offence(origin, now, late, this.book.tuning.ignoreThreat)
    }

    // an old message: a replay, or a replica serving an entry about to expire
    return late === 'expired' ? { verdict: 'ignore', reason: late } : undefined
  }

  private judge (message: unknown, origin: string, source: string, now: number, scale: readonly number[] | undefined): AdmitResult {
    const single = this.single(message, origin, source, now)

    if (single != null && single.reason !== 'future' && single.reason !== 'expired') {
      return single
    }

    if (this.book.status(origin, now) === 'quarantine' || this.book.status(source, now) === 'quarantine') {
      return { verdict: 'ignore', reason: 'quarantined' }
    }

    if (single != null) {
      return single
    }

    const sdm = message as GuardMessage
    const record = this.origins.get(origin)

    if (record != null && sdm.cycleId === record.last.cycleId) {
      if (sameContent(sdm, record.last)) {
        return { verdict: 'ignore', reason: 'duplicate' }
      }

      const evidence = { kind: EvidenceKind.Equivocation, messages: [{ origin, message: record.last }, { origin, message: copy(sdm) }] }
      return this.offence(origin, now, 'equivocation', this.book.tuning.rejectThreat, evidence)
    }

    if (record != null && sdm.cycleId < record.last.cycleId) {
      // overtaken on its way, or (later) a replay, the forwarder's doing: signed, so not the origin's
      return now - record.acceptedAt < REORDER_GRACE_MS ? { verdict: 'ignore', reason: 'stale' } : this.offence(source, now, 'stale', this.book.tuning.ignoreThreat)
    }

    if (record != null && now - record.acceptedAt < this.rules.minInterval) {
      return this.offence(origin, now, 'rate-limit', this.book.tuning.ignoreThreat)
    }

    if (record != null && rateFault(record.last, sdm, this.rules)) {
      const evidence = { kind: EvidenceKind.Jump, messages: [{ origin, message: record.last }, { origin, message: copy(sdm) }] }
      return this.offence(origin, now, 'input-rate', this.book.tuning.rejectThreat, evidence)
    }

    this.remember(origin, { last: copy(sdm), acceptedAt: now })

    if (record != null && scale != null && this.jumped(record.last.input, sdm.input, scale)) {
      return { ...this.offence(origin, now, 'jump', this.book.tuning.jumpThreat), verdict: 'accept' }
    }

    this.book.forgive(origin, now)
    return { verdict: 'accept', reason: 'ok' }
  }

  private jumped (before: readonly number[], after: readonly number[], scale: readonly number[]): boolean {
    return after.some((value, j) => scale[j] > 0 && Math.abs(value - before[j]) > this.jumpK * scale[j])
  }

  private offence (peer: string, now: number, reason: AdmitReason, amount: number, evidence?: Evidence): AdmitResult {
    const { transition } = this.book.raise(peer, now, amount)
    const result: AdmitResult = { verdict: VERDICTS[reason], reason, blamed: peer }

    if (evidence != null) {
      result.evidence = evidence
    }

    if (transition != null) {
      result.transition = transition
    }

    return result
  }

  /** Records the last accepted message, dropping the first recorded sender beyond the limit */
  private remember (origin: string, record: OriginRecord): void {
    this.origins.set(origin, record)

    if (this.origins.size > this.maxPeers) {
      const first = this.origins.keys().next().value

      if (first != null) {
        this.origins.delete(first)
      }
    }
  }
}
