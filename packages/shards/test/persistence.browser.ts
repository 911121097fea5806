import { expect } from 'aegir/chai'
import { ShardStore, createPersistentDatastore } from '../src/index.ts'
import { DRIFT, entry } from './fixtures.ts'

describe('persistence through IndexedDB', () => {
  it('a table written, closed and reopened from the same database comes back whole', async () => {
    const name = `lvs-test-${Date.now()}`
    const first = await createPersistentDatastore({ location: name })
    const store = new ShardStore({ datastore: first })
    await store.loadShard(DRIFT)
    for (let i = 0; i < 500; i++) { store.mergeEntry('drift', entry(`peer-${i}`, i + 1, [i, i], { status: i % 2 === 0 ? 'dormant' : 'live' })) }
    await store.shutdown()
    await first.close()

    const second = await createPersistentDatastore({ location: name })
    const shard = await new ShardStore({ datastore: second }).loadShard(DRIFT)

    expect(shard.entries.size).to.equal(500)
    expect(shard.entries.get('peer-2')?.status).to.equal('dormant')
    expect(globalThis.indexedDB).to.exist()
    await second.close()
  })
})
