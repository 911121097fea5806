// An optional persisted identity: a relay operator may keep the key so the
// relay's address stays the same across restarts (docs/identity.md).
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'

/**
 * The key in `file`, or a new Ed25519 key written there (mode 0600)
 *
 * @param {string} file
 */
export async function loadOrCreateKey (file) {
  if (existsSync(file)) {
    return privateKeyFromProtobuf(await readFile(file))
  }

  const key = await generateKeyPair('Ed25519')
  await writeFile(file, privateKeyToProtobuf(key), { mode: 0o600 })
  return key
}
