import { fromSigned } from '@lvs/shards'
import { EvidenceKind, checkEvidence, rateFault } from '@lvs/vaultguard'
import { codecEvidence, guardEvidence, singleKind } from './evidence.ts'
import type { Admission, SignedSdm, SyncAdmission } from './types.ts'
import type { Evidence } from '@lvs/codec'
import type { Entry, ShardStore } from '@lvs/shards'
import type { AdmitReason, AdmitResult, PeerLedger, ResolvedShardRules, SignedBy } from '@lvs/vaultguard'

export interface JudgeInit {
  name: string
  store: ShardStore
  ledger: PeerLedger
  rules: ResolvedShardRules
  /** the table's inputs or the evidence changed: the equilibrium must be recomputed */
  onChange(): void
}

/** A table entry of shard `shardId` as the signed SDM it holds */
function signedOf (entry: Entry, shardId: string): SignedSdm {
  return { origin: entry.key, sdm: { shardId, cycleId: entry.cycleId, input: entry.input, state: entry.state, driftWeight: entry.driftWeight }, proof: entry.proof }
}

/**
 * Admission into one shard's table (docs/guard.md): the guard's rules on
 * every path an entry travels (gossip, sync, the node's own), the merge,
 * and evidence from what the signed messages prove. Evidence this replica
 * makes or receives is applied here (the offender's key is condemned, its
 * peer quarantined) and handed back for the caller to publish.
 */
export class Judge {
  private readonly name: string
  private readonly store: ShardStore
  private readonly ledger: PeerLedger
  private readonly rules: ResolvedShardRules
  private readonly onChange: () => void

  constructor (init: JudgeInit) {
    this.name = init.name
    this.store = init.store
    this.ledger = init.ledger
    this.rules = init.rules
    this.onChange = init.onChange
  }

  /** A gossiped SDM: the ledger's flow rules (order, rate, jumps), then the table */
  gossip (message: SignedSdm, source: string, now: number): Admission {
    const result = this.ledger.admit(message.sdm, { origin: message.origin, source, now })

    if (result.verdict !== 'accept') {
      return this.proven(result, message, now)
    }

    const merge = this.merge(message, now, 'gossip')
    // an accepted jump stays a jump (the node reports it as an anomaly) unless the merge found worse
    return merge.reason === 'ok' ? { ...result, ...merge, reason: result.reason } : { ...result, ...merge }
  }

  /** Served entries: each on its own merits (the rules of one message), then the table */
  synced (entries: readonly SignedSdm[], source: string, now: number): SyncAdmission {
    const outcome: SyncAdmission = { merged: 0, refused: 0, verdicts: [] }

    for (const message of entries) {
      const result = this.ledger.admitEntry(message.sdm, { origin: message.origin, source, now })

      if (result.verdict !== 'accept') {
        outcome.refused++
        outcome.verdicts.push(this.proven(result, message, now))
        continue
      }

      const merge = this.merge(message, now, 'sync')

      if (merge.verdict === 'reject') {
        // equivocation, or an input that changed faster than the shard allows: refused, its signer condemned
        outcome.refused++
        outcome.verdicts.push(merge)
      } else if (merge.merged === true) {
        outcome.merged++
      }
    }

    return outcome
  }

  /** Evidence from a peer: valid under this shard's rules, or a charge against its source */
  evidence (evidence: Evidence, signed: readonly SignedBy[], source: string, now: number): Admission {
    const verdict = checkEvidence(guardEvidence(evidence.kind, signed), this.rules)

    if (evidence.shardId !== this.name || !verdict.valid || verdict.offender == null) {
      return this.ledger.refuse(source, now, 'unproven')
    }

    return this.condemn(verdict.offender, evidence, verdict.reason as AdmitReason, now)
  }

  /** The node's own SDM, as published */
  own (message: SignedSdm, now: number): void {
    this.store.mergeEntry(this.name, this.entryOf(message, now, now))
  }

  /**
   * Merges an admitted SDM; a conflict or a jump beyond the input rate
   * against the entry held is evidence. Heard from its origin's gossip, the
   * entry was last heard of now, but never later than the SDM's own time
   * plus the clock skew allowed (a replay of an old SDM cannot make it look
   * fresh); served by a sync, at the SDM's own time: a replica that serves
   * it says nothing of when its origin last spoke, and a node that left
   * must not look alive again wherever a sync brings its entry back, nor
   * a joiner keep it longer than the rest
   */
  private merge (message: SignedSdm, now: number, from: 'gossip' | 'sync'): Admission {
    const lastSeen = Math.min(now, message.sdm.cycleId + (from === 'gossip' ? this.rules.maxClockSkew : 0))
    const result = this.store.mergeEntry(this.name, this.entryOf(message, lastSeen, now))

    if (result.kind === 'conflict') {
      const proof = codecEvidence(this.name, EvidenceKind.Equivocation, [signedOf(result.current, this.name), message])
      return { ...this.condemn(message.origin, proof, 'equivocation', now), verdict: 'reject', reason: 'equivocation' }
    }

    if (result.kind !== 'added' && result.kind !== 'updated') {
      return { verdict: 'accept', reason: 'ok', merged: false }
    }

    if (result.inputChanged) {
      this.onChange()
    }

    if (result.kind === 'updated' && rateFault(signedOf(result.previous, this.name).sdm, message.sdm, this.rules)) {
      const proof = codecEvidence(this.name, EvidenceKind.Jump, [signedOf(result.previous, this.name), message])
      return { ...this.condemn(message.origin, proof, 'input-rate', now), verdict: 'reject', reason: 'input-rate', merged: true }
    }

    return { verdict: 'accept', reason: 'ok', merged: true }
  }

  /**
   * A refusal by the ledger; when the message proves its signer broke a
   * rule, evidence of it: one message, or the entry held and this one
   */
  private proven (result: AdmitResult, message: SignedSdm, now: number): Admission {
    const { evidence, ...rest } = result

    if (evidence == null) {
      return rest
    }

    if (singleKind(evidence.kind)) {
      return { ...rest, ...this.condemn(message.origin, codecEvidence(this.name, evidence.kind, [message]), result.reason, now), verdict: result.verdict, reason: result.reason }
    }

    // equivocation or a jump against the ledger's last message: the table holds its proof when it holds that SDM
    const held = this.store.get(this.name)?.entries.get(message.origin)
    const earlier = evidence.messages[0]?.message

    if (held == null || earlier == null || held.cycleId !== earlier.cycleId) {
      return rest
    }

    const proof = codecEvidence(this.name, evidence.kind, [signedOf(held, this.name), message])
    return { ...rest, ...this.condemn(message.origin, proof, result.reason, now), verdict: result.verdict, reason: result.reason }
  }

  /** Holds evidence against `offender` and quarantines it; nothing new when it is already condemned */
  private condemn (offender: string, evidence: Evidence, reason: AdmitReason, now: number): Admission {
    if (!this.store.condemn(this.name, { offender, evidence, at: now })) {
      return { verdict: 'ignore', reason: 'duplicate' }
    }

    this.onChange()
    const { transition } = this.ledger.condemn(offender, now)

    return { verdict: 'accept', reason, blamed: offender, condemned: offender, published: evidence, ...(transition == null ? {} : { transition }) }
  }

  private entryOf (message: SignedSdm, lastSeen: number, now: number): Entry {
    return fromSigned(message.proof, Math.min(lastSeen, now), message.sdm, message.origin)
  }
}
