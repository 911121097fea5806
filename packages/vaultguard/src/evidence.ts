import { contentFault, rateFault, resolveRules, sameContent } from './shard-rules.ts'
import type { ContentFault, GuardMessage, ResolvedShardRules, ShardRules } from './shard-rules.ts'

/**
 * Misbehaviour that signed messages prove to any third party
 * (docs/guard.md). The numbers are the `kind` of the codec's Evidence message.
 */
export enum EvidenceKind {
  /** one SDM with an input or state beyond the shard's bound, or not a finite number */
  OutOfBounds = 1,
  /** one SDM with a negative input on a `nonNegative` shard */
  NegativeInput = 2,
  /** two different SDMs of one signer with the same cycle id */
  Equivocation = 3,
  /**
   * one SDM with a negative state on a `nonNegative` shard: `check` never
   * lets an honest node's state below 0 there, and the target of
   * non-negative inputs is never negative, so only a node that bypassed
   * the guard's drain protection can announce it
   */
  Drain = 4,
  /**
   * two SDMs of one signer whose input changed faster than the shard's
   * `maxInputRate` between their cycle ids (the signer's clock, ms)
   */
  Jump = 5
}

/** A message together with who signed it */
export interface SignedBy {
  /** the entry key of the signer (the caller checked the signature) */
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
  /** what the messages show */
  reason: string
}

/** The content fault each single-message kind needs */
const SINGLE: Partial<Record<EvidenceKind, readonly ContentFault[]>> = {
  [EvidenceKind.OutOfBounds]: ['out-of-bounds', 'non-finite'],
  [EvidenceKind.NegativeInput]: ['negative-input'],
  [EvidenceKind.Drain]: ['negative-state']
}

function isSignedBy (value: unknown): value is SignedBy {
  return value != null && typeof value === 'object' && typeof (value as SignedBy).origin === 'string'
}

function checkSingle (kind: EvidenceKind, messages: readonly unknown[], rules: ResolvedShardRules): EvidenceVerdict {
  const [signed] = messages

  if (messages.length !== 1 || !isSignedBy(signed)) {
    return { valid: false, reason: 'needs exactly one signed message' }
  }

  const fault = contentFault(signed.message, rules)

  // the message must belong to this shard and be well formed, or it proves nothing about this shard
  if (fault != null && SINGLE[kind]?.includes(fault) === true) {
    return { valid: true, offender: signed.origin, reason: fault }
  }

  return { valid: false, reason: `the message shows ${fault ?? 'no fault'}` }
}

/** Two well-formed messages of this shard by one signer, or why not */
function checkPair (messages: readonly unknown[], rules: ResolvedShardRules): [SignedBy, SignedBy] | EvidenceVerdict {
  const [a, b] = messages

  if (messages.length !== 2 || !isSignedBy(a) || !isSignedBy(b)) {
    return { valid: false, reason: 'needs exactly two signed messages' }
  }

  if (a.origin !== b.origin) {
    return { valid: false, reason: 'the messages have different signers' }
  }

  const faults = [contentFault(a.message, rules), contentFault(b.message, rules)]

  if (faults.some(fault => fault === 'malformed' || fault === 'wrong-shard')) {
    return { valid: false, reason: 'a message is malformed or belongs to another shard' }
  }

  return [a, b]
}

function checkJump (messages: readonly unknown[], rules: ResolvedShardRules): EvidenceVerdict {
  const pair = checkPair(messages, rules)

  if (!Array.isArray(pair)) {
    return pair
  }

  const [earlier, later] = pair[0].message.cycleId < pair[1].message.cycleId ? pair : [pair[1], pair[0]]

  return rateFault(earlier.message, later.message, rules)
    ? { valid: true, offender: earlier.origin, reason: 'input-rate' }
    : { valid: false, reason: 'the input changed no faster than the shard allows' }
}

function checkEquivocation (messages: readonly unknown[], rules: ResolvedShardRules): EvidenceVerdict {
  const pair = checkPair(messages, rules)

  if (!Array.isArray(pair)) {
    return pair
  }

  const [a, b] = pair

  if (a.message.cycleId !== b.message.cycleId) {
    return { valid: false, reason: 'the cycle ids differ' }
  }

  if (sameContent(a.message, b.message)) {
    return { valid: false, reason: 'the messages say the same thing' }
  }

  return { valid: true, offender: a.origin, reason: 'equivocation' }
}

/**
 * Checks that evidence proves what it claims under the shard's rules, so
 * every replica holding the same rules reaches the same verdict on it.
 * Signatures are the caller's job (before this): it only reads the decoded
 * messages. Never throws on any evidence; throws InvalidShardRulesError for
 * rules that cannot work.
 */
export function checkEvidence (evidence: Evidence, shard: ShardRules): EvidenceVerdict {
  const rules = resolveRules(shard)

  try {
    if (evidence == null || typeof evidence !== 'object' || !Array.isArray(evidence.messages)) {
      return { valid: false, reason: 'not evidence' }
    }

    switch (evidence.kind) {
      case EvidenceKind.OutOfBounds:
      case EvidenceKind.NegativeInput:
      case EvidenceKind.Drain:
        return checkSingle(evidence.kind, evidence.messages, rules)
      case EvidenceKind.Equivocation:
        return checkEquivocation(evidence.messages, rules)
      case EvidenceKind.Jump:
        return checkJump(evidence.messages, rules)
      default:
        return { valid: false, reason: `unknown evidence kind ${String(evidence.kind)}` }
    }
  } catch {
    // a hostile object (a throwing getter, a proxy) proves nothing
    return { valid: false, reason: 'unreadable evidence' }
  }
}

/**
 * The entry keys that valid evidence condemns: what `assess` takes. The
 * result depends on the set of evidence only, not on its order.
 */
export function condemned (evidence: Iterable<Evidence>, shard: ShardRules): Set<string> {
  const offenders: string[] = []

  for (const item of evidence) {
    const verdict = checkEvidence(item, shard)

    if (verdict.valid && verdict.offender != null) {
      offenders.push(verdict.offender)
    }
  }

  return new Set(offenders.sort())
}
