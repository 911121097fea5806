import { SYNC_PROTOCOL } from '@lvs/codec'
import { createSyncHandler, syncShard } from '@lvs/shards'
import { equals } from 'uint8arrays/equals'
import { SYNC_TIMEOUT_MS } from './constants.ts'
import { verifyEvidence, verifySdm } from './proof.ts'
import type { Reporter } from './reporter.ts'
import type { LvsEvents } from './types.ts'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { ShardEngine, SignedSdm } from '@lvs/engine'
import type { ShardStore, SyncResult } from '@lvs/shards'

export interface SyncerInit {
  registrar: Registrar
  connectionManager: ConnectionManager
  store: ShardStore
  engines: ReadonlyMap<string, ShardEngine>
  reporter: Reporter
  emit<K extends keyof LvsEvents>(type: K, detail: LvsEvents[K]['detail']): void
  log(format: string, ...args: any[]): void
}

/**
 * Table sync (`/lvs/sync/2.0.0`, docs/messages.md): serves this node's
 * tables, and fetches a peer's. What a peer serves are claims: each entry's
 * signature is checked here (a forged or changed entry is refused and its
 * server charged), then the shard's engine admits each entry through the
 * guard and merges it; served evidence is checked the same way.
 */
export class Syncer {
  /** shards whose table was fetched from a peer since start */
  readonly synced = new Set<string>()
  /** shards a pull found a peer agreeing on (the same digest: it served nothing) since start */
  readonly agreed = new Set<string>()
  /** (shard, peer) syncs under way: a second one with the same peer waits for nothing and is skipped */
  private readonly running = new Set<string>()
  private readonly init: SyncerInit

  constructor (init: SyncerInit) {
    this.init = init
  }

  async register (): Promise<void> {
    // a puller whose digest is ours gets an empty page: agreeing replicas compare for one small exchange
    const agrees = (shard: string, digest: Uint8Array): boolean => {
      const engine = this.init.engines.get(shard)
      return engine != null && equals(engine.inputDigest(), digest)
    }
    await this.init.registrar.handle(SYNC_PROTOCOL, createSyncHandler(this.init.store, { agrees }), { runOnLimitedConnection: true })
  }

  async unregister (): Promise<void> {
    await this.init.registrar.unhandle(SYNC_PROTOCOL)
  }

  /**
   * Fetches one shard's table from one peer and admits what checks out; a
   * failure is logged, never thrown. With `compare`, this node's digest
   * goes first and a peer that has the same sends nothing
   */
  async sync (shard: string, peer: PeerId, options: AbortOptions & { compare?: boolean } = {}): Promise<void> {
    const engine = this.init.engines.get(shard)
    const key = `${shard} ${peer.toString()}`

    if (engine == null || this.running.has(key)) {
      return
    }

    this.running.add(key)

    try {
      await this.fetch(engine, shard, peer, options)
    } finally {
      this.running.delete(key)
    }
  }

  /** Syncs under way, for tests of bounded growth */
  get inflight (): number {
    return this.running.size
  }

  private async fetch (engine: ShardEngine, shard: string, peer: PeerId, options: AbortOptions & { compare?: boolean }): Promise<void> {
    // browsers meet through a relay: the sync must run on a limited (relayed) connection too, as it is served on one
    const dialer = { dialProtocol: async (p: PeerId, protocols: string | string[], o?: AbortOptions) => this.init.connectionManager.openStream(p, protocols, { ...o, runOnLimitedConnection: true }) }
    let served: SyncResult

    try {
      served = await syncShard(dialer, peer, shard, { signal: options.signal, timeout: SYNC_TIMEOUT_MS, ...(options.compare === true ? { digest: engine.inputDigest() } : {}) })
    } catch (err) {
      this.init.log('sync of %s with %p failed - %e', shard, peer, err)
      return
    }

    if (options.compare === true && served.entries.length === 0 && served.evidence.length === 0) {
      // a pull from a peer that agrees (or holds nothing yet, a peer in its first cycle): nothing to admit, nothing to tell
      this.synced.add(shard)
      this.agreed.add(shard)
      this.init.log('pulled %s from %p: nothing new', shard, peer)
      return
    }

    try {
      await this.admit(engine, shard, peer, served)
    } catch (err) {
      this.init.reporter.error('sync', err)
    }
  }

  /** Checks and admits what a peer served */
  private async admit (engine: ShardEngine, shard: string, peer: PeerId, served: SyncResult): Promise<void> {
    const source = peer.toString()
    const verified = await Promise.all(served.entries.map(async envelope => verifySdm(envelope, shard)))
    const now = Date.now()
    let refused = 0

    for (const entry of verified) {
      if (entry == null) {
        // a forged or changed entry: charged to whoever served it
        refused++
        this.init.reporter.refusedEntry(shard, source, engine.refuse(source, now, 'unproven'), now)
      }
    }

    const outcome = engine.receiveSynced(verified.filter((entry): entry is SignedSdm => entry != null), source, now)
    outcome.verdicts.forEach(verdict => {
      if (verdict.verdict === 'accept') {
        this.init.reporter.admission(shard, source, verdict, now)
      } else {
        this.init.reporter.refusedEntry(shard, source, verdict, now)
      }
    })

    for (const evidence of served.evidence) {
      const signed = await verifyEvidence(evidence.messages, shard)
      const admission = signed == null ? engine.refuse(source, now, 'unproven') : engine.receiveEvidence(evidence, signed, source, now)
      this.init.reporter.admission(shard, source, admission, now, 'peer')
    }

    this.synced.add(shard)
    refused += outcome.refused
    this.init.log('synced %s with %p: %d entries, %d merged, %d refused', shard, peer, served.entries.length, outcome.merged, refused)
    this.init.emit('sync', { shard, peer: source, merged: outcome.merged, refused })
  }

  /** Fetches every shard's table from each of `peers(shard)` */
  async syncAll (peers: (shard: string) => PeerId[], options: AbortOptions = {}): Promise<void> {
    for (const name of this.init.engines.keys()) {
      for (const peer of peers(name)) {
        await this.sync(name, peer, options)
      }
    }
  }
}
