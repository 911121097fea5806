import { noise } from '@chainsafe/libp2p-noise'
import { peerIdFromString } from '@libp2p/peer-id'
import type { NoiseComponents, NoiseExtensions, NoiseInit } from '@chainsafe/libp2p-noise'
import type { ConnectionEncrypter, SecuredConnection } from '@libp2p/interface'

/**
 * A secured connection whose remote peer id holds its own bytes: parsed
 * anew from its string (a public key's protobuf, and so an id made from
 * the key, is itself a slice of the pool). Ed25519 and secp256k1 ids hold
 * their key; an RSA id is a hash, parsed anew it would lose the key, and
 * is left as it is
 */
function compact (secured: SecuredConnection<NoiseExtensions>): SecuredConnection<NoiseExtensions> {
  const type = secured.remotePeer.type
  return type === 'Ed25519' || type === 'secp256k1' ? { ...secured, remotePeer: peerIdFromString(secured.remotePeer.toString()) } : secured
}

/**
 * Noise whose remote peer ids keep no buffer but their own. The peer id
 * noise makes from the handshake is a view into the decrypted frame, a
 * slice of Node's 8 KB buffer pool, and keeping the id keeps the 8 KB:
 * kad-dht keeps the ids of its routing table's peers long after they
 * left, so a relay with churn held 8 KB per departed peer (98 slabs, 0.8
 * MB, 20 minutes into the soak, found in its heap snapshot). The id made
 * anew is equal to it and holds its own 38 bytes
 */
export function compactNoise (init: NoiseInit = {}): (components: NoiseComponents) => ConnectionEncrypter<NoiseExtensions> {
  return components => {
    const encrypter = noise(init)(components)
    const secureInbound = encrypter.secureInbound.bind(encrypter)
    const secureOutbound = encrypter.secureOutbound.bind(encrypter)
    encrypter.secureInbound = async (connection, options) => compact(await secureInbound(connection, options))
    encrypter.secureOutbound = async (connection, options) => compact(await secureOutbound(connection, options))
    return encrypter
  }
}
