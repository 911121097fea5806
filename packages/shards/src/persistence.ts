import { decodeSyncResponse, encodeSyncResponse } from '@lvs/codec'
import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { PAGE_SIZE } from './constants.ts'
import { CorruptShardError } from './errors.ts'
import { fromWire, toWire } from './wire.ts'
import type { ResolvedShardConfig, Shard } from './shard.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

interface Meta {
  config: ResolvedShardConfig
  input: number[]
  state: number[]
  cycleId: number
  count: number
  chunks: number
  digest: string
}

const versionPrefix = (prefix: string, name: string, version: number): string => `${prefix}/${name}/v${version}`
const currentKey = (prefix: string, name: string): Key => new Key(`${prefix}/${name}/current`)

async function readJson <T> (datastore: Datastore, key: Key, options: AbortOptions): Promise<T> {
  return JSON.parse(toString(await datastore.get(key, options)))
}

/** The version the current pointer names, 0 when the shard was never stored */
export async function currentVersion (datastore: Datastore, prefix: string, name: string, options: AbortOptions = {}): Promise<number> {
  if (!(await datastore.has(currentKey(prefix, name), options))) {
    return 0
  }

  const { version } = await readJson<{ version: number }>(datastore, currentKey(prefix, name), options)
  return version
}

/**
 * Writes a shard crash-safely: the table goes to a new version (chunks,
 * then its meta record), and only then does one put switch the `current`
 * pointer to it. A crash at any point leaves the previous version current
 * and complete; old versions are deleted after the switch.
 */
export async function writeShard (datastore: Datastore, prefix: string, shard: Shard, digest: Uint8Array, options: AbortOptions = {}): Promise<number> {
  const name = shard.config.name
  const previous = await currentVersion(datastore, prefix, name, options)
  const version = previous + 1
  const base = versionPrefix(prefix, name, version)
  const entries = [...shard.entries.values()].sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  const chunks = Math.ceil(entries.length / PAGE_SIZE)

  for (let i = 0; i < chunks; i++) {
    const page = entries.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE).map(toWire)
    const bytes = encodeSyncResponse({ shardId: name, entries: page, nextCursor: new Uint8Array(0), digest })
    await datastore.put(new Key(`${base}/c${i}`), bytes, options)
  }

  const meta: Meta = { config: shard.config, input: shard.input, state: shard.state, cycleId: shard.cycleId, count: entries.length, chunks, digest: toString(digest, 'base16') }
  await datastore.put(new Key(`${base}/meta`), fromString(JSON.stringify(meta)), options)
  await datastore.put(currentKey(prefix, name), fromString(JSON.stringify({ version })), options)

  // the new version is current: whatever is left of older ones can go
  for await (const key of datastore.queryKeys({ prefix: `${prefix}/${name}/v` }, options)) {
    if (!key.toString().startsWith(`${base}/`)) {
      await datastore.delete(key, options)
    }
  }

  return version
}

/** Reads the current version of a shard, or undefined when none was stored */
export async function readShard (datastore: Datastore, prefix: string, name: string, options: AbortOptions = {}): Promise<{ shard: Shard, digest: string } | undefined> {
  const version = await currentVersion(datastore, prefix, name, options)

  if (version === 0) {
    return undefined
  }

  const base = versionPrefix(prefix, name, version)

  try {
    const meta = await readJson<Meta>(datastore, new Key(`${base}/meta`), options)
    const shard: Shard = { config: meta.config, input: meta.input, state: meta.state, cycleId: meta.cycleId, entries: new Map() }

    for (let i = 0; i < meta.chunks; i++) {
      const page = decodeSyncResponse(await datastore.get(new Key(`${base}/c${i}`), options))
      page.entries.forEach(entry => { shard.entries.set(...fromWire(entry)) })
    }

    if (shard.entries.size !== meta.count) {
      throw new CorruptShardError(`shard ${name} version ${version} holds ${shard.entries.size} entries, its record says ${meta.count}`)
    }

    return { shard, digest: meta.digest }
  } catch (err: any) {
    if (err?.name === 'AbortError') {
      throw err
    }

    throw new CorruptShardError(`shard ${name} version ${version} cannot be read: ${err?.message ?? err}`)
  }
}
