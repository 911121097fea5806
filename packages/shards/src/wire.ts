import { fromString, toString } from 'uint8arrays'
import type { Entry } from './shard.ts'
import type { TableEntry } from '@lvs/codec'

/** An entry as the codec carries it (key as UTF-8 bytes) */
export function toWire (entry: Entry): TableEntry {
  const wire: TableEntry = {
    key: fromString(entry.key),
    cycleId: entry.cycleId,
    input: entry.input,
    state: entry.state,
    driftWeight: entry.driftWeight,
    lastSeen: Math.max(0, Math.round(entry.lastSeen)),
    status: entry.status
  }

  if (entry.proof != null) {
    wire.proof = entry.proof
  }

  return wire
}

export function fromWire (wire: TableEntry): [string, Entry] {
  const key = toString(wire.key)
  const entry: Entry = {
    key,
    cycleId: wire.cycleId,
    input: wire.input,
    state: wire.state,
    driftWeight: wire.driftWeight,
    lastSeen: wire.lastSeen,
    status: wire.status
  }

  if (wire.proof != null) {
    entry.proof = wire.proof
  }

  return [key, entry]
}
