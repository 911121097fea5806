import { TopicValidatorResult } from '@libp2p/gossipsub'
import { serviceCapabilities, serviceDependencies } from '@libp2p/interface'
import { BEACON_TOPIC, CodecError, ENTROPY_TOPIC, SYNC_PROTOCOL, createNonce, decodeBeacon, decodeEntropyPacket, decodeStateDiff, encodeBeacon, encodeEntropyPacket, encodeStateDiff, shardTopic } from '@lvs/codec'
import { createEntropyPacket, createLoadMonitor, generateEntropy } from '@lvs/entropy'
import { ShardStore, createSyncHandler, entryHash, syncShard, tableDigest } from '@lvs/shards'
import { AuditLog } from '@lvs/vaultguard'
import { TypedEventEmitter } from 'main-event'
import { equals } from 'uint8arrays/equals'
import { BEACON_INTERVAL_MS, CONTROL_INTERVAL_MS, CONTROL_WARMUP_MS, DEFAULT_BUDGET, DEFAULT_SHARDS, DISCOVERY_INTERVAL_MS, ENTROPY_INTERVAL_MS, EXPIRE_INTERVAL_MS, HEARTBEAT_INTERVAL_MS, HIGH_LOAD, LOW_POWER_ENTROPY_FACTOR, MAX_ENTROPY_SOURCES, MIN_PEERS, MIN_PUBLISH_INTERVAL_MS, MISMATCH_GRACE_MS, POWER_INTERVAL_MS } from './constants.ts'
import { registerMetrics } from './metrics.ts'
import { PublishController } from './pid.ts'
import { batteryLow } from './power.ts'
import { shardKey } from './shard-key.ts'
import { ShardRunner } from './shard-runner.ts'
import type { LvsEvents, LvsInit, ShardView, TableView } from './types.ts'
import type { GossipSub, Message, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { AbortOptions, ComponentLogger, ContentRouting, Logger, Metrics, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { LoadMonitor } from '@lvs/entropy'
import type { AdmitResult, AuditVerdict } from '@lvs/vaultguard'
import type { Datastore } from 'interface-datastore'

/** What the service needs of libp2p */
export interface LvsComponents {
  peerId: PeerId
  logger: ComponentLogger
  registrar: Registrar
  connectionManager: ConnectionManager
  datastore: Datastore
  /** the gossipsub service, under the name `pubsub` */
  pubsub?: GossipSub
  /** the DHT (or any content router): shard peers provide and find each other */
  contentRouting?: ContentRouting
  metrics?: Metrics
}

/** Thrown for a shard this node has not joined, or an input of the wrong shape */
export class InvalidInputError extends Error {
  static name = 'InvalidInputError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidInputError'
  }
}

export interface Lvs extends TypedEventEmitter<LvsEvents> {
  setInput(shard: string, vector: number[]): void
  getState(shard: string): ShardView
  shards(): string[]
  peers(shard: string): string[]
  /** gossipsub application score of a peer, from the guard */
  score(peer: string): number
  /** The shard's table as this node holds it: one entry per member (own included once published), live, dormant or quarantined */
  table(shard: string): TableView[]
  /**
   * Bytes this node sent and received since it was made: all libp2p traffic
   * when it was given a counter (`traffic` in the init, as createLvsNode
   * does), else its LVS messages only
   */
  traffic(): { sent: number, received: number, counted: 'libp2p' | 'lvs' }
  /**
   * The guard's audit log (alerts, quarantines, recoveries, rejects at most
   * once a minute per peer and reason), a hash chain in the node's
   * datastore: its Merkle root, length and `verify()` verdict
   */
  auditLog(): Promise<{ root: string, length: number, verdict: AuditVerdict }>
}

export class LvsService extends TypedEventEmitter<LvsEvents> implements Lvs, Startable {
  readonly [Symbol.toStringTag] = '@lvs/node'
  readonly [serviceCapabilities]: string[] = ['@lvs/lvs']
  readonly [serviceDependencies]: string[] = ['@libp2p/pubsub']

  private readonly components: LvsComponents
  private readonly init: LvsInit
  private readonly log: Logger
  private readonly runners = new Map<string, ShardRunner>()
  private readonly entropy = new Map<string, number[]>()
  private store?: ShardStore
  private controller = new AbortController()
  private load?: LoadMonitor
  private lowPower = false
  private publishControl?: PublishController
  /** total bytes (sent + received) at each control step of the last minute */
  private readonly trafficSamples: Array<{ at: number, bytes: number }> = []
  private readonly lvsBytes = { sent: 0, received: 0 }
  /** when each shard was last synced with each peer after a digest mismatch */
  private readonly beaconSyncs = new Map<string, number>()
  private readonly provided = new Set<string>()
  /** shards whose table was fetched from a peer since start */
  private readonly synced = new Set<string>()
  private metricsRegistered = false
  private audit?: AuditLog
  /** appends run one after another, in the order of the guard's actions */
  private auditQueue: Promise<unknown> = Promise.resolve()
  /** when a (peer, reason) reject was last written, so a flood writes once a minute */
  private readonly auditedRejects = new Map<string, number>()
  private startedAt = 0
  private readonly onMessage = (evt: CustomEvent<Message>): void => { this.receive(evt.detail) }
  private readonly onSubscription = (evt: CustomEvent<SubscriptionChangeData>): void => { this.peerJoined(evt.detail) }

  constructor (components: LvsComponents, init: LvsInit = {}) {
    super()
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('lvs')
  }

  async start (): Promise<void> {
    this.controller = new AbortController()
    const self = this.components.peerId.toString()
    this.store = new ShardStore({ datastore: this.components.datastore })
    this.load = createLoadMonitor()
    this.runners.clear()
    this.synced.clear()

    for (const config of this.init.shards ?? DEFAULT_SHARDS) {
      const shard = await this.store.loadShard(config)
      // cycles run at most 20 per second, so an id started from the clock never catches up with it
      this.store.setOwn(config.name, { cycleId: Math.max(shard.cycleId, Date.now()) })
      const input = this.init.inputs?.[config.name]

      if (input != null) {
        this.checkInput(config.name, input, config.dimension)
        this.store.setOwn(config.name, { input, state: [...input] })
      }

      this.runners.set(config.name, new ShardRunner(config.name, this.store, self, this.init))
    }

    await this.components.registrar.handle(SYNC_PROTOCOL, createSyncHandler(this.store), { runOnLimitedConnection: true })
    this.audit = await new AuditLog(this.components.datastore).load()
    this.auditedRejects.clear()

    const floor = this.init.minPublishInterval ?? MIN_PUBLISH_INTERVAL_MS
    // at most the longest cycle interval: over budget the swarm converges more slowly, never stalls
    const ceiling = Math.min(this.init.heartbeatInterval ?? HEARTBEAT_INTERVAL_MS, this.init.maxInterval ?? 10_000)
    this.publishControl = new PublishController({ budget: this.init.budget ?? DEFAULT_BUDGET, min: floor, max: Math.max(floor, ceiling) })
    this.startedAt = Date.now()
    this.trafficSamples.length = 0

    if (this.components.metrics != null && !this.metricsRegistered) {
      this.metricsRegistered = true
      registerMetrics(this.components.metrics, {
        views: () => [...this.runners.values()].map(runner => runner.view()),
        quarantined: shard => this.runners.get(shard)?.quarantinedNow(Date.now()) ?? 0,
        bytes: () => ({ ...this.lvsBytes })
      })
    }
  }

  /**
   * Once every service runs (gossipsub starts beside this one): joins the
   * topics, starts the cycles, and fetches each shard's table from the peers
   * already connected
   */
  async afterStart (): Promise<void> {
    const pubsub = this.pubsub()

    for (const name of this.runners.keys()) {
      const topic = shardTopic(name)
      pubsub.topicValidators.set(topic, (peer, message) => this.validate(name, peer, message))
      pubsub.subscribe(topic)
    }

    pubsub.topicValidators.set(ENTROPY_TOPIC, (_, message) => this.validateEntropy(message))
    pubsub.subscribe(ENTROPY_TOPIC)
    pubsub.topicValidators.set(BEACON_TOPIC, (_, message) => this.validateBeacon(message))
    pubsub.subscribe(BEACON_TOPIC)
    pubsub.addEventListener('message', this.onMessage)
    pubsub.addEventListener('subscription-change', this.onSubscription)

    for (const runner of this.runners.values()) {
      void this.loop(runner, this.controller.signal)
    }

    const signal = this.controller.signal
    void this.entropyLoop(signal)
    void this.every(EXPIRE_INTERVAL_MS, async () => { this.expire() }, signal)
    void this.every(CONTROL_INTERVAL_MS, async () => { this.controlBandwidth(Date.now()) }, signal)
    void this.every(POWER_INTERVAL_MS, async () => { await this.checkPower() }, signal)
    void this.every(this.init.beaconInterval ?? BEACON_INTERVAL_MS, async () => { await this.publishBeacon() }, signal, true)
    void this.every(this.init.discoveryInterval ?? DISCOVERY_INTERVAL_MS, async () => { await this.discover(signal) }, signal)
    this.log('started with shards %s', [...this.runners.keys()].join(', '))

    if (this.init.syncOnJoin !== false) {
      void this.syncAll({ signal: this.controller.signal }).catch(err => { this.log.error('sync on join failed - %e', err) })
    }
  }

  /** Fetches every shard's table from each subscribed peer it can reach */
  async syncAll (options: AbortOptions = {}): Promise<void> {
    for (const name of this.runners.keys()) {
      for (const peer of this.pubsub().getSubscribers(shardTopic(name))) {
        await this.sync(name, peer, options)
      }
    }
  }

  /** Fetches one shard's table from one peer; entries merge into the store and the target is recomputed */
  private async sync (shard: string, peer: PeerId, options: AbortOptions = {}): Promise<void> {
    const store = this.store

    if (store == null) {
      return
    }

    const dialer = { dialProtocol: async (p: PeerId, protocols: string | string[], o?: AbortOptions) => this.components.connectionManager.openStream(p, protocols, o) }

    try {
      const result = await syncShard(dialer, peer, store, shard, { ...options, timeout: 10_000, admit: entry => plausible(entry, Date.now()) })
      this.synced.add(shard)
      this.runners.get(shard)?.invalidate()
      this.log('synced %s with %p: %d entries, %d merged', shard, peer, result.received, result.merged)
    } catch (err) {
      this.log('sync of %s with %p failed - %e', shard, peer, err)
    }
  }

  /** While gossipsub still runs: stops the cycles and leaves the topics */
  beforeStop (): void {
    this.controller.abort()
    const pubsub = this.components.pubsub

    for (const topic of [...[...this.runners.keys()].map(shardTopic), ENTROPY_TOPIC, BEACON_TOPIC]) {
      pubsub?.topicValidators.delete(topic)

      try {
        pubsub?.unsubscribe(topic)
      } catch {
        // gossipsub is already stopped
      }
    }

    pubsub?.removeEventListener('message', this.onMessage)
    pubsub?.removeEventListener('subscription-change', this.onSubscription)
  }

  async stop (): Promise<void> {
    this.controller.abort()
    await this.auditQueue
    await this.components.registrar.unhandle(SYNC_PROTOCOL)
    this.load?.stop()
    // the runners stay, so the last state can still be read after stop
    await this.store?.shutdown()
  }

  setInput (shard: string, vector: number[]): void {
    const runner = this.runner(shard)
    this.checkInput(shard, vector, this.store?.get(shard)?.config.dimension ?? 0)
    runner.setInput(vector)
  }

  getState (shard: string): ShardView {
    return this.runner(shard).view()
  }

  shards (): string[] {
    return [...this.runners.keys()]
  }

  peers (shard: string): string[] {
    this.runner(shard)
    return this.pubsub().getSubscribers(shardTopic(shard)).map(peer => peer.toString())
  }

  score (peer: string): number {
    const now = Date.now()
    return Math.min(0, ...[...this.runners.values()].map(runner => runner.score(peer, now)))
  }

  table (shard: string): TableView[] {
    this.runner(shard)

    return [...(this.store?.get(shard)?.entries.values() ?? [])].map(entry => ({
      key: entry.key, input: [...entry.input], state: [...entry.state], cycleId: entry.cycleId, lastSeen: entry.lastSeen, status: entry.status
    }))
  }

  traffic (): { sent: number, received: number, counted: 'libp2p' | 'lvs' } {
    const counted = this.init.traffic?.()
    return counted == null ? { ...this.lvsBytes, counted: 'lvs' } : { sent: counted.sent, received: counted.received, counted: 'libp2p' }
  }

  private runner (shard: string): ShardRunner {
    const runner = this.runners.get(shard)

    if (runner == null) {
      throw new InvalidInputError(`this node has not joined shard ${shard}`)
    }

    return runner
  }

  private checkInput (shard: string, vector: number[], dimension: number): void {
    const nonNegative = this.store?.get(shard)?.config.nonNegative === true

    if (!Array.isArray(vector) || vector.length !== dimension || !vector.every(Number.isFinite) || (nonNegative && vector.some(v => v < 0))) {
      throw new InvalidInputError(`shard ${shard} takes ${dimension} finite numbers${nonNegative ? ', none negative' : ''}, got ${JSON.stringify(vector)}`)
    }
  }

  private pubsub (): GossipSub {
    if (this.components.pubsub == null) {
      throw new Error('lvs needs gossipsub as the service named "pubsub"')
    }

    return this.components.pubsub
  }

  /** `simulatedLoss`: whether to drop this message as a lossy network would */
  private dropped (topic: string): boolean {
    const loss = this.init.simulatedLoss
    const share = typeof loss === 'number' ? loss : loss?.[topic] ?? 0
    return share > 0 && Math.random() < share
  }

  private validate (shard: string, peer: PeerId, message: Message): TopicValidatorResult {
    if (this.dropped(message.topic)) {
      return TopicValidatorResult.Ignore
    }

    this.lvsBytes.received += message.data.byteLength

    if (message.type !== 'signed') {
      return TopicValidatorResult.Reject
    }

    let sdm
    const now = Date.now()

    try {
      sdm = decodeStateDiff(message.data)
    } catch (err) {
      if (!(err instanceof CodecError)) {
        return TopicValidatorResult.Ignore
      }

      const result = this.runner(shard).malformed(peer.toString(), now)
      this.report(shard, peer, result)
      return TopicValidatorResult.Reject
    }

    const result = this.runner(shard).admit(sdm, message.from.toString(), peer.toString(), now)
    this.report(shard, message.from, result)

    return result.verdict === 'accept' ? TopicValidatorResult.Accept : result.verdict === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  /** The guard's audit log: its Merkle root, and `verify()` against the datastore */
  async auditLog (): Promise<{ root: string, length: number, verdict: AuditVerdict }> {
    await this.auditQueue
    const audit = this.audit

    if (audit == null) {
      throw new Error('the lvs service has not started')
    }

    const verdict = await audit.verify()
    return { root: audit.root(), length: audit.length, verdict }
  }

  /** Appends a guard action to the audit log (DESIGN.md section 5), in order, never throwing into the caller */
  private record (type: string, subject: string, reason: string, data?: Record<string, string>): void {
    const audit = this.audit

    if (audit == null) {
      return
    }

    const action = { type, subject, reason, at: Date.now(), ...(data == null ? {} : { data }) }
    this.auditQueue = this.auditQueue
      .then(async () => audit.append(action))
      .catch(err => { this.log.error('audit append failed - %e', err) })
  }

  /** Turns the guard's verdict into events and audit entries; a quarantined peer is also disconnected */
  private report (shard: string, peerId: PeerId, result: AdmitResult): void {
    const peer = peerId.toString()

    if (result.transition != null) {
      this.record(result.transition, peer, result.reason ?? '', { shard })
    } else if (result.verdict === 'reject') {
      const key = `${peer} ${result.reason ?? ''}`
      const now = Date.now()

      if (now - (this.auditedRejects.get(key) ?? -Infinity) >= 60_000) {
        this.auditedRejects.set(key, now)
        this.record('reject', peer, result.reason ?? '', { shard })
      }
    }

    if (result.reason === 'jump') {
      this.safeDispatch('anomaly', { shard, peer, reason: result.reason })
    }

    if (result.transition === 'alert' || result.transition === 'quarantine') {
      this.safeDispatch(result.transition, { shard, peer, reason: result.reason })
    }

    if (result.transition === 'quarantine') {
      void this.components.connectionManager.closeConnections(peerId).catch(err => { this.log('closing %p failed - %e', peerId, err) })
    }
  }

  private validateEntropy (message: Message): TopicValidatorResult {
    if (this.dropped(message.topic)) {
      return TopicValidatorResult.Ignore
    }

    this.lvsBytes.received += message.data.byteLength

    try {
      decodeEntropyPacket(message.data)
      return TopicValidatorResult.Accept
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  private validateBeacon (message: Message): TopicValidatorResult {
    if (this.dropped(message.topic)) {
      return TopicValidatorResult.Ignore
    }

    this.lvsBytes.received += message.data.byteLength

    try {
      decodeBeacon(message.data)
      return message.type === 'signed' ? TopicValidatorResult.Accept : TopicValidatorResult.Reject
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  /**
   * The digest of what decides a shard's equilibrium: each counted entry's
   * key and input. Cycle ids stay out (every heartbeat changes them, so
   * replicas that agree on every input would still differ most of the time)
   */
  private inputDigest (shard: string): Uint8Array {
    const hashes = new Map<string, Uint8Array>()

    for (const entry of this.store?.get(shard)?.entries.values() ?? []) {
      if (entry.status !== 'quarantined') {
        hashes.set(entry.key, entryHash({ key: entry.key, cycleId: 0, input: entry.input }))
      }
    }

    return tableDigest(hashes)
  }

  private async publishBeacon (): Promise<void> {
    const shards = [...this.runners.values()].map(runner => ({ shardId: runner.name, digest: this.inputDigest(runner.name), count: runner.view().count }))
    const interval = Math.min(...[...this.runners.values()].map(runner => runner.view().interval))
    const bytes = encodeBeacon({ nodeLoad: this.load?.load() ?? 0, cycleInterval: Math.round(interval), shards, timestamp: Date.now() })
    await this.pubsub().publish(BEACON_TOPIC, bytes)
    this.lvsBytes.sent += bytes.byteLength
  }

  /**
   * A peer's digest that still differs from ours once messages in flight
   * had time to land means our tables disagree on an input: fetch the
   * peer's table (at most once per beacon interval per shard and peer)
   */
  private receiveBeacon (message: Message): void {
    if (message.type !== 'signed') {
      return
    }

    const from = message.from
    const beacon = decodeBeacon(message.data)
    const signal = this.controller.signal

    for (const { shardId, digest } of beacon.shards) {
      if (!this.runners.has(shardId) || equals(digest, this.inputDigest(shardId))) {
        continue
      }

      setTimeout(() => {
        const key = `${shardId} ${from.toString()}`
        const now = Date.now()

        if (signal.aborted || equals(digest, this.inputDigest(shardId)) || now - (this.beaconSyncs.get(key) ?? -Infinity) < (this.init.beaconInterval ?? BEACON_INTERVAL_MS)) {
          return
        }

        this.beaconSyncs.set(key, now)
        this.log('digest of %s differs from %p: syncing', shardId, from)
        void this.sync(shardId, from, { signal })
      }, MISMATCH_GRACE_MS)
    }
  }

  /** A peer that joins one of our shards gets our entry at the next cycle, not at the next heartbeat */
  private peerJoined (change: SubscriptionChangeData): void {
    // a peer that comes or goes may end or start low-power mode's "alone"
    void this.checkPower().catch(err => { this.log('power check failed - %e', err) })

    for (const { topic, subscribe } of change.subscriptions) {
      const runner = [...this.runners.values()].find(r => shardTopic(r.name) === topic)

      if (subscribe && runner != null) {
        runner.requestPublish()

        // at start no peer is subscribed yet: the first one that joins gives the table
        if (this.init.syncOnJoin !== false && !this.synced.has(runner.name)) {
          void this.sync(runner.name, change.peerId, { signal: this.controller.signal })
        }
      }
    }
  }

  private receive (message: Message): void {
    if (message.topic === BEACON_TOPIC) {
      this.receiveBeacon(message)
    } else if (message.topic === ENTROPY_TOPIC) {
      this.receiveEntropy(message)
    }
  }

  private receiveEntropy (message: Message): void {
    if (message.type !== 'signed') {
      return
    }

    const ep = decodeEntropyPacket(message.data)
    const from = message.from.toString()
    this.entropy.delete(from)
    this.entropy.set(from, ep.entropyVector)

    if (this.entropy.size > MAX_ENTROPY_SOURCES) {
      this.entropy.delete(this.entropy.keys().next().value as string)
    }
  }

  private async publishEntropy (): Promise<void> {
    const k = Math.max(...[...this.runners.keys()].map(name => this.store?.get(name)?.config.dimension ?? 1))
    const ep = createEntropyPacket(k, { load: this.load?.load() ?? 0 })
    const bytes = encodeEntropyPacket(ep)
    await this.pubsub().publish(ENTROPY_TOPIC, bytes)
    this.lvsBytes.sent += bytes.byteLength
  }

  /**
   * Entropy packets every `entropyInterval`, six times rarer in low-power
   * mode, none while every shard is converged (the entropy term vanishes at
   * equilibrium, so packets would cost bytes for nothing)
   */
  private async entropyLoop (signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (![...this.runners.values()].every(runner => runner.view().converged)) {
        await this.publishEntropy().catch(err => { this.log('entropy publish failed - %e', err) })
      }

      await sleep((this.init.entropyInterval ?? ENTROPY_INTERVAL_MS) * (this.lowPower ? LOW_POWER_ENTROPY_FACTOR : 1), signal)
    }
  }

  private expire (): void {
    const { dormant, removed } = this.store?.expire(Date.now()) ?? { dormant: [], removed: [] }

    if (dormant.length > 0 || removed.length > 0) {
      this.runners.forEach(runner => { runner.invalidate() })
    }
  }

  /**
   * One step of the bandwidth controller: bytes per minute over the last
   * minute (all libp2p traffic when the node was given a counter, else the
   * LVS messages) against the budget sets the least time between SDMs
   */
  private controlBandwidth (now: number): void {
    const counted = this.init.traffic?.() ?? this.lvsBytes
    this.trafficSamples.push({ at: now, bytes: counted.sent + counted.received })

    while (this.trafficSamples.length > 2 && now - this.trafficSamples[1].at >= 60_000) {
      this.trafficSamples.shift()
    }

    const first = this.trafficSamples[0]

    if (this.publishControl == null || now - first.at < CONTROL_INTERVAL_MS || now - this.startedAt < (this.init.controlWarmup ?? CONTROL_WARMUP_MS)) {
      return
    }

    const perMinute = (counted.sent + counted.received - first.bytes) * 60_000 / (now - first.at)
    const interval = this.publishControl.update(perMinute)
    this.runners.forEach(runner => { runner.setPublishInterval(interval) })
  }

  /** Low power while the battery is low, the event loop saturated, or no peer shares a shard (`lowPower: 'auto'`) */
  private async checkPower (): Promise<void> {
    const mode = this.init.lowPower ?? 'auto'
    let low: boolean

    if (mode !== 'auto') {
      low = mode
    } else {
      const alone = [...this.runners.keys()].every(name => this.pubsub().getSubscribers(shardTopic(name)).length === 0)
      low = alone || (this.load?.load() ?? 0) > HIGH_LOAD || await batteryLow()
    }

    if (low !== this.lowPower) {
      this.lowPower = low
      this.runners.forEach(runner => { runner.setLowPower(low) })
      this.log('low-power mode %s', low ? 'on' : 'off')
    }
  }

  /**
   * DHT discovery: provide each shard's key until a provide succeeded (the
   * DHT republishes it after that), and while a shard has fewer than
   * `minPeers` peers, dial providers of its key
   */
  private async discover (signal: AbortSignal): Promise<void> {
    const routing = this.components.contentRouting

    if (routing == null) {
      return
    }

    for (const name of this.runners.keys()) {
      const key = await shardKey(name)
      const peers = this.pubsub().getSubscribers(shardTopic(name))
      const few = peers.length < (this.init.minPeers ?? MIN_PEERS)

      if (!this.provided.has(name) || few) {
        await routing.provide(key, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) })
          .then(() => { this.provided.add(name) }, err => { this.log('provide of %s failed - %e', name, err) })
      }

      if (!few) {
        continue
      }

      const known = new Set(peers.map(peer => peer.toString()))
      known.add(this.components.peerId.toString())
      let dialled = 0

      try {
        for await (const provider of routing.findProviders(key, { signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) })) {
          if (known.has(provider.id.toString())) {
            continue
          }

          known.add(provider.id.toString())

          try {
            await this.components.connectionManager.openConnection(provider.multiaddrs.length > 0 ? provider.multiaddrs : provider.id, { signal })
            dialled++
          } catch (err) {
            this.log('dialling provider %p failed - %e', provider.id, err)
          }

          if (peers.length + dialled >= (this.init.minPeers ?? MIN_PEERS)) {
            break
          }
        }
      } catch (err) {
        this.log('finding providers of %s failed - %e', name, err)
      }
    }
  }

  private async loop (runner: ShardRunner, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const k = this.store?.get(runner.name)?.config.dimension ?? 1
      const peers = [...this.entropy.values()].filter(vector => vector.length >= k).map(vector => vector.slice(0, k))
      const outcome = runner.cycle(Date.now(), [generateEntropy(k), ...peers])

      if (outcome.publish != null) {
        const bytes = encodeStateDiff({ ...outcome.publish, nonce: createNonce() })
        this.lvsBytes.sent += bytes.byteLength
        await this.pubsub().publish(shardTopic(runner.name), bytes)
          .catch(err => { this.log('publish on %s failed - %e', runner.name, err) })
      }

      const view = runner.view()
      this.safeDispatch('cycle', { shard: runner.name, cycle: view.cycle, state: view.state, target: view.target, interval: outcome.interval })

      if (outcome.recovered) {
        this.record('recovery', runner.name, 'state far outside the swarm\'s range: snapped to the target')
        this.safeDispatch('recovery', { shard: runner.name, state: view.state, target: view.target })
      }

      if (outcome.converged) {
        this.safeDispatch('converged', view)
      }

      await sleep(outcome.interval, signal)
    }
  }

  private async every (ms: number, task: () => Promise<void>, signal: AbortSignal, delayFirst = false): Promise<void> {
    if (delayFirst) {
      await sleep(ms, signal)
    }

    while (!signal.aborted) {
      await task().catch(err => { this.log('periodic task failed - %e', err) })
      await sleep(ms, signal)
    }
  }

  private safeDispatch <K extends keyof LvsEvents> (type: K, detail: LvsEvents[K]['detail']): void {
    try {
      this.safeDispatchEvent(type, { detail } as any)
    } catch (err) {
      this.log.error('a %s listener threw - %e', type, err)
    }
  }
}

/** Cycle ids start from the clock, so one more than a day ahead of it is a lie that would mute its owner */
const MAX_CYCLE_AHEAD_MS = 24 * 60 * 60 * 1000

/**
 * Whether a table entry a peer sends in a sync is plausible: entries carry
 * no signature of their origin (the store checks their shape), so this
 * refuses what would silence an honest node, a cycle id far in the future
 */
function plausible (entry: { cycleId: number }, now: number): boolean {
  return entry.cycleId <= now + MAX_CYCLE_AHEAD_MS
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })
}
