import { TopicValidatorResult } from '@libp2p/gossipsub'
import { serviceCapabilities, serviceDependencies } from '@libp2p/interface'
import { CodecError, ENTROPY_TOPIC, SYNC_PROTOCOL, createNonce, decodeEntropyPacket, decodeStateDiff, encodeEntropyPacket, encodeStateDiff, shardTopic } from '@lvs/codec'
import { createEntropyPacket, createLoadMonitor, generateEntropy } from '@lvs/entropy'
import { ShardStore, createSyncHandler, syncShard } from '@lvs/shards'
import { TypedEventEmitter } from 'main-event'
import { DEFAULT_SHARDS, ENTROPY_INTERVAL_MS, EXPIRE_INTERVAL_MS, MAX_ENTROPY_SOURCES } from './constants.ts'
import { ShardRunner } from './shard-runner.ts'
import type { LvsEvents, LvsInit, ShardView } from './types.ts'
import type { GossipSub, Message, SubscriptionChangeData } from '@libp2p/gossipsub'
import type { AbortOptions, ComponentLogger, Logger, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { LoadMonitor } from '@lvs/entropy'
import type { AdmitResult } from '@lvs/vaultguard'
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
  private readonly onMessage = (evt: CustomEvent<Message>): void => { this.receiveEntropy(evt.detail) }
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
    pubsub.addEventListener('message', this.onMessage)
    pubsub.addEventListener('subscription-change', this.onSubscription)

    for (const runner of this.runners.values()) {
      void this.loop(runner, this.controller.signal)
    }

    void this.every(this.init.entropyInterval ?? ENTROPY_INTERVAL_MS, async () => { await this.publishEntropy() }, this.controller.signal)
    void this.every(EXPIRE_INTERVAL_MS, async () => { this.store?.expire(Date.now()) }, this.controller.signal)
    this.log('started with shards %s', [...this.runners.keys()].join(', '))

    if (this.init.syncOnJoin !== false) {
      void this.syncAll({ signal: this.controller.signal }).catch(err => { this.log.error('sync on join failed - %e', err) })
    }
  }

  /** Fetches every shard's table from each subscribed peer it can reach */
  async syncAll (options: AbortOptions = {}): Promise<void> {
    const store = this.store

    if (store == null) {
      return
    }

    const dialer = { dialProtocol: async (peer: PeerId, protocols: string | string[], o?: AbortOptions) => this.components.connectionManager.openStream(peer, protocols, o) }

    for (const name of this.runners.keys()) {
      for (const peer of this.pubsub().getSubscribers(shardTopic(name))) {
        await syncShard(dialer, peer, store, name, { ...options, timeout: 10_000 })
          .catch(err => { this.log('sync of %s with %p failed - %e', name, peer, err) })
      }
    }
  }

  /** While gossipsub still runs: stops the cycles and leaves the topics */
  beforeStop (): void {
    this.controller.abort()
    const pubsub = this.components.pubsub

    for (const topic of [...[...this.runners.keys()].map(shardTopic), ENTROPY_TOPIC]) {
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

  private validate (shard: string, peer: PeerId, message: Message): TopicValidatorResult {
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
      this.report(shard, peer.toString(), result)
      return TopicValidatorResult.Reject
    }

    const origin = message.from.toString()
    const result = this.runner(shard).admit(sdm, origin, peer.toString(), now)
    this.report(shard, origin, result)

    return result.verdict === 'accept' ? TopicValidatorResult.Accept : result.verdict === 'reject' ? TopicValidatorResult.Reject : TopicValidatorResult.Ignore
  }

  /** Turns the guard's verdict into events */
  private report (shard: string, peer: string, result: AdmitResult): void {
    if (result.reason === 'jump') {
      this.safeDispatch('anomaly', { shard, peer, reason: result.reason })
    }

    if (result.transition === 'alert' || result.transition === 'quarantine') {
      this.safeDispatch(result.transition, { shard, peer, reason: result.reason })
    }
  }

  private validateEntropy (message: Message): TopicValidatorResult {
    try {
      decodeEntropyPacket(message.data)
      return TopicValidatorResult.Accept
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  /** A peer that joins one of our shards gets our entry at the next cycle, not at the next heartbeat */
  private peerJoined (change: SubscriptionChangeData): void {
    for (const { topic, subscribe } of change.subscriptions) {
      const runner = [...this.runners.values()].find(r => shardTopic(r.name) === topic)

      if (subscribe && runner != null) {
        runner.requestPublish()
      }
    }
  }

  private receiveEntropy (message: Message): void {
    if (message.topic !== ENTROPY_TOPIC || message.type !== 'signed') {
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
    await this.pubsub().publish(ENTROPY_TOPIC, encodeEntropyPacket(ep))
  }

  private async loop (runner: ShardRunner, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const k = this.store?.get(runner.name)?.config.dimension ?? 1
      const peers = [...this.entropy.values()].filter(vector => vector.length >= k).map(vector => vector.slice(0, k))
      const outcome = runner.cycle(Date.now(), [generateEntropy(k), ...peers])

      if (outcome.publish != null) {
        await this.pubsub().publish(shardTopic(runner.name), encodeStateDiff({ ...outcome.publish, nonce: createNonce() }))
          .catch(err => { this.log('publish on %s failed - %e', runner.name, err) })
      }

      const view = runner.view()
      this.safeDispatch('cycle', { shard: runner.name, cycle: view.cycle, state: view.state, target: view.target, interval: outcome.interval })

      if (outcome.recovered) {
        this.safeDispatch('recovery', { shard: runner.name, state: view.state, target: view.target })
      }

      if (outcome.converged) {
        this.safeDispatch('converged', view)
      }

      await sleep(outcome.interval, signal)
    }
  }

  private async every (ms: number, task: () => Promise<void>, signal: AbortSignal): Promise<void> {
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

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
  })
}
