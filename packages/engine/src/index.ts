/**
 * @packageDocumentation
 *
 * The per-shard engine of LVS (docs/engine.md): admission of signed SDMs
 * and served entries through the guard, evidence of what signed messages
 * prove, the equilibrium of the table and the evidence, the drift cycle and
 * the decision to publish. Pure: no clock, no timers, no network. The live
 * node (`@lvs/node`) and the simulator (`@lvs/simulator`) both run it, the
 * node with real signatures and gossipsub, the simulator over a simulated
 * network.
 *
 * @example
 *
 * ```ts
 * import { ShardStore } from '@lvs/shards'
 * import { ShardEngine } from '@lvs/engine'
 * import type { Evidence } from '@lvs/codec'
 * import type { SdmContent, SignedSdm } from '@lvs/engine'
 * // context: declare const myPeerId: string, signed: SignedSdm, forwarder: string, entropyVector: number[]
 * // context: declare function publishEvidence (evidence: Evidence): void
 * // context: declare function sign (sdm: SdmContent): Promise<SignedSdm>
 *
 * const store = new ShardStore()
 * await store.loadShard({ name: 'drift', dimension: 2, min: -100, max: 100 })
 * const engine = new ShardEngine({ store, shard: 'drift', self: myPeerId })
 * engine.setInput([5, 1])
 *
 * // a peer's SDM whose signature gossipsub checked: { origin, sdm, proof }
 * const admission = engine.receive(signed, forwarder, Date.now())
 * if (admission.published != null) { publishEvidence(admission.published) }
 *
 * const outcome = engine.cycle(Date.now(), [entropyVector])
 * if (outcome.publish != null) { engine.published(await sign(outcome.publish), Date.now()) }
 * ```
 */

export * from './constants.ts'
export { InvalidInputError, InvalidSettingError } from './errors.ts'
export { DEFAULT_SETTINGS, resolveSettings, shown } from './settings.ts'
export type { EngineSettings } from './settings.ts'
export { ShardEngine } from './shard-engine.ts'
export { heartbeatDue, phaseOf, stretch } from './pace.ts'
export type { ShardEngineInit } from './shard-engine.ts'
export { equilibrium } from './equilibrium.ts'
export type { Equilibrium } from './equilibrium.ts'
export { InputDigest } from './input-digest.ts'
export type { Admission, CycleOutcome, Farewell, SdmContent, ShardView, SignedSdm, SyncAdmission, TableView } from './types.ts'
