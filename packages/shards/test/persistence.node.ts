import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'aegir/chai'
import { ShardStore, createPersistentDatastore } from '../src/index.ts'
import { DRIFT, entry, keyFor } from './fixtures.ts'

describe('persistence through datastore-level', () => {
  let dir: string

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'lvs-shards-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('a table written, closed and reopened from the same directory comes back whole', async () => {
    const first = await createPersistentDatastore({ location: dir })
    const store = new ShardStore({ datastore: first })
    await store.loadShard(DRIFT)
    for (let i = 0; i < 1000; i++) { store.mergeEntry('drift', entry(`peer-${i}`, i + 1, [i * 0.5, -i], { lastSeen: i % 4 === 0 ? 0 : 1_000_000 })) }
    await store.shutdown()
    await first.close()

    const second = await createPersistentDatastore({ location: dir })
    const reopened = new ShardStore({ datastore: second })
    const shard = await reopened.loadShard(DRIFT)

    expect(shard.entries.size).to.equal(1000)
    reopened.expire(1_000_000)
    expect(shard.entries.get(keyFor('peer-999'))).to.include({ cycleId: 1000, status: 'live' })
    expect(shard.entries.get(keyFor('peer-999'))?.input).to.deep.equal([499.5, -999])
    expect(shard.entries.get(keyFor('peer-4'))?.status).to.equal('dormant')
    expect(reopened.digest('drift')).to.deep.equal(store.digest('drift'))
    await second.close()
  })
})
