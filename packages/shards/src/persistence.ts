import { MAX_SYNC_EVIDENCE, decodeStoredChunk, encodeStoredChunk, ownEvidence } from '@lvs/codec'
import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { PAGE_SIZE } from './constants.ts'
import { CorruptShardError } from './errors.ts'
import { configRecord, keyOf } from './shard.ts'
import { fromSigned } from './wire.ts'
import type { ResolvedShardConfig, Shard, ShardConfig } from './shard.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

interface Meta {
  /** format of the chunks: 2 stores signed envelopes (1 stored unsigned fields and cannot be read back) */
  format: number
  config: ShardConfig
  input: number[]
  state: number[]
  cycleId: number
  count: number
  evidence: number
  chunks: number
  digest: string
}

const FORMAT = 2
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
 * Writes a shard crash-safely: the table goes to a new version (chunks of
 * signed entries with their receipt times and the evidence held, then its
 * meta record), and only then does one put switch the `current` pointer to
 * it. A crash at any point leaves the previous version current and
 * complete; old versions are deleted after the switch.
 */
export async function writeShard (datastore: Datastore, prefix: string, shard: Shard, digest: Uint8Array, options: AbortOptions = {}): Promise<number> {
  const name = shard.config.name
  const previous = await currentVersion(datastore, prefix, name, options)
  const version = previous + 1
  const base = versionPrefix(prefix, name, version)
  const entries = [...shard.entries.values()].sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  const evidence = [...shard.evidence.values()].sort((a, b) => a.offender < b.offender ? -1 : 1)
  const chunks = Math.max(Math.ceil(entries.length / PAGE_SIZE), Math.ceil(evidence.length / MAX_SYNC_EVIDENCE))

  for (let i = 0; i < chunks; i++) {
    const bytes = encodeStoredChunk({
      shardId: name,
      entries: entries.slice(i * PAGE_SIZE, (i + 1) * PAGE_SIZE).map(entry => ({ proof: entry.proof, lastSeen: entry.lastSeen })),
      evidence: evidence.slice(i * MAX_SYNC_EVIDENCE, (i + 1) * MAX_SYNC_EVIDENCE).map(held => held.evidence)
    })
    await datastore.put(new Key(`${base}/c${i}`), bytes, options)
  }

  const meta: Meta = { format: FORMAT, config: configRecord(shard.config), input: shard.input, state: shard.state, cycleId: shard.cycleId, count: entries.length, evidence: evidence.length, chunks, digest: toString(digest, 'base16') }
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

/**
 * Reads the current version of a shard, or undefined when none was stored.
 * The entries were checked when they were admitted and the datastore is
 * the node's own, so their signatures are not checked again.
 *
 * @throws {CorruptShardError} carrying the node's own input and state when the meta record could be read
 */
export async function readShard (datastore: Datastore, prefix: string, name: string, options: AbortOptions = {}): Promise<{ shard: Shard, digest: string } | undefined> {
  const version = await currentVersion(datastore, prefix, name, options)

  if (version === 0) {
    return undefined
  }

  const base = versionPrefix(prefix, name, version)
  let own: { input: number[], state: number[], cycleId: number } | undefined

  try {
    const meta = await readJson<Meta>(datastore, new Key(`${base}/meta`), options)
    own = { input: meta.input, state: meta.state, cycleId: meta.cycleId }

    if (meta.format !== FORMAT) {
      throw new Error(`it was written in format ${meta.format ?? 1}, this node reads ${FORMAT}`)
    }

    const shard: Shard = { config: meta.config as ResolvedShardConfig, input: meta.input, state: meta.state, cycleId: meta.cycleId, entries: new Map(), evidence: new Map() }

    for (let i = 0; i < meta.chunks; i++) {
      const chunk = decodeStoredChunk(await datastore.get(new Key(`${base}/c${i}`), options))
      chunk.entries.forEach(stored => {
        const entry = fromSigned(stored.proof, stored.lastSeen)
        shard.entries.set(entry.key, entry)
      })
      chunk.evidence.forEach(evidence => {
        const offender = keyOf(evidence.messages[0].from)
        shard.evidence.set(offender, { offender, evidence: ownEvidence(evidence), at: meta.cycleId })
      })
    }

    if (shard.entries.size !== meta.count || shard.evidence.size !== meta.evidence) {
      throw new Error(`it holds ${shard.entries.size} entries and ${shard.evidence.size} pieces of evidence, its record says ${meta.count} and ${meta.evidence}`)
    }

    return { shard, digest: meta.digest }
  } catch (err: any) {
    if (err?.name === 'AbortError') {
      throw err
    }

    throw new CorruptShardError(`shard ${name} version ${version} cannot be read: ${err?.message ?? err}`, own)
  }
}
