import { lvsPreset, trafficMeter } from '@lvs/transport'
import { createLibp2p } from 'libp2p'
import { lvs } from './lvs.ts'
import type { Lvs } from './api.ts'
import type { LvsInit } from './types.ts'
import type { Libp2p } from '@libp2p/interface'
import type { PresetInit, PresetServices } from '@lvs/transport'
import type { Libp2pOptions, ServiceFactoryMap } from 'libp2p'

export interface LvsNodeOptions extends LvsInit, PresetInit {
  /** more libp2p options, merged over the preset (a datastore, a private key, ...) */
  libp2p?: Partial<Libp2pOptions<PresetServices>>
}

export type LvsNode = Libp2p<PresetServices & { lvs: Lvs }>

/**
 * A started libp2p node with the LVS preset for this platform and the
 * `lvs()` service, wired so the guard scores peers in gossipsub and the
 * bandwidth controller counts all libp2p traffic (a `trafficMeter`, which
 * passes metrics on to `libp2p.metrics` when given): for users who do not
 * have a libp2p node yet
 */
export async function createLvsNode (options: LvsNodeOptions = {}): Promise<LvsNode> {
  let score: (peer: string) => number = () => 0
  const preset = lvsPreset({ ...options, appSpecificScore: peer => score(peer) })
  const meter = trafficMeter({ delegate: options.libp2p?.metrics })
  const services: ServiceFactoryMap<PresetServices & { lvs: Lvs }> = {
    ...(preset.services as ServiceFactoryMap<PresetServices>),
    ...(options.libp2p?.services as ServiceFactoryMap<PresetServices> | undefined),
    lvs: lvs({ traffic: meter.read, ...options })
  }
  const node: LvsNode = await createLibp2p<PresetServices & { lvs: Lvs }>({ ...preset, ...options.libp2p, metrics: meter.metrics, services })

  score = peer => node.services.lvs.score(peer)

  return node
}
