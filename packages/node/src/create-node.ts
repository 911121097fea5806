import { lvsPreset, trafficMeter } from '@lvs/transport'
import { createLibp2p } from 'libp2p'
import { lvs } from './lvs.ts'
import { CompactMemoryDatastore } from './memory-datastore.ts'
import { checkRuntime } from './runtime.ts'
import type { Lvs } from './api.ts'
import type { LvsInit } from './types.ts'
import type { Libp2p } from '@libp2p/interface'
import type { PresetInit, PresetServiceFactories, PresetServices } from '@lvs/transport'
import type { Libp2pOptions } from 'libp2p'

export interface LvsNodeOptions extends LvsInit, PresetInit {
  /**
   * more libp2p options, merged over the preset (a datastore, a private
   * key, ...); `services` replace or add to the preset's one by one
   */
  libp2p?: Partial<Omit<Libp2pOptions<PresetServices>, 'services'>> & { services?: Partial<PresetServiceFactories> }
}

export type LvsNode = Libp2p<PresetServices & { lvs: Lvs }>

/**
 * A started libp2p node with the LVS preset for this platform and the
 * `lvs()` service, wired so the bandwidth controller counts all libp2p
 * traffic (a `trafficMeter`, which
 * passes metrics on to `libp2p.metrics` when given), in memory unless
 * `libp2p.datastore` is given (a `CompactMemoryDatastore`): for users who
 * do not have a libp2p node yet
 */
export async function createLvsNode (options: LvsNodeOptions = {}): Promise<LvsNode> {
  checkRuntime()
  // the service adds the guard's score to gossipsub's itself (as in any app)
  const preset = lvsPreset(options)
  const meter = trafficMeter({ delegate: options.libp2p?.metrics })
  const services = { ...preset.services, ...options.libp2p?.services, lvs: lvs({ traffic: meter.read, ...options }) }
  // without a datastore of the app's, one that keeps no views into larger buffers (memory-datastore.ts)
  return createLibp2p<PresetServices & { lvs: Lvs }>({ datastore: new CompactMemoryDatastore(), ...preset, ...options.libp2p, metrics: meter.metrics, services })
}
