/**
 * @packageDocumentation
 *
 * VaultGuard (docs/guard.md): the guard wired into every drift cycle of
 * LVS. It cannot be switched off, only tuned. Pure: no clock reads and no
 * randomness; every time value comes in as an argument, so the live node and
 * the simulator share it. Runs in Node and in browsers.
 *
 * Two layers keep the agreement rule (docs/state.md). Locally and
 * privately, {@link PeerLedger} admits each SDM (accept, reject or ignore,
 * with a reason) and keeps a threat per peer for gossipsub scoring.
 * Replicated, {@link assess} turns the table and the evidence into entry
 * weights that every replica computes alike, and {@link checkEvidence}
 * checks proofs of misbehaviour.
 *
 * Then {@link check} bounds the node's own step, {@link needsRecovery} spots
 * a state far outside the swarm, and {@link AuditLog} records every action
 * in a hash chain with a Merkle root.
 *
 * @example
 *
 * ```ts
 * import { AuditLog, PeerLedger, assess, check, condemned } from '@lvs/vaultguard'
 * import { MemoryDatastore } from 'datastore-core'
 *
 * const rules = { shardId: 'drift', dimension: 2 }
 * const ledger = new PeerLedger(rules)
 * const sdm = { shardId: 'drift', cycleId: 1, input: [5, 1], state: [5, 1], driftWeight: 1 }
 * ledger.admit(sdm, 'peer-a', 1000) // { verdict: 'accept', reason: 'ok' }
 *
 * // replicated: the same weights on every replica holding this table and evidence
 * const table = [{ key: 'peer-a', input: [5, 1] }, { key: 'peer-b', input: [-2, -3] }]
 * const { entries, robust } = assess(table, condemned([], rules))
 * ledger.useScale(robust?.scale)
 * const weights = new Map([...entries].map(([key, a]) => [key, a.weight]))
 *
 * const { drift } = check([3, 4], [5, 1], { maxStep: 1, nonNegative: true }) // [0.6, 0.8]
 *
 * const log = await new AuditLog(new MemoryDatastore()).load()
 * await log.append({ type: 'reject', subject: 'peer-c', reason: 'out-of-bounds', at: 1000 })
 * await log.verify() // { ok: true }
 * ```
 */

export * from './constants.ts'
export { InvalidShardRulesError, DuplicateKeyError, NotCanonicalError, InvalidAuditActionError, CorruptAuditLogError } from './errors.ts'
export { PeerLedger } from './ledger.ts'
export type { AdmitContext, AdmitExtra, AdmitReason, AdmitResult, PeerLedgerInit, Verdict } from './admit.ts'
export { ThreatBook } from './threat-book.ts'
export type { Raised, ThreatTuning } from './threat-book.ts'
export { assess } from './assess.ts'
export type { AssessCause, AssessEntry, Assessment, AssessOptions, EvidenceByKey, TableAssessment } from './assess.ts'
export { EvidenceKind, checkEvidence, condemned } from './evidence.ts'
export type { Evidence, EvidenceVerdict, SignedBy } from './evidence.ts'
export { check } from './check.ts'
export type { CheckOptions, CheckReason, CheckResult } from './check.ts'
export { needsRecovery, spreadOf } from './recovery.ts'
export type { RecoveryOptions } from './recovery.ts'
export { statusOf } from './status.ts'
export type { GuardStatus } from './status.ts'
export { contentFault, rateFault, resolveRules, sameContent, timeFault } from './shard-rules.ts'
export type { ContentFault, GuardMessage, ResolvedShardRules, ShardRules, TimeFault } from './shard-rules.ts'
export { median, mad, robustScale } from './robust.ts'
export type { RobustScale } from './robust.ts'
export { AuditLog } from './audit-log.ts'
export type { AuditLogInit, AuditVerdict } from './audit-log.ts'
export { GENESIS_HASH, hashEntry } from './audit-entry.ts'
export type { AuditAction, AuditEntry } from './audit-entry.ts'
export type { AbortOptions, AuditHead } from './audit-store.ts'
export { canonicalJson } from './canonical-json.ts'
export type { JsonValue } from './canonical-json.ts'
export { MerkleFrontier, merkleRoot } from './merkle.ts'
