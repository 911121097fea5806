import { expect } from 'aegir/chai'
import { MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { fromString, toString } from 'uint8arrays'
import { AuditLog, canonicalJson, hashEntry, merkleRoot } from '../src/index.ts'
import type { AuditEntry } from '../src/index.ts'

const entryKey = (index: number): Key => new Key(`/lvs/audit/entries/${index.toString().padStart(12, '0')}`)

async function filled (count = 4): Promise<{ datastore: MemoryDatastore, log: AuditLog }> {
  const datastore = new MemoryDatastore()
  const log = new AuditLog(datastore)

  for (let i = 0; i < count; i++) {
    await log.append({ type: 'reject', subject: `peer-${i}`, reason: 'out-of-bounds', at: 1000 + i, data: { input: [i, -i] } })
  }

  return { datastore, log }
}

async function read (datastore: MemoryDatastore, index: number): Promise<AuditEntry> {
  return JSON.parse(toString(await datastore.get(entryKey(index))))
}

async function write (datastore: MemoryDatastore, index: number, entry: unknown): Promise<void> {
  await datastore.put(entryKey(index), fromString(JSON.stringify(entry)))
}

describe('AuditLog', () => {
  it('chains entries by hash and verifies', async () => {
    const { datastore, log } = await filled()
    const first = await read(datastore, 0)
    const second = await read(datastore, 1)

    expect(first.prevHash).to.equal('0'.repeat(64))
    expect(second.prevHash).to.equal(first.hash)
    expect(hashEntry(second)).to.equal(second.hash)
    expect(log.length).to.equal(4)
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  it('persists: a new log over the same datastore loads every entry and the same root', async () => {
    const { datastore, log } = await filled()
    const reopened = await new AuditLog(datastore).load()

    expect(reopened.length).to.equal(4)
    expect(reopened.root()).to.equal(log.root())
    expect(await reopened.verify()).to.deep.equal({ ok: true })

    await reopened.append({ type: 'alert', subject: 'peer-9', reason: 'jump', at: 2000 })
    expect(await reopened.verify()).to.deep.equal({ ok: true })
    expect(reopened.root()).to.not.equal(log.root())
  })

  it('keeps appends in call order when they are not awaited one by one', async () => {
    const log = new AuditLog(new MemoryDatastore())
    const entries = await Promise.all([0, 1, 2].map(async i => log.append({ type: 't', subject: `s${i}`, reason: 'r', at: i })))

    expect(entries.map(e => e.index)).to.deep.equal([0, 1, 2])
    expect(await log.verify()).to.deep.equal({ ok: true })
  })

  describe('verify() detects tampering', () => {
    it('an edited action', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 2)
      entry.action.reason = 'nothing happened'
      await write(datastore, 2, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 2 })
    })

    it('an edited action with its hash recomputed (the next link breaks)', async () => {
      const { datastore, log } = await filled()
      const entry = await read(datastore, 1)
      entry.action.subject = 'someone else'
      entry.hash = hashEntry(entry)
      await write(datastore, 1, entry)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 2 })
    })

    it('a whole chain rewritten from some entry on (the root differs)', async () => {
      const { datastore, log } = await filled()
      let prevHash = (await read(datastore, 0)).hash

      for (let index = 1; index < 4; index++) {
        const entry = await read(datastore, index)
        entry.action.reason = 'rewritten'
        entry.prevHash = prevHash
        entry.hash = hashEntry(entry)
        prevHash = entry.hash
        await write(datastore, index, entry)
      }

      expect((await log.verify()).ok).to.be.false()
    })

    it('a removed entry', async () => {
      const { datastore, log } = await filled()
      await datastore.delete(entryKey(1))

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('the last entry removed with the head shortened to match', async () => {
      const { datastore, log } = await filled()
      await datastore.delete(entryKey(3))
      const head = JSON.parse(toString(await datastore.get(new Key('/lvs/audit/head'))))
      const last = await read(datastore, 2)
      const hashes = [0, 1, 2].map(async i => fromString((await read(datastore, i)).hash, 'base16'))
      await datastore.put(new Key('/lvs/audit/head'), fromString(JSON.stringify({
        ...head, length: 3, lastHash: last.hash, root: toString(merkleRoot(await Promise.all(hashes)), 'base16')
      })))

      expect((await log.verify()).ok, 'the node still knows it wrote four').to.be.false()
    })

    it('two entries swapped', async () => {
      const { datastore, log } = await filled()
      const one = await read(datastore, 1)
      const two = await read(datastore, 2)
      await write(datastore, 1, two)
      await write(datastore, 2, one)

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 1 })
    })

    it('a forged entry inserted past the end', async () => {
      const { datastore, log } = await filled()
      const last = await read(datastore, 3)
      const forged = { index: 4, action: { type: 'forged', subject: 'x', reason: 'x', at: 0 }, prevHash: last.hash }
      await datastore.put(entryKey(4), fromString(canonicalJson({ ...forged, hash: hashEntry(forged) })))

      expect(await log.verify()).to.include({ ok: false, firstBadIndex: 4 })
    })

    it('an edited head', async () => {
      const { datastore, log } = await filled()
      const head = JSON.parse(toString(await datastore.get(new Key('/lvs/audit/head'))))
      await datastore.put(new Key('/lvs/audit/head'), fromString(JSON.stringify({ ...head, root: 'f'.repeat(64) })))

      expect((await log.verify()).ok).to.be.false()
    })
  })

  it('canonical JSON sorts keys and refuses non-finite numbers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).to.equal('{"a":[true,null,"x"],"b":1}')
    expect(() => canonicalJson({ a: Number.NaN })).to.throw().with.property('name', 'NotCanonicalError')
    expect(() => canonicalJson(new Date())).to.throw().with.property('name', 'NotCanonicalError')
  })
})
