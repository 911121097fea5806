import { serviceCapabilities, serviceDependencies } from '@libp2p/interface'
import { shardTopic } from '@lvs/codec'
import { InvalidInputError } from '@lvs/engine'
import { createLoadMonitor } from '@lvs/entropy'
import { ShardStore } from '@lvs/shards'
import { AuditLog } from '@lvs/vaultguard'
import { TypedEventEmitter } from 'main-event'
import { announceUntil } from './announce.ts'
import { Bandwidth } from './bandwidth.ts'
import { Beacons } from './beacons.ts'
import { resolveLvsConfig } from './config.ts'
import { CONTROL_INTERVAL_MS, EXPIRE_INTERVAL_MS, LOW_POWER_ENTROPY_FACTOR, POWER_INTERVAL_MS } from './constants.ts'
import { loadEngines } from './engines.ts'
import { EntropyPool } from './entropy-pool.ts'
import { Gossip } from './gossip.ts'
import { onPageHide } from './lifecycle.ts'
import { registerMetrics } from './metrics.ts'
import { Persister } from './persister.ts'
import { PowerMode } from './power-mode.ts'
import { addGuardScore, checkSigning, findPubsub } from './pubsub.ts'
import { runRepairs } from './repairs.ts'
import { Reporter } from './reporter.ts'
import { farewell, runShardLoop } from './shard-loop.ts'
import { peerSubscribed } from './subscriptions.ts'
import { Syncer } from './syncer.ts'
import { every, everyStretched } from './timers.ts'
import type { Lvs, LvsComponents } from './api.ts'
import type { LvsConfig } from './config.ts'
import type { ShardLoopInit } from './shard-loop.ts'
import type { LvsEvents, LvsInit, ShardView, TableView } from './types.ts'
import type { GossipSub, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { AbortOptions, Logger, Startable } from '@libp2p/interface'
import type { ShardEngine } from '@lvs/engine'
import type { LoadMonitor } from '@lvs/entropy'
import type { AuditVerdict } from '@lvs/vaultguard'

/**
 * The conductor of one node (docs/node.md): it loads the shards, gives each
 * an engine, and drives them with time and the network. Each job has its
 * own file: gossip topics and validators, sync, beacons, entropy,
 * discovery, bandwidth, power, reporting, the drift loop.
 */
export class LvsService extends TypedEventEmitter<LvsEvents> implements Lvs, Startable {
  readonly [Symbol.toStringTag] = '@lvs/node'
  readonly [serviceCapabilities]: string[] = ['@lvs/lvs']
  readonly [serviceDependencies]: string[] = ['@libp2p/pubsub']

  private readonly components: LvsComponents
  private readonly config: LvsConfig
  private readonly log: Logger
  private readonly reporter: Reporter
  private readonly engines = new Map<string, ShardEngine>()
  private readonly bytes = { sent: 0, received: 0 }
  /** shards where an SDM of this node reached a peer since start: a joining peer gets the table by sync, not by everyone publishing again */
  private readonly delivered = new Set<string>()
  private readonly entropy = new EntropyPool()
  /** the drift loops running, each of which says farewell as the node stops */
  private readonly loops: ShardLoopInit[] = []
  private readonly power: PowerMode
  private controller = new AbortController()
  private store?: ShardStore
  private syncer?: Syncer
  private gossip?: Gossip
  private persister?: Persister
  private gossipsub?: GossipSub
  private stopWatchingPage?: () => void
  private removeGuardScore?: () => void
  private load?: LoadMonitor
  private metricsRegistered = false
  private readonly onSubscription = (evt: CustomEvent<SubscriptionChangeData>): void => {
    void this.checkPower().catch(err => { this.reporter.error('power', err) })
    peerSubscribed(evt.detail, { engines: this.engines, delivered: this.delivered, syncer: this.syncer, syncOnJoin: this.config.syncOnJoin, signal: this.controller.signal })
  }

  /** @throws {InvalidSettingError} or {InvalidShardConfigError} for an option that cannot work */
  constructor (components: LvsComponents, init: LvsInit = {}) {
    super()
    this.components = components
    this.config = resolveLvsConfig(init)
    this.log = components.logger.forComponent('lvs')
    const emit = this.emit.bind(this)
    this.reporter = new Reporter({
      log: this.log,
      emit,
      disconnect: async peer => { await components.connectionManager.closeConnections(peer) },
      publishEvidence: async (shard, evidence) => { await this.gossip?.publishEvidence(shard, evidence) }
    })
    this.power = new PowerMode({ mode: this.config.lowPower, load: () => this.load?.load() ?? 0, alone: () => this.alone() })
  }

  /**
   * Before any service starts, so a refusal leaves none running (refused in start, gossipsub's and the DHT's timers outlived the node)
   *
   * @throws {MissingPubsubError} or {UnsignedPubsubError} when gossipsub is missing or does not sign
   */
  beforeStart (): void {
    checkSigning(this.gossipsub = findPubsub(this.components))
  }

  async start (): Promise<void> {
    this.controller = new AbortController()
    const store = this.store = new ShardStore({ datastore: this.components.datastore, onCorrupt: (_, err) => { this.reporter.error('load', err) } })
    this.engines.clear()
    ;(await loadEngines(store, this.config, this.components.peerId.toString())).forEach((engine, name) => this.engines.set(name, engine))

    this.persister = new Persister({ store, interval: this.config.persistInterval, onError: (shard, err) => { this.reporter.error('persist', err) } })

    this.syncer = new Syncer({ registrar: this.components.registrar, connectionManager: this.components.connectionManager, store, engines: this.engines, reporter: this.reporter, emit: this.emit.bind(this), log: this.log })
    await this.syncer.register()
    this.reporter.useAudit(await new AuditLog(this.components.datastore).load())
    this.load = createLoadMonitor()

    if (this.components.metrics != null && !this.metricsRegistered) {
      this.metricsRegistered = true
      registerMetrics(this.components.metrics, {
        views: () => [...this.engines.values()].map(engine => engine.view()),
        quarantined: shard => this.engines.get(shard)?.quarantined(Date.now()).length ?? 0,
        bytes: () => ({ ...this.bytes }),
        guard: () => ({ ...this.reporter.counts }),
        persist: () => ({ failures: this.persister?.failures ?? 0, lastWrite: this.persister?.lastWrite ?? 0 })
      })
    }
  }

  /** Once every service runs (gossipsub starts beside this one): joins the topics, starts the loops, fetches the tables */
  async afterStart (): Promise<void> {
    const pubsub = this.pubsub()
    const signal = this.controller.signal
    const onError = (where: string) => (err: Error) => { this.reporter.error(where, err) }
    const gossip = this.gossip = new Gossip({
      pubsub,
      engines: this.engines,
      reporter: this.reporter,
      config: this.config,
      bytes: this.bytes,
      onBeacon: message => { beacons.receive(message, signal) },
      onEntropy: message => { this.entropy.receive(message) }
    })
    const beacons = new Beacons({ engines: this.engines, interval: this.config.beaconInterval, load: () => this.load?.load() ?? 0, publish: async (topic, bytes) => gossip.publish(topic, bytes), sync: async (shard, peer, s) => this.syncer?.sync(shard, peer, { signal: s, compare: true }) })
    const { engine: settings } = this.config
    const bandwidth = new Bandwidth({ budget: this.config.budget, warmup: this.config.controlWarmup, min: settings.minPublishInterval, max: Math.min(settings.heartbeatInterval, settings.maxInterval) }, Date.now())

    gossip.subscribe()
    pubsub.addEventListener('subscription-change', this.onSubscription)
    this.removeGuardScore = addGuardScore(pubsub, peer => this.score(peer))
    const persister = this.persister as Persister
    void persister.run(signal)
    this.stopWatchingPage = onPageHide(() => { void persister.flush() })

    for (const config of this.config.shards) {
      const engine = this.engines.get(config.name) as ShardEngine
      const onRecovered = (shard: string): void => { void this.syncer?.syncAll(name => name === shard ? pubsub.getSubscribers(shardTopic(name)) : [], { signal }) }
      const onDelivered = (shard: string): void => { this.delivered.add(shard) }
      const loop = { engine, dimension: config.dimension, peerId: this.components.peerId, privateKey: this.components.privateKey, entropy: this.entropy, gossip, reporter: this.reporter, emit: this.emit.bind(this), onRecovered, onDelivered, log: this.log }
      this.loops.push(loop)
      void runShardLoop(loop, signal)
    }

    const entropyInterval = (): number => this.config.entropyInterval * (this.power.low ? LOW_POWER_ENTROPY_FACTOR : 1)
    void every(entropyInterval, async () => { await this.publishEntropy() }, signal, onError('entropy'))
    void every(EXPIRE_INTERVAL_MS, () => { this.engines.forEach(engine => engine.expire(Date.now())) }, signal, onError('expire'))
    void every(CONTROL_INTERVAL_MS, () => { this.controlBandwidth(bandwidth) }, signal, onError('bandwidth'))
    void every(POWER_INTERVAL_MS, async () => { await this.checkPower() }, signal, onError('power'))
    // beacons and peer records stretch as the heartbeat does: the whole swarm sends a few a minute, whatever its size;
    // each wait drawn from half to one and a half of the interval, so nodes that started together spread out
    const stretch = (): number => Math.max(1, ...[...this.engines.values()].map(engine => engine.stretch()))
    void everyStretched(() => this.config.beaconInterval, stretch, async () => { await beacons.publish() }, signal, onError('beacon'))
    void announceUntil({ peerId: this.components.peerId, pubsub, addresses: () => this.components.addressManager?.getAddresses() ?? [], stretch }, signal, onError('announce'))
    runRepairs({ components: this.components, config: this.config, pubsub, shards: () => this.engines.keys(), syncer: () => this.syncer, log: this.log }, signal, onError)
    this.log('started with shards %s', [...this.engines.keys()].join(', '))

    if (this.config.syncOnJoin) {
      void this.syncAll({ signal }).catch(onError('sync'))
    }
  }

  async syncAll (options: AbortOptions = {}): Promise<void> {
    await this.syncer?.syncAll(name => this.pubsub().getSubscribers(shardTopic(name)), options)
  }

  /** While gossipsub still runs: stops the loops, publishes each shard's last SDM (leaving) and leaves the topics. Never throws */
  async beforeStop (): Promise<void> {
    this.controller.abort()
    // peers turn this node's entries dormant at once instead of counting them live for a stretched liveness timeout
    await Promise.all(this.loops.splice(0).map(async loop => farewell(loop).catch(err => { this.log('farewell on %s failed - %e', loop.engine.name, err) })))
    this.stopWatchingPage?.()
    this.removeGuardScore?.()
    this.gossip?.unsubscribe()
    this.gossipsub?.removeEventListener('subscription-change', this.onSubscription)
  }

  /** Stops whatever started and stores every shard. Never throws: a failed start's own error is what the caller must see */
  async stop (): Promise<void> {
    this.controller.abort()

    try {
      await this.reporter.flush()
      await this.syncer?.unregister()
      this.load?.stop()
      // the engines stay, so the last state can still be read after stop
      await this.persister?.flush()
    } catch (err) {
      this.log.error('stopping failed - %e', err)
    }
  }

  setInput (shard: string, vector: number[]): void {
    this.engine(shard).setInput(vector)
  }

  getState (shard: string): ShardView {
    return this.engine(shard).view()
  }

  shards (): string[] {
    return [...this.engines.keys()]
  }

  peers (shard: string): string[] {
    this.engine(shard)
    return this.pubsub().getSubscribers(shardTopic(shard)).map(peer => peer.toString())
  }

  score (peer: string): number {
    const now = Date.now()
    return Math.min(0, ...[...this.engines.values()].map(engine => engine.score(peer, now)))
  }

  table (shard: string): TableView[] {
    return this.engine(shard).table()
  }

  traffic (): { sent: number, received: number, counted: 'libp2p' | 'lvs' } {
    const counted = this.config.traffic?.()
    return counted == null ? { ...this.bytes, counted: 'lvs' } : { sent: counted.sent, received: counted.received, counted: 'libp2p' }
  }

  async auditLog (): Promise<{ root: string, length: number, verdict: AuditVerdict }> {
    return this.reporter.auditLog()
  }

  private engine (shard: string): ShardEngine {
    const engine = this.engines.get(shard)

    if (engine == null) {
      throw new InvalidInputError(`this node has not joined shard ${shard} (it holds ${this.shards().join(', ')})`)
    }

    return engine
  }

  private pubsub (): GossipSub {
    if (this.gossipsub == null) {
      throw new Error('the lvs service has not started')
    }

    return this.gossipsub
  }

  private alone (): boolean {
    return [...this.engines.keys()].every(name => this.pubsub().getSubscribers(shardTopic(name)).length === 0)
  }

  private async publishEntropy (): Promise<void> {
    if ([...this.engines.values()].every(engine => engine.view().converged)) {
      // the entropy term vanishes at equilibrium: packets would cost bytes for nothing
      return
    }

    const k = Math.max(...this.config.shards.map(config => config.dimension))
    const { topic, bytes } = this.entropy.packet(k, this.load?.load() ?? 0)
    await this.gossip?.publish(topic, bytes).catch(err => { this.log('entropy publish failed - %e', err) })
  }

  private controlBandwidth (bandwidth: Bandwidth): void {
    const counted = this.config.traffic?.() ?? this.bytes
    const interval = bandwidth.step(Date.now(), counted.sent + counted.received)

    if (interval != null) {
      this.engines.forEach(engine => { engine.setPublishInterval(interval) })
    }
  }

  private async checkPower (): Promise<void> {
    const changed = await this.power.check()

    if (changed != null) {
      this.engines.forEach(engine => { engine.setLowPower(changed) })
      this.log('low-power mode %s', changed ? 'on' : 'off')
    }
  }

  private emit <K extends keyof LvsEvents> (type: K, detail: LvsEvents[K]['detail']): void {
    try {
      this.safeDispatchEvent(type, { detail } as any)
    } catch (err) {
      this.log.error('a %s listener threw - %e', type, err)
    }
  }
}
