import type { Entry } from '../src/index.ts'

export function entry (key: string, cycleId = 1, input = [1, 2], overrides: Partial<Entry> = {}): Entry {
  return { key, cycleId, input, state: [...input], driftWeight: 1, lastSeen: 1000, status: 'live', ...overrides }
}

export const DRIFT = { name: 'drift', dimension: 2 }
