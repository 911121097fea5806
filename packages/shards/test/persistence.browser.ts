import { expect } from 'aegir/chai'
import { ShardStore, createPersistentDatastore } from '../src/index.ts'
import { DRIFT, entry, keyFor } from './fixtures.ts'

describe('persistence through IndexedDB', () => {
  it('a table written, closed and reopened from the same database comes back whole', async () => {
    const name = `lvs-test-${Date.now()}`
    const first = await createPersistentDatastore({ location: name })
    const store = new ShardStore({ datastore: first })
    await store.loadShard(DRIFT)
    for (let i = 0; i < 500; i++) { store.mergeEntry('drift', entry(`peer-${i}`, i + 1, [i, i], { lastSeen: i % 2 === 0 ? 0 : 1_000_000 })) }
    await store.shutdown()
    await first.close()

    const second = await createPersistentDatastore({ location: name })
    const reopened = new ShardStore({ datastore: second })
    const shard = await reopened.loadShard(DRIFT)

    expect(shard.entries.size).to.equal(500)
    reopened.expire(1_000_000)
    expect(shard.entries.get(keyFor('peer-2'))?.status).to.equal('dormant')
    expect(shard.entries.get(keyFor('peer-3'))?.status).to.equal('live')
    expect(globalThis.indexedDB).to.exist()
    await second.close()
  })
})
