import { StrictSign } from '@libp2p/gossipsub'
import { serviceCapabilities } from '@libp2p/interface'
import type { GossipSub } from '@libp2p/gossipsub'

/** The libp2p node has no pubsub service */
export class MissingPubsubError extends Error {
  static name = 'MissingPubsubError'

  constructor (message: string) {
    super(message)
    this.name = 'MissingPubsubError'
  }
}

/** The pubsub service does not sign its messages: LVS could not tell who wrote an entry */
export class UnsignedPubsubError extends Error {
  static name = 'UnsignedPubsubError'

  constructor (message: string) {
    super(message)
    this.name = 'UnsignedPubsubError'
  }
}

/** The capability gossipsub declares (and `lvs()` depends on) */
const PUBSUB_CAPABILITY = '@libp2p/pubsub'

/**
 * The node's gossipsub, whatever the app named it: the service that
 * declares the `@libp2p/pubsub` capability (found among libp2p's
 * components), else the one named `pubsub`
 *
 * @throws {MissingPubsubError} naming the fix
 */
export function findPubsub (components: object): GossipSub {
  // libp2p's components proxy hands out its map of every component under `components`
  const all = (components as { components?: Record<string, unknown> }).components
  const services = all != null && typeof all === 'object' ? Object.values(all) : []
  const found = services.find(service => {
    const capabilities = (service as { [serviceCapabilities]?: unknown } | null)?.[serviceCapabilities]
    return Array.isArray(capabilities) && capabilities.includes(PUBSUB_CAPABILITY)
  }) ?? byName(components)

  if (found == null || typeof (found as GossipSub).publish !== 'function' || (found as GossipSub).topicValidators == null) {
    throw new MissingPubsubError('lvs() needs gossipsub: add `pubsub: gossipsub()` (from @libp2p/gossipsub) to the services of your libp2p node, under any name')
  }

  return found as GossipSub
}

function byName (components: object): unknown {
  try {
    return (components as { pubsub?: unknown }).pubsub
  } catch {
    // libp2p's components throw for a missing service
    return undefined
  }
}

/**
 * Refuses a gossipsub that does not sign: entries are keyed by the signer
 * of each SDM, so with `StrictNoSign` the node would hear nothing it could
 * admit and converge alone on its own input
 *
 * @throws {UnsignedPubsubError} naming the fix
 */
export function checkSigning (pubsub: GossipSub): void {
  if (pubsub.globalSignaturePolicy !== StrictSign) {
    throw new UnsignedPubsubError(`lvs() needs gossipsub to sign its messages (it keys every entry by its signer, and refuses unsigned SDMs): create it with \`gossipsub({ globalSignaturePolicy: 'StrictSign' })\` (the default), not ${JSON.stringify(pubsub.globalSignaturePolicy)}`)
  }
}

/**
 * Adds the guard's score to gossipsub's application-specific score, so a
 * peer the guard quarantines falls below gossipsub's graylist threshold
 * (and one on alert loses its place in meshes) in any app, with or without
 * a score function of its own. Returns the function that takes it out again
 */
export function addGuardScore (pubsub: GossipSub, guard: (peer: string) => number): () => void {
  // gossipsub's class keeps its score parameters public (`score.params`); its GossipSub interface does not name them
  const params = (pubsub as unknown as { score?: { params?: { appSpecificScore?(peer: string): number } } }).score?.params

  if (params == null) {
    return () => {}
  }

  const previous = params.appSpecificScore
  params.appSpecificScore = (peer: string) => (previous?.(peer) ?? 0) + guard(peer)

  return () => { params.appSpecificScore = previous }
}
