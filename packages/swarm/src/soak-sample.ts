import { getEventListeners } from 'node:events'
import { readFileSync } from 'node:fs'
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'
import type { LvsNode } from '@lvs/node'

/** The soak's shard: non-negative, so a negative value anywhere is a failure */
export const SOAK_SHARD = { name: 'soak', dimension: 2, nonNegative: true }

/** V8's heap spaces that hold code (machine code, bytecode, their metadata), not the program's objects */
const CODE_SPACES = new Set(['code_space', 'code_large_object_space', 'trusted_space', 'trusted_large_object_space'])

/**
 * The collection before each sample (when --expose-gc): V8's most thorough,
 * which compacts the heap and gives its free pages back to the system.
 * After an ordinary one V8 keeps pages it has freed for reuse, more as the
 * hours go on (+2.5 MB an hour of heap held against +0.5 of heap used, at
 * the soak's long-lived node), and RSS counts them
 */
const COLLECTION = { type: 'major', execution: 'sync', flavor: 'last-resort' }

/** What one process looks like at one moment */
export interface ProcessSample {
  /**
   * heap after the collection (COLLECTION), without V8's code
   * (`codeMB`), MB: the objects the program keeps
   */
  heapMB: number
  /**
   * the part of the heap that is V8's own code: JIT-compiled code, bytecode
   * and their metadata (code and trusted spaces), MB. It grows for tens of
   * minutes as more functions get optimised, then flattens: warm-up, not data
   */
  codeMB: number
  /** RSS after the collection: what the process holds and cannot give back, MB */
  rssMB: number
  /**
   * RSS as the process ran, before the collection, MB: with the heap V8
   * holds for reuse
   */
  rssRunningMB?: number
  /**
   * the part of RSS that is the process's own memory (anonymous pages: the
   * JS heap, malloc's arenas, buffers), MB; undefined where /proc is not
   */
  anonMB?: number
  /**
   * the part of RSS mapped from files (the node binary's and the
   * libraries' pages, read in as code paths first run; shared, and the
   * kernel drops them under pressure), MB
   */
  fileMB?: number
  /** memory V8 itself holds through malloc (compiler zones, tables), MB */
  v8MallocMB?: number
  /**
   * resident memory of each of V8's heap spaces (new, old, code, trusted,
   * large object, ...), MB: which part of the heap RSS grows with
   */
  spacesMB?: Record<string, number>
  /** heap the engine holds from the system (used or not), MB: RSS that grows while this does not is not the JS heap */
  heapTotalMB: number
  /** memory outside the JS heap that JS objects hold (buffers, ArrayBuffers), MB */
  externalMB: number
  /** handles and requests keeping the event loop alive (sockets, timers, ...) */
  handles: number
  /** abort listeners on the LVS services' long-lived signals, and the process's own listeners */
  listeners: number
  /** open connections, per node on average */
  connections: number
  /** table entries, the largest of the nodes */
  table: number
  /** per node: its target and count in the soak's shard, for the equilibrium check */
  views: Array<{ target: number[], count: number }>
}

/** One sample of this process and its running nodes */
export function processSample (nodes: LvsNode[]): ProcessSample {
  const running = process.memoryUsage.rss()
  const { gc } = globalThis as { gc?(options: object): void }
  gc?.(COLLECTION)
  const memory = process.memoryUsage()
  const spaces = getHeapSpaceStatistics()
  const code = spaces
    .filter(space => CODE_SPACES.has(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0)
  const signals = nodes.map(node => (node.services.lvs as unknown as { controller?: AbortController }).controller?.signal).filter(signal => signal != null)
  const own = process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0)

  return {
    heapMB: (memory.heapUsed - code) / 2 ** 20,
    codeMB: code / 2 ** 20,
    rssMB: memory.rss / 2 ** 20,
    rssRunningMB: running / 2 ** 20,
    ...residentParts(),
    v8MallocMB: getHeapStatistics().malloced_memory / 2 ** 20,
    spacesMB: Object.fromEntries(spaces.map(space => [space.space_name, space.physical_space_size / 2 ** 20])),
    heapTotalMB: memory.heapTotal / 2 ** 20,
    externalMB: memory.external / 2 ** 20,
    handles: process.getActiveResourcesInfo().length,
    listeners: own + signals.reduce((sum, signal) => sum + getEventListeners(signal, 'abort').length, 0),
    connections: nodes.length === 0 ? 0 : nodes.reduce((sum, node) => sum + node.getConnections().length, 0) / nodes.length,
    table: Math.max(0, ...nodes.map(node => node.services.lvs.table(SOAK_SHARD.name).length)),
    views: nodes.map(node => {
      const view = node.services.lvs.getState(SOAK_SHARD.name)
      return { target: view.target, count: view.count }
    })
  }
}

/** RSS split into anonymous and file-backed pages (Linux's /proc/self/smaps_rollup), MB; empty elsewhere */
function residentParts (): { anonMB?: number, fileMB?: number } {
  let rollup: string

  try {
    rollup = readFileSync('/proc/self/smaps_rollup', 'utf8')
  } catch {
    return {}
  }

  const kB = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN)
  const anon = kB('Anonymous')

  return { anonMB: anon / 1024, fileMB: (kB('Rss') - anon) / 1024 }
}
