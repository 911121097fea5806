/**
 * A forger: the plain peer of plain-peer.ts with a `/lvs/sync/2.0.0`
 * handler that serves whatever table it is given, written byte by byte
 * where the codec would refuse (extra fields, non-finite doubles).
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { expect } from 'aegir/chai'
import protobuf from 'protobufjs'
import { concat } from 'uint8arrays/concat'
import { Beacon, SHARD, StateDiff, SYNC_PROTOCOL, SyncRequest, SyncResponse, TableEntry, createPlainPeer, fetchTable as fetchPage, keyOf, random } from './plain-peer.ts'
import type { Envelope, PlainPeer as Attacker } from './plain-peer.ts'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/** One entry the attacker serves: a proof, and raw bytes appended to its TableEntry */
export interface Served {
  proof: Envelope
  extra?: Uint8Array
}

/** An SDM whose input is two doubles written byte by byte (NaN, Infinity: what the LVS encoder refuses to write) */
export function sdmWithRawInput (double: Uint8Array): Uint8Array {
  const head = StateDiff.encode(StateDiff.create({ version: 1, shardId: SHARD, cycleId: Date.now(), state: [1, 1], driftWeight: 1, nonce: 7 })).finish()
  // field 4 (input), wire type 1 (64 bits), little endian
  const component = concat([Uint8Array.of(0x21), double])
  return concat([head, component, component])
}

/** The same SDM with another input and a newer cycle id: what a forger would like an honest node to have said last */
export function withInput (data: Uint8Array, input: number[]): Uint8Array {
  const decoded = StateDiff.toObject(StateDiff.decode(data), { longs: Number })
  return StateDiff.encode(StateDiff.create({ ...decoded, input, cycleId: Date.now() })).finish()
}

/** The v1 fields a TableEntry no longer has, written by hand: last_seen = 6 (varint, tag 0x30), status = 7 (varint, tag 0x38) */
export function v1Fields (lastSeen: number, status: number): Uint8Array {
  return protobuf.Writer.create().uint32(0x30).uint64(lastSeen).uint32(0x38).uint32(status).finish()
}

/** One sync page, the last, holding `entries` in key order (TableEntry bytes appended by hand as field 3) */
export function page (entries: Served[]): Uint8Array {
  const head = SyncResponse.encode(SyncResponse.create({ version: 1, shardId: SHARD, digest: random(32) })).finish()
  const writer = protobuf.Writer.create()

  for (const { proof, extra } of [...entries].sort((a, b) => keyOf(a.proof) < keyOf(b.proof) ? -1 : 1)) {
    const entry = concat([TableEntry.encode(TableEntry.create({ proof })).finish(), extra ?? new Uint8Array(0)])
    writer.uint32(0x1a).bytes(entry)
  }

  return concat([head, writer.finish()])
}

/** A plain js-libp2p peer (nothing of LVS) that answers sync requests with whatever `serve` holds */
export async function createAttacker (): Promise<{ node: Attacker, privateKey: PrivateKey, serve(entries: Served[]): void, served: number[] }> {
  const privateKey = await generateKeyPair('Ed25519')
  const node = await createPlainPeer({ privateKey, listen: true })
  let entries: Served[] = []
  /** entries written per request answered */
  const served: number[] = []

  await node.handle(SYNC_PROTOCOL, async stream => {
    const lp = lpStream(stream, { maxDataLength: 1024 * 1024 })

    try {
      const request = SyncRequest.toObject(SyncRequest.decode((await lp.read()).subarray()))

      if (request.shardId === SHARD) {
        await lp.write(page(entries))
        served.push(entries.length)
      }

      await stream.close()
    } catch (err: any) {
      stream.abort(err)
    }
  })

  return { node, privateKey, serve: e => { entries = e }, served }
}

/** What anyone can do: ask an honest node for its table and read the signed entries */
export async function fetchTable (attacker: Attacker, peer: PeerId): Promise<Envelope[]> {
  const { entries, last } = await fetchPage(attacker, peer)
  expect(last, 'the honest table fits one page').to.be.true()
  return entries
}

/** A signed beacon on `/lvs/1/beacon` whose digest for the shard is 32 random bytes */
export function beacon (): Uint8Array {
  return Beacon.encode(Beacon.create({
    version: 1,
    nodeLoad: 0.1,
    cycleInterval: 1000,
    shards: [{ shardId: SHARD, digest: random(32), count: 3 }],
    timestamp: Date.now()
  })).finish()
}
