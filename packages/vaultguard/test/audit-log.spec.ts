import { expect } from 'aegir/chai'
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { AuditLog, GENESIS_HASH, canonicalJson, hashEntry, merkleRoot } from '../src/index.ts'
import type { AuditEntry } from '../src/index.ts'

const entryKey = (index: number, prefix = '/lvs/audit'): Key => new Key(`${prefix}/entries/${index.toString().padStart(12, '0')}`)
const headKey = new Key('/lvs/audit/head')

async function filled (count = 4): Promise<{ datastore: MemoryDatastore, log: AuditLog }> {
  const datastore = new MemoryDatastore()
  const log = new AuditLog(datastore)

  for (let i = 0; i < count; i++) {
    await log.append({ type: 'reject', subject: `peer-${i}`, reason: 'out-of-bounds', at: 1000 + i, data: { input: [i, -i], nested: { ok: true } } })
  }

  return { datastore, log }
}

async function read (datastore: MemoryDatastore, index: number): Promise<AuditEntry> {
  return JSON.parse(toString(await datastore.get(entryKey(index))))
}

async function write (datastore: MemoryDatastore, index: number, entry: unknown): Promise<void> {
  await datastore.put(entryKey(index), fromString(JSON.stringify(entry)))
}

async function readHead (datastore: MemoryDatastore): Promise<{ length: number, lastHash: string, root: string }> {
  return JSON.parse(toString(await datastore.get(headKey)))
}

/** Rewrites entries from `from` on so each links and hashes correctly, and the head to match: a consistent forgery */
async function rechain (datastore: MemoryDatastore, entries: AuditEntry[], from: number): Promise<void> {
  let prevHash = from === 0 ? GENESIS_HASH : entries[from - 1].hash

  for (let index = from; index < entries.length; index++) {
    const entry = { ...entries[index], index, prevHash }
    entry.hash = hashEntry(entry)
    entries[index] = entry
    prevHash = entry.hash
    await write(datastore, index, entry)
  }

  const root = toString(merkleRoot(entries.map(e => fromString(e.hash, 'base16'))), 'base16')
  await datastore.put(headKey, fromString(JSON.stringify({ length: entries.length, lastHash: prevHash, root })))
}

describe('AuditLog', () => {
  it('chains entries by hash over canonical JSON and verifies', async () => {
    const { datastore, log } = await filled()
    const first = await read(datastore, 0)
    const second = await read(datastore, 1)

    expect(first).to.include({ index: 0, at: 1000, prevHash: GENESIS_HASH })
    expect(second.prevHash).to.equal(first.hash)
    expect(hashEntry(second)).to.equal(second.hash)
    expect(log.length).to.equal(4)
    expect(log.head()).to.equal((await read(datastore, 3)).hash)
    expect(toString(await datastore.get(entryKey(0)))).to.equal(canonicalJson(first))
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  it('keeps a Merkle root over the entry hashes in memory and in the head', async () => {
    const { datastore, log } = await filled(5)
    const hashes = await Promise.all([0, 1, 2, 3, 4].map(async i => fromString((await read(datastore, i)).hash, 'base16')))
    const root = toString(merkleRoot(hashes), 'base16')

    expect(log.root()).to.equal(root)
    expect((await readHead(datastore)).root).to.equal(root)
  })

  it('persists: a new log over the same datastore loads every entry and the same root', async () => {
    const { datastore, log } = await filled()
    const reopened = await new AuditLog(datastore).load()

    expect(reopened.length).to.equal(4)
    expect(reopened.root()).to.equal(log.root())
    expect(reopened.head()).to.equal(log.head())
    expect(await reopened.verify()).to.deep.equal({ ok: true })

    const entries: AuditEntry[] = []
    for await (const entry of reopened.entries()) { entries.push(entry) }
    expect(entries.map(e => e.action.subject)).to.deep.equal(['peer-0', 'peer-1', 'peer-2', 'peer-3'])

    await reopened.append({ type: 'alert', subject: 'peer-9', reason: 'jump', at: 2000 })
    expect(await reopened.verify()).to.deep.equal({ ok: true })
    expect(reopened.root()).to.not.equal(log.root())
    expect((await new AuditLog(datastore).load()).length).to.equal(5)
  })

  it('keeps logs under different prefixes apart', async () => {
    const datastore = new MemoryDatastore()
    const a = new AuditLog(datastore, { prefix: '/lvs/audit/a/' })
    const b = new AuditLog(datastore, { prefix: '/lvs/audit/b' })
    await a.append({ type: 't', subject: 's', reason: 'r', at: 1 })

    expect(await datastore.has(entryKey(0, '/lvs/audit/a'))).to.be.true()
    expect(await b.verify()).to.deep.equal({ ok: true })
    expect(await a.verify()).to.deep.equal({ ok: true })
  })

  it('keeps appends in call order when they are not awaited one by one', async () => {
    const log = new AuditLog(new MemoryDatastore())
    const entries = await Promise.all([0, 1, 2].map(async i => log.append({ type: 't', subject: `s${i}`, reason: 'r', at: i })))

    expect(entries.map(e => e.index)).to.deep.equal([0, 1, 2])
    expect(entries.map(e => e.action.subject)).to.deep.equal(['s0', 's1', 's2'])
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  it('refuses an action it cannot hash, and leaves the log as it was', async () => {
    const { log } = await filled(2)
    const root = log.root()

    await expect(log.append({ type: 't', subject: 's', reason: 'r', at: Number.NaN })).to.eventually.be.rejected.with.property('name', 'InvalidAuditActionError')
    await expect(log.append({ type: 't', subject: 's', reason: 'r', at: 1, data: { x: Number.POSITIVE_INFINITY } })).to.eventually.be.rejected.with.property('name', 'NotCanonicalError')
    expect(log.root()).to.equal(root)
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  it('takes back an entry whose head could not be written, leaving the log as it was', async () => {
    const { datastore, log } = await filled(2)
    const root = log.root()
    const put = datastore.put.bind(datastore)
    let failHead = true
    datastore.put = (key, value, options) => {
      if (failHead && key.toString() === headKey.toString()) {
        failHead = false
        throw new Error('disk full')
      }

      return put(key, value, options)
    }

    await expect(log.append({ type: 't', subject: 's', reason: 'r', at: 1 })).to.eventually.be.rejectedWith('disk full')
    expect(log.root()).to.equal(root)
    expect(log.length).to.equal(2)
    expect(await log.verify()).to.deep.equal({ ok: true })

    await log.append({ type: 't', subject: 's', reason: 'r', at: 2 })
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  it('passes the abort signal to the datastore', async () => {
    const { log } = await filled(2)
    const signal = AbortSignal.abort()

    await expect(log.append({ type: 't', subject: 's', reason: 'r', at: 1 }, { signal })).to.eventually.be.rejected.with.property('name', 'AbortError')
    await expect(log.verify({ signal })).to.eventually.be.rejected.with.property('name', 'AbortError')
    await expect(new AuditLog(new MemoryDatastore()).load({ signal })).to.eventually.be.rejected.with.property('name', 'AbortError')
    expect(log.length).to.equal(2)
  })

  describe('verify() detects tampering', () => {
    it('an edited action', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 2)
      entry.action.reason = 'nothing happened'
      await write(datastore, 2, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 2 })
    })

    it('an edited time', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 1)
      entry.at = 5
      await write(datastore, 1, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('an edited hash', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 1)
      entry.hash = 'ab'.repeat(32)
      await write(datastore, 1, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('an edited action with its hash recomputed (the next link breaks)', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 1)
      entry.action.subject = 'someone else'
      entry.hash = hashEntry(entry)
      await write(datastore, 1, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 2 })
    })

    it('a deleted entry', async () => {
      const { datastore, log } = await filled()
      await datastore.delete(entryKey(1))

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('a deleted entry with the rest moved down and re-chained, head and root to match', async () => {
      const { datastore, log } = await filled()
      const entries = await Promise.all([0, 2, 3].map(async i => read(datastore, i)))
      await datastore.delete(entryKey(3))
      await rechain(datastore, entries, 1)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 3 })
    })

    it('the last entry deleted with the head shortened to match', async () => {
      const { datastore, log } = await filled()
      await datastore.delete(entryKey(3))
      await rechain(datastore, await Promise.all([0, 1, 2].map(async i => read(datastore, i))), 3)

      expect(await log.verify(), 'the node still knows it wrote four').to.include({ ok: false, firstBadIndex: 3 })
    })

    it('two entries swapped', async () => {
      const { datastore, log } = await filled()
      const one = await read(datastore, 1)
      const two = await read(datastore, 2)
      await write(datastore, 1, two)
      await write(datastore, 2, one)

      expect(await log.verify()).to.deep.equal({ ok: false, firstBadIndex: 1, reason: 'entry 1 says it is entry 2' })
    })

    it('two entries swapped with their indexes fixed', async () => {
      const { datastore, log } = await filled()
      const one = await read(datastore, 1)
      const two = await read(datastore, 2)
      await write(datastore, 1, { ...two, index: 1 })
      await write(datastore, 2, { ...one, index: 2 })

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('a forged entry inserted in the middle', async () => {
      const { datastore, log } = await filled()
      const entries = await Promise.all([0, 1, 2, 3].map(async i => read(datastore, i)))
      const forged = { index: 2, at: 0, action: { type: 'forged', subject: 'x', reason: 'x', at: 0 }, prevHash: entries[1].hash }
      const shifted = [...entries.slice(0, 2), { ...forged, hash: hashEntry(forged) }, ...entries.slice(2).map(e => ({ ...e, index: e.index + 1 }))]

      for (const entry of shifted) { await write(datastore, entry.index, entry) }
      await datastore.put(headKey, fromString(JSON.stringify({ ...(await readHead(datastore)), length: 5 })))

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 3 })
    })

    it('a forged entry inserted in the middle, everything re-chained, head and root to match', async () => {
      const { datastore, log } = await filled()
      const entries = await Promise.all([0, 1, 2, 3].map(async i => read(datastore, i)))
      const forged = { index: 2, at: 0, action: { type: 'forged', subject: 'x', reason: 'x', at: 0 }, prevHash: '', hash: '' }
      await rechain(datastore, [...entries.slice(0, 2), forged, ...entries.slice(2)], 2)

      expect((await log.verify()).ok, 'the stored log differs from the one this node wrote').to.be.false()
    })

    it('a forged entry appended past the end', async () => {
      const { datastore, log } = await filled()
      const last = await read(datastore, 3)
      const forged = { index: 4, at: 0, action: { type: 'forged', subject: 'x', reason: 'x', at: 0 }, prevHash: last.hash }
      await write(datastore, 4, { ...forged, hash: hashEntry(forged) })

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 4 })
    })

    it('an edited head: root, last hash, length, or garbage', async () => {
      for (const edit of [{ root: 'f'.repeat(64) }, { lastHash: 'f'.repeat(64) }, { length: 3 }, { length: 'x' }]) {
        const { datastore, log } = await filled()
        await datastore.put(headKey, fromString(JSON.stringify({ ...(await readHead(datastore)), ...edit })))

        expect((await log.verify()).ok, JSON.stringify(edit)).to.be.false()
      }

      const { datastore, log } = await filled()
      await datastore.put(headKey, fromString('not json'))
      expect(await log.verify()).to.include({ ok: false })
      await expect(new AuditLog(datastore).load()).to.eventually.be.rejected.with.property('name', 'CorruptAuditLogError')
    })

    it('a deleted head', async () => {
      const { datastore, log } = await filled()
      await datastore.delete(headKey)

      expect((await log.verify()).ok).to.be.false()
    })
  })
})
