// Shard store: merge throughput and digest time for tables of 1,000 and
// 100,000 entries, and a store/load round trip through LevelDB.
// Usage: npm run bench:shards   (updates BENCHMARKS.md)
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ShardStore, createPersistentDatastore } from '@lvs/shards'
import { machine, writeSection } from './report.js'

const entry = (i, cycleId) => ({ key: `12D3KooW${String(i).padStart(44, '0')}`, cycleId, input: [i * 0.5, -i], state: [i, i], driftWeight: 1, lastSeen: Date.now(), status: 'live' })
const ms = start => performance.now() - start
const rows = []

for (const size of [1000, 100_000]) {
  process.stderr.write(`shards: ${size} entries...\n`)
  const store = new ShardStore()
  await store.loadShard({ name: 'drift', dimension: 2 })

  let start = performance.now()
  for (let i = 0; i < size; i++) store.mergeEntry('drift', entry(i, 1))
  const insert = ms(start)

  start = performance.now()
  for (let i = 0; i < size; i++) store.mergeEntry('drift', entry(i, 2))
  const update = ms(start)

  start = performance.now()
  for (let i = 0; i < size; i++) store.mergeEntry('drift', entry(i, 2))
  const duplicate = ms(start)

  const digests = []
  for (let round = 0; round < 3; round++) {
    start = performance.now()
    store.digest('drift')
    digests.push(ms(start))
  }
  digests.sort((a, b) => a - b)

  const dir = await mkdtemp(join(tmpdir(), 'lvs-bench-'))
  const datastore = await createPersistentDatastore({ location: dir })
  const persisted = new ShardStore({ datastore })
  await persisted.loadShard({ name: 'drift', dimension: 2 })
  store.get('drift').entries.forEach(e => persisted.mergeEntry('drift', e))
  start = performance.now()
  await persisted.storeShard('drift')
  const write = ms(start)
  start = performance.now()
  await new ShardStore({ datastore }).loadShard({ name: 'drift', dimension: 2 })
  const read = ms(start)
  await datastore.close()
  await rm(dir, { recursive: true, force: true })

  const rate = time => Math.round(size / time * 1000).toLocaleString('en-US')
  rows.push(`| ${size.toLocaleString('en-US')} | ${rate(insert)} | ${rate(update)} | ${rate(duplicate)} | ${digests[1].toFixed(1)} | ${write.toFixed(0)} | ${read.toFixed(0)} |`)
}

const markdown = `## Shard store

Command: \`npm run bench:shards\`. Machine: ${machine()}.
Merge rates are entries per second into an in-memory store (a new entry, a
newer cycle id of a known entry, and a duplicate that changes nothing); a
merge that changes the table hashes the entry (SHA3-256) for the digest.
Digest: the root of the hash tree over the whole table (median of 3).
Store and load: one crash-safe write of the table to LevelDB (datastore-level)
and reading it back.

| entries | new entries/s | updates/s | duplicates/s | digest ms | store ms | load ms |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`

console.log(markdown)
writeSection('shards', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
