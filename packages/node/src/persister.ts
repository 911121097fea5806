import { sleep } from './timers.ts'
import type { ShardStore } from '@lvs/shards'

export interface PersisterInit {
  store: ShardStore
  /** least time between two writes of one shard, ms */
  interval: number
  /** a write failed; the next one is tried at the next interval */
  onError(shard: string, err: Error): void
  /** a write of `shard` completed, at `at` (ms) */
  onWritten?(shard: string, at: number): void
}

/**
 * Continuous crash-safe persistence (docs/node.md): a shard whose table or
 * own values changed is written through the store's crash-safe write at
 * most once per `interval`, in the background (the cycle never waits for
 * it), one write at a time. A write that fails is reported and retried;
 * each write stores the whole shard, so the next one that succeeds catches
 * up. `flush()` writes whatever changed now (stop, a closed page).
 */
export class Persister {
  private readonly init: PersisterInit
  /** the change count of each shard when it was last written */
  private readonly written = new Map<string, number>()
  private writing: Promise<void> = Promise.resolve()
  /** writes that failed since the last one that succeeded */
  failures = 0
  /** when the last write completed, ms (0: none yet) */
  lastWrite = 0

  constructor (init: PersisterInit) {
    this.init = init
  }

  /** Shards changed since they were last written */
  pending (): string[] {
    return this.init.store.shards().filter(name => this.init.store.changes(name) !== this.written.get(name))
  }

  /** Writes every changed shard now (after any write under way); never throws */
  async flush (): Promise<void> {
    this.writing = this.writing.then(async () => {
      for (const name of this.pending()) {
        const changes = this.init.store.changes(name)

        try {
          await this.init.store.storeShard(name)
          this.written.set(name, changes)
          this.failures = 0
          this.lastWrite = Date.now()
          this.init.onWritten?.(name, this.lastWrite)
        } catch (err: any) {
          this.failures++
          this.init.onError(name, err instanceof Error ? err : new Error(String(err)))
        }
      }
    })

    await this.writing
  }

  /** Writes what changed, once per interval, until `signal` aborts */
  async run (signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.init.interval, signal)

      if (!signal.aborted) {
        await this.flush()
      }
    }
  }
}
