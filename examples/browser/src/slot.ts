// This tab's identity and storage. Each tab takes a slot, held with a Web
// Lock for as long as it lives, so two tabs never share a key or a
// database; a slot keeps its key (localStorage) and its node's datastore
// (IndexedDB), so a tab that is closed without stopping and opened again
// takes the slot it left and finds its table and input where they were,
// as the same member of the swarm (a new key would count its input twice:
// its old entry stays counted, dormant, for the shard's retention).
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { createPersistentDatastore } from '@lvs/shards'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

/** Slots tried before giving up: more tabs than this on one origin share nothing and start fresh each time */
const MAX_SLOTS = 64

export interface Slot {
  index: number
  privateKey: PrivateKey
  datastore: Datastore & { close(): Promise<void> }
  /** the slot had never been used: no key, no table, no input stored */
  fresh: boolean
}

const keyName = (index: number): string => `lvs-demo-key-${index}`

/** Holds the lock `name` until the page goes, if it is free; whether it was */
async function hold (name: string): Promise<boolean> {
  return new Promise(resolve => {
    void navigator.locks.request(name, { ifAvailable: true }, async lock => {
      resolve(lock != null)

      if (lock != null) {
        // released only when the tab closes
        await new Promise(() => {})
      }
    })
  })
}

async function open (index: number): Promise<Slot> {
  const stored = localStorage.getItem(keyName(index))
  const privateKey = stored == null ? await generateKeyPair('Ed25519') : privateKeyFromProtobuf(fromString(stored, 'base64'))
  localStorage.setItem(keyName(index), toString(privateKeyToProtobuf(privateKey), 'base64'))

  return { index, privateKey, datastore: await createPersistentDatastore({ location: `lvs-demo-${index}` }), fresh: stored == null }
}

/** The first slot no other tab of this origin holds */
export async function takeSlot (): Promise<Slot> {
  for (let index = 0; index < MAX_SLOTS; index++) {
    if (await hold(`lvs-demo-slot-${index}`)) {
      return open(index)
    }
  }

  throw new Error(`more than ${MAX_SLOTS} tabs of this demo are open`)
}

/** The same slot with a new identity and an empty table: "Rejoin" as a new member */
export async function renewSlot (slot: Slot): Promise<Slot> {
  for await (const key of slot.datastore.queryKeys({})) {
    await slot.datastore.delete(key)
  }

  await slot.datastore.close()
  localStorage.removeItem(keyName(slot.index))
  return open(slot.index)
}
