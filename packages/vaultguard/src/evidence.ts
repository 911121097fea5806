import { contentFault, resolveRules, sameContent } from './shard-rules.ts'
import type { GuardMessage, ShardRules } from './shard-rules.ts'

/**
 * Misbehaviour a signed message proves to any third party (DESIGN.md
 * section 5). A drain is not among them: value lives in inputs, which the
 * application sets, and a state is only a position, so no message can prove
 * that a peer removed value; `check` refuses drains of the node's own step.
 */
export enum EvidenceKind {
  /** an input or state beyond the shard's bounds, or not a finite number */
  OutOfBounds = 1,
  /** a negative input on a `nonNegative` shard */
  NegativeInput = 2,
  /** two different SDMs with the same cycle id */
  Equivocation = 3
}

/** A message together with who signed it */
export interface SignedBy {
  /** the entry key of the signer (checked by the caller from the signature) */
  origin: string
  message: GuardMessage
}

/** A claim of misbehaviour and the message(s) that prove it */
export interface Evidence {
  kind: EvidenceKind
  messages: SignedBy[]
}

export interface EvidenceVerdict {
  valid: boolean
  /** the entry key the evidence condemns, when valid */
  offender?: string
  reason: string
}

/**
 * Checks that evidence proves what it claims under the shard's rules, so
 * every replica reaches the same verdict. Signatures are the caller's job:
 * this only reads the decoded messages. Never throws.
 */
export function verifyEvidence (evidence: Evidence, shard: ShardRules): EvidenceVerdict {
  const rules = resolveRules(shard)
  const messages = Array.isArray(evidence?.messages) ? evidence.messages : []

  switch (evidence?.kind) {
    case EvidenceKind.OutOfBounds:
    case EvidenceKind.NegativeInput: {
      if (messages.length !== 1) {
        return { valid: false, reason: 'needs exactly one message' }
      }

      const fault = contentFault(messages[0].message, rules)
      const proves = evidence.kind === EvidenceKind.NegativeInput
        ? fault === 'negative-input'
        : fault === 'out-of-bounds' || fault === 'non-finite'

      return proves
        ? { valid: true, offender: messages[0].origin, reason: fault ?? '' }
        : { valid: false, reason: `the message shows ${fault ?? 'no fault'}` }
    }
    case EvidenceKind.Equivocation: {
      if (messages.length !== 2) {
        return { valid: false, reason: 'needs exactly two messages' }
      }

      const [a, b] = messages

      if (a.origin !== b.origin) {
        return { valid: false, reason: 'the messages have different signers' }
      }

      if (a.message?.shardId !== rules.shardId || b.message?.shardId !== rules.shardId) {
        return { valid: false, reason: 'a message belongs to another shard' }
      }

      if (a.message.cycleId !== b.message.cycleId) {
        return { valid: false, reason: 'the cycle ids differ' }
      }

      if (sameContent(a.message, b.message)) {
        return { valid: false, reason: 'the messages are the same' }
      }

      return { valid: true, offender: a.origin, reason: 'equivocation' }
    }
    default:
      return { valid: false, reason: `unknown evidence kind ${evidence?.kind}` }
  }
}
