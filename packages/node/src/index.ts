/**
 * @packageDocumentation
 *
 * The `lvs()` libp2p service (docs/architecture.md): the node's shards, the
 * drift cycle of each on an adaptive interval, SDMs and entropy packets on
 * gossipsub topics validated by the guard, and the sync protocol. Add it to
 * an existing libp2p node beside gossipsub, or start a whole node with
 * `createLvsNode()`.
 *
 * @example
 *
 * ```ts
 * import { createLibp2p } from 'libp2p'
 * import { lvsPreset } from '@lvs/transport'
 * import { lvs } from '@lvs/node'
 *
 * const preset = lvsPreset()
 * const node = await createLibp2p({ ...preset, services: { ...preset.services, lvs: lvs() } })
 *
 * node.services.lvs.setInput('drift', [5, 1])
 * node.services.lvs.addEventListener('converged', evt => { console.log(evt.detail.target) })
 * ```
 */

export { lvs } from './lvs.ts'
export { LvsService } from './lvs-service.ts'
export type { Lvs, LvsComponents } from './api.ts'
export { InvalidInputError, InvalidSettingError } from '@lvs/engine'
export { InvalidShardConfigError } from '@lvs/shards'
export { MissingPubsubError, UnsignedPubsubError } from './pubsub.ts'
export { MIN_NODE_MAJOR, UnsupportedRuntimeError } from './runtime-error.ts'
export { createLvsNode } from './create-node.ts'
export { CompactMemoryDatastore } from './memory-datastore.ts'
export type { LvsNode, LvsNodeOptions } from './create-node.ts'
export * from './constants.ts'
export { resolveLvsConfig } from './config.ts'
export type { LvsConfig } from './config.ts'
export type { LvsInit, LvsEvents, ShardView, TableView, CycleEvent, GuardEvent, EvidenceEvent, SyncEvent, ErrorEvent } from './types.ts'
export type { GuardCounts } from './reporter.ts'
export { envelopeOf, signEnvelope, verifyEnvelope, verifySdm } from './proof.ts'
export { shardKey } from './shard-key.ts'
export { PublishController } from './pid.ts'
export type { PidInit } from './pid.ts'
