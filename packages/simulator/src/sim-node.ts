import { ShardEngine } from '@lvs/engine'
import { ShardStore } from '@lvs/shards'
import type { SimKeys } from './keys.ts'
import type { Delivery, SimPacket } from './network.ts'
import type { Random } from './prng.ts'
import type { Evidence, SignedEnvelope } from '@lvs/codec'
import type { Admission, EngineSettings, SignedSdm } from '@lvs/engine'
import type { ShardConfig } from '@lvs/shards'
import type { SignedBy } from '@lvs/vaultguard'

/** What a node serves to a peer that syncs from it: each entry's signed SDM, and the evidence it holds */
export interface Served {
  entries: SignedEnvelope[]
  evidence: Evidence[]
}

/** The messages of a piece of evidence with their signers, when each signature checks */
export function verifyEvidence (keys: SimKeys, evidence: Evidence, shard: string): SignedBy[] | undefined {
  const signed = evidence.messages.map(envelope => keys.verify(envelope, shard))
  return signed.every(message => message != null) ? (signed as SignedSdm[]).map(m => ({ origin: m.origin, message: m.sdm })) : undefined
}

/**
 * One honest node of the simulation: the very engine the live node runs
 * (`@lvs/engine`) over an in-memory shard store, driven with the
 * simulated clock. The simulator plays the network: gossip deliveries,
 * syncs, and the signatures (`SimKeys`) gossipsub and the node would
 * check.
 */
export class SimNode {
  readonly key: string
  readonly from: Uint8Array
  readonly engine: ShardEngine
  input: number[]
  online = true
  recoveries = 0
  /** when its next cycle is due, ms */
  nextCycle = 0
  private readonly store: ShardStore
  private readonly keys: SimKeys
  private readonly random: Random
  private readonly shard: string
  private entropy: number[]
  private peerEntropy?: number[]

  private constructor (identity: { key: string, from: Uint8Array }, input: number[], store: ShardStore, engine: ShardEngine, keys: SimKeys, random: Random) {
    this.key = identity.key
    this.from = identity.from
    this.input = input
    this.store = store
    this.engine = engine
    this.keys = keys
    this.random = random
    this.shard = engine.name
    this.entropy = random.vector(input.length)
  }

  static async create (keys: SimKeys, input: number[], shard: ShardConfig, settings: Partial<EngineSettings>, random: Random, now: number): Promise<SimNode> {
    const identity = keys.create()
    const store = new ShardStore()
    await store.loadShard(shard)
    store.setOwn(shard.name, { input: [...input], state: [...input], cycleId: now })
    const engine = new ShardEngine({ store, shard: shard.name, self: identity.key, settings })
    return new SimNode(identity, input, store, engine, keys, random)
  }

  setInput (input: number[]): void {
    this.input = input
    this.engine.setInput(input)
  }

  /** Gossip deliveries at `now`; returns the evidence this node found, to publish */
  receive (deliveries: readonly Delivery[], now: number): SimPacket[] {
    const found: SimPacket[] = []
    const keep = (admission: Admission): void => {
      if (admission.published != null && admission.condemned != null && admission.verdict !== 'ignore') {
        found.push({ kind: 'evidence', evidence: admission.published })
      }
    }

    for (const { packet, source } of deliveries) {
      if (packet.kind === 'sdm') {
        keep(this.engine.receive(packet.message, source, now))
      } else {
        const signed = verifyEvidence(this.keys, packet.evidence, this.shard)
        // evidence a peer sent is forwarded by gossip already: only its verdict matters here
        void (signed == null ? this.engine.refuse(source, now, 'unproven') : this.engine.receiveEvidence(packet.evidence, signed, source, now))
      }
    }

    return found
  }

  /** Hears a peer's entropy packet (the latest one counts) */
  hearEntropy (vector: number[]): void {
    this.peerEntropy = vector
  }

  get ownEntropy (): number[] {
    return this.entropy
  }

  /** A cycle when one is due at `now`; returns the SDM to publish, if any */
  tick (now: number): SimPacket[] {
    if (now < this.nextCycle) {
      return []
    }

    this.entropy = this.random.vector(this.input.length)
    const outcome = this.engine.cycle(now, this.peerEntropy == null ? [this.entropy] : [this.entropy, this.peerEntropy])
    this.nextCycle = now + outcome.interval
    this.recoveries += outcome.recovered ? 1 : 0

    if (outcome.publish == null) {
      return []
    }

    const message = this.keys.sign({ key: this.key, from: this.from }, outcome.publish)
    this.engine.published(message, now)
    return [{ kind: 'sdm', message }]
  }

  /** What this node serves to a peer that syncs from it */
  serve (): Served {
    return {
      entries: [...this.store.get(this.shard)?.entries.values() ?? []].map(entry => entry.proof),
      evidence: this.store.evidence(this.shard).map(held => held.evidence)
    }
  }

  /**
   * Admits what a peer served, checking every signature as the node does;
   * returns the evidence found (to publish) and how many entries it refused
   */
  sync (served: Served, source: string, now: number): { found: SimPacket[], refused: number } {
    const verified = served.entries.map(envelope => this.keys.verify(envelope, this.shard))
    const forged = verified.filter(entry => entry == null).length

    for (let i = 0; i < forged; i++) {
      this.engine.refuse(source, now, 'unproven')
    }

    const outcome = this.engine.receiveSynced(verified.filter((entry): entry is SignedSdm => entry != null), source, now)

    for (const evidence of served.evidence) {
      const signed = verifyEvidence(this.keys, evidence, this.shard)
      void (signed == null ? this.engine.refuse(source, now, 'unproven') : this.engine.receiveEvidence(evidence, signed, source, now))
    }

    const found = outcome.verdicts.filter(v => v.published != null && v.condemned != null).map(v => ({ kind: 'evidence' as const, evidence: v.published as Evidence }))
    return { found, refused: forged + outcome.refused }
  }

  digest (): Uint8Array {
    return this.engine.inputDigest()
  }

  /** Whether this node no longer counts `key`: quarantined by its guard, or weighing 0 in its table */
  excludes (key: string, now: number): boolean {
    return this.engine.quarantined(now).includes(key) || this.engine.table().some(entry => entry.key === key && entry.weight === 0)
  }

  get state (): number[] {
    return this.engine.state()
  }

  get tableSize (): number {
    return this.engine.table().length
  }
}
