import type { Beacon, EntropyPacket, Evidence, StateDiff, StoredChunk, SyncRequest, SyncResponse, TableEntry } from '../src/index.ts'

export function sdm (overrides: Partial<StateDiff> = {}): StateDiff {
  return {
    shardId: 'drift',
    cycleId: 123456,
    input: [5.123456789, -1.5],
    state: [4.25, -0.5],
    driftWeight: 1,
    nonce: 0xdeadbeef,
    ...overrides
  }
}

export function ep (overrides: Partial<EntropyPacket> = {}): EntropyPacket {
  return {
    entropyVector: [0.25, 0.5],
    nodeLoad: 0.125,
    timestamp: 1_763_000_000_000,
    ...overrides
  }
}

export function beacon (overrides: Partial<Beacon> = {}): Beacon {
  return {
    nodeLoad: 0.5,
    cycleInterval: 200,
    shards: [
      { shardId: 'drift', digest: new Uint8Array(32).fill(7), count: 10 },
      { shardId: 'load', digest: new Uint8Array(32).fill(9), count: 3 }
    ],
    timestamp: 1_763_000_000_000,
    ...overrides
  }
}

export function envelope (): Evidence['messages'][number] {
  return {
    from: new Uint8Array(38).fill(1),
    data: new Uint8Array(40).fill(2),
    seqno: new Uint8Array(8).fill(3),
    topic: '/lvs/1/shard/drift',
    signature: new Uint8Array(64).fill(4),
    key: new Uint8Array(0)
  }
}

export function entry (overrides: Partial<TableEntry['proof']> = {}): TableEntry {
  return { proof: { ...envelope(), ...overrides } }
}

export function syncRequest (overrides: Partial<SyncRequest> = {}): SyncRequest {
  return { shardId: 'drift', cursor: new Uint8Array([1, 2, 3]), limit: 64, ...overrides }
}

export function syncResponse (overrides: Partial<SyncResponse> = {}): SyncResponse {
  return {
    shardId: 'drift',
    entries: [entry(), entry({ from: new Uint8Array(38).fill(6), key: new Uint8Array(36).fill(7) })],
    nextCursor: new Uint8Array([9]),
    digest: new Uint8Array(32).fill(8),
    evidence: [],
    ...overrides
  }
}

export function storedChunk (overrides: Partial<StoredChunk> = {}): StoredChunk {
  return {
    shardId: 'drift',
    entries: [{ proof: envelope(), lastSeen: 1_763_000_000_000 }, { proof: { ...envelope(), from: new Uint8Array(38).fill(6) }, lastSeen: 0 }],
    evidence: [evidence()],
    ...overrides
  }
}

export function evidence (overrides: Partial<Evidence> = {}): Evidence {
  return { shardId: 'drift', kind: 3, messages: [envelope(), envelope()], ...overrides }
}
