import { EvidenceKind } from '@lvs/vaultguard'
import type { SignedSdm } from './types.ts'
import type { Evidence } from '@lvs/codec'
import type { Evidence as GuardEvidence, SignedBy } from '@lvs/vaultguard'

/** Evidence as the codec carries it: the kind and the signed messages that prove it */
export function codecEvidence (shardId: string, kind: EvidenceKind, messages: readonly SignedSdm[]): Evidence {
  return { shardId, kind, messages: messages.map(message => message.proof) }
}

/** Evidence as the guard checks it: the kind and each message with its signer */
export function guardEvidence (kind: number, messages: readonly SignedBy[]): GuardEvidence {
  return { kind, messages: [...messages] }
}

/**
 * The evidence kind a fault of one signed message proves, if any (the
 * ledger's own mapping: out of bounds or not finite, a negative input, a
 * negative state on a nonNegative shard)
 */
export function singleKind (kind: EvidenceKind | undefined): kind is EvidenceKind.OutOfBounds | EvidenceKind.NegativeInput | EvidenceKind.Drain {
  return kind === EvidenceKind.OutOfBounds || kind === EvidenceKind.NegativeInput || kind === EvidenceKind.Drain
}
