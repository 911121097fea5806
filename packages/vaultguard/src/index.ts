/**
 * @packageDocumentation
 *
 * VaultGuard (DESIGN.md section 5): the guard wired into every drift cycle of
 * LVS. It cannot be switched off, only tuned. Pure: no clock reads and no
 * randomness; every time value comes in as an argument, so the live node and
 * the simulator share it.
 *
 * Two layers keep the agreement rule of DESIGN.md section 2. Locally and
 * privately, {@link PeerLedger} admits each SDM (accept, reject or ignore,
 * with a reason) and keeps a threat per peer for gossipsub scoring. Replicated,
 * {@link assess} turns the table and the evidence into entry weights that
 * every replica computes alike, and {@link verifyEvidence} checks proofs of
 * misbehaviour.
 *
 * Then {@link check} bounds the node's own step, {@link needsRecovery} spots a
 * state far outside the swarm, and {@link AuditLog} records every action in
 * a hash chain with a Merkle root.
 *
 * @example
 *
 * ```ts
 * import { PeerLedger, assess, check } from '@lvs/vaultguard'
 *
 * const ledger = new PeerLedger({ shardId: 'drift', dimension: 2 })
 * const result = ledger.admit(sdm, { origin: 'peer-a', now: Date.now() })
 * // { verdict: 'accept', reason: 'ok' }
 *
 * const { entries } = assess(table, condemnedKeys)
 * const trust = new Map([...entries].map(([key, a]) => [key, a.weight]))
 *
 * const { drift } = check(D, x, { maxStep: 10, nonNegative: true })
 * ```
 */

export * from './constants.ts'
export { PeerLedger } from './ledger.ts'
export type { AdmitContext, AdmitReason, AdmitResult, Verdict } from './ledger.ts'
export { assess } from './assess.ts'
export type { AssessEntry, Assessment, AssessOptions, TableAssessment } from './assess.ts'
export { EvidenceKind, verifyEvidence } from './evidence.ts'
export type { Evidence, EvidenceVerdict, SignedBy } from './evidence.ts'
export { check, needsRecovery } from './check.ts'
export type { CheckOptions, CheckReason, CheckResult } from './check.ts'
export { statusOf } from './status.ts'
export type { GuardStatus } from './status.ts'
export { contentFault, resolveRules } from './shard-rules.ts'
export type { ContentFault, GuardMessage, ShardRules } from './shard-rules.ts'
export { median, mad, robustScale } from './robust.ts'
export type { RobustScale } from './robust.ts'
export { AuditLog, hashEntry } from './audit-log.ts'
export type { AuditAction, AuditEntry, AuditLogInit, AuditVerdict, AbortOptions } from './audit-log.ts'
export { canonicalJson, NotCanonicalError } from './canonical-json.ts'
export type { JsonValue } from './canonical-json.ts'
export { merkleRoot } from './merkle.ts'
