import { LevelDatastore } from 'datastore-level'
import type { Datastore } from 'interface-datastore'

export interface PersistentDatastoreInit {
  /** Node: a directory for LevelDB; browser: an IndexedDB database name. Default `lvs-data` */
  location?: string
}

/** The datastore that survives a restart: LevelDB in Node (IndexedDB in the browser) */
export async function createPersistentDatastore (init: PersistentDatastoreInit = {}): Promise<Datastore & { close(): Promise<void> }> {
  const datastore = new LevelDatastore(init.location ?? 'lvs-data')
  await datastore.open()

  return datastore
}
