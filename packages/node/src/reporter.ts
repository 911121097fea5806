import { peerIdFromString } from '@libp2p/peer-id'
import { AUDIT_REJECT_INTERVAL_MS, MAX_AUDITED_REJECTS } from './constants.ts'
import type { EvidenceEvent, LvsEvents } from './types.ts'
import type { Logger, PeerId } from '@libp2p/interface'
import type { Evidence } from '@lvs/codec'
import type { Admission } from '@lvs/engine'
import type { AuditLog, AuditVerdict } from '@lvs/vaultguard'

/** What the guard and the node did since start, for the metrics */
export interface GuardCounts {
  alerts: number
  quarantines: number
  anomalies: number
  /** keys condemned by evidence, found here or received */
  evidence: number
  /** messages the guard rejected (provably bad) */
  rejected: number
  /** synced entries refused */
  refusedEntries: number
  /** failures inside the node that it went on from */
  errors: number
}

export interface ReporterInit {
  log: Logger
  emit<K extends keyof LvsEvents>(type: K, detail: LvsEvents[K]['detail']): void
  /** closes every connection to a quarantined peer */
  disconnect(peer: PeerId): Promise<void>
  /** publishes evidence this node found on the shard's evidence topic */
  publishEvidence(shard: string, evidence: Evidence): Promise<void>
}

/**
 * Turns what the guard decided into what the world sees (docs/guard.md):
 * events, log lines, the audit log (alerts, quarantines, evidence,
 * recoveries, and each peer's rejects at most once a minute per reason),
 * counters for the metrics, evidence published, quarantined peers
 * disconnected. Never throws into its caller.
 */
export class Reporter {
  readonly counts: GuardCounts = { alerts: 0, quarantines: 0, anomalies: 0, evidence: 0, rejected: 0, refusedEntries: 0, errors: 0 }
  private readonly init: ReporterInit
  private audit?: AuditLog
  /** appends run one after another, in the order of the guard's actions */
  private queue: Promise<unknown> = Promise.resolve()
  /** when a (peer, reason) reject was last written */
  private readonly audited = new Map<string, number>()

  constructor (init: ReporterInit) {
    this.init = init
  }

  useAudit (audit: AuditLog | undefined): void {
    this.audit = audit
    this.audited.clear()
  }

  /**
   * A verdict of the guard about something `peer` sent, in `shard`;
   * evidence in it was found here (`local`, published) or came from a peer
   */
  admission (shard: string, peer: string, admission: Admission, now: number, from: EvidenceEvent['from'] = 'local'): void {
    const blamed = admission.blamed ?? peer
    const reason = admission.reason ?? ''

    if (admission.verdict === 'reject') {
      this.counts.rejected++
      this.auditReject(shard, blamed, reason, now)
    }

    if (admission.reason === 'jump') {
      this.counts.anomalies++
      this.init.emit('anomaly', { shard, peer: blamed, reason })
    }

    if (admission.condemned != null && admission.published != null) {
      this.condemned(shard, admission.condemned, admission.published, from, now)
    }

    if (admission.transition === 'alert' || admission.transition === 'quarantine') {
      this.transition(shard, blamed, admission.transition, reason, now)
    }
  }

  /** A synced entry refused; its verdict is reported like any other */
  refusedEntry (shard: string, peer: string, admission: Admission, now: number): void {
    this.counts.refusedEntries++
    this.admission(shard, peer, admission, now)
  }

  /** Evidence condemned a key here: held, logged, audited, and (when this node found it) published */
  private condemned (shard: string, offender: string, evidence: Evidence, from: EvidenceEvent['from'], now: number): void {
    this.counts.evidence++
    this.init.log('evidence of kind %d condemns %s in %s (%s)', evidence.kind, offender, shard, from)
    this.record('evidence', offender, String(evidence.kind), now, { shard, from })
    this.init.emit('evidence', { shard, offender, kind: evidence.kind, from })

    if (from === 'local') {
      this.init.publishEvidence(shard, evidence).catch(err => { this.error('evidence', err) })
    }
  }

  recovery (shard: string, now: number): void {
    this.record('recovery', shard, 'state far outside the swarm\'s range: snapped to the target', now)
  }

  /** A failure the node went on from: logged, counted, emitted as `error` */
  error (where: string, err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err))
    this.counts.errors++
    this.init.log.error('%s failed - %e', where, error)
    this.init.emit('error', { where, error })
  }

  /** The guard's audit log: its Merkle root, length and `verify()` verdict */
  async auditLog (): Promise<{ root: string, length: number, verdict: AuditVerdict }> {
    await this.queue
    const audit = this.audit

    if (audit == null) {
      throw new Error('the lvs service has not started')
    }

    return { root: audit.root(), length: audit.length, verdict: await audit.verify() }
  }

  /** Waits for the audit appends under way */
  async flush (): Promise<void> {
    await this.queue
  }

  private transition (shard: string, peer: string, to: 'alert' | 'quarantine', reason: string, now: number): void {
    this.counts[to === 'alert' ? 'alerts' : 'quarantines']++
    this.init.log('%s %s in %s: %s', to, peer, shard, reason)
    this.record(to, peer, reason, now, { shard })
    this.init.emit(to, { shard, peer, reason })

    if (to === 'quarantine') {
      let id: PeerId

      try {
        id = peerIdFromString(peer)
      } catch {
        return
      }

      this.init.disconnect(id).catch(err => { this.init.log('closing %s failed - %e', peer, err) })
    }
  }

  /** A flood writes one line a minute per peer and reason */
  private auditReject (shard: string, peer: string, reason: string, now: number): void {
    const key = `${peer} ${reason}`

    if (now - (this.audited.get(key) ?? -Infinity) < AUDIT_REJECT_INTERVAL_MS) {
      return
    }

    this.audited.delete(key)
    this.audited.set(key, now)

    if (this.audited.size > MAX_AUDITED_REJECTS) {
      this.audited.delete(this.audited.keys().next().value as string)
    }

    this.record('reject', peer, reason, now, { shard })
  }

  /** Appends a guard action to the audit log, in order, never throwing into the caller */
  private record (type: string, subject: string, reason: string, at: number, data?: Record<string, string>): void {
    const audit = this.audit

    if (audit == null) {
      return
    }

    const action = { type, subject, reason, at, ...(data == null ? {} : { data }) }
    this.queue = this.queue
      .then(async () => audit.append(action))
      .catch(err => { this.error('audit', err) })
  }
}
