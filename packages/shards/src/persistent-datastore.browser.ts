import { IDBDatastore } from 'datastore-idb'
import type { PersistentDatastoreInit } from './persistent-datastore.ts'
import type { Datastore } from 'interface-datastore'

/** The datastore that survives a reload: IndexedDB in the browser (LevelDB in Node) */
export async function createPersistentDatastore (init: PersistentDatastoreInit = {}): Promise<Datastore & { close(): Promise<void> }> {
  const datastore = new IDBDatastore(init.location ?? 'lvs-data')
  await datastore.open()

  return datastore
}
