import { apply, adaptiveInterval, distance, mixEntropy, spread, step, summary, target } from '@lvs/drift'
import { PeerLedger, assess, check, needsRecovery } from '@lvs/vaultguard'
import { CONVERGED_EPSILON, MIN_PUBLISH_INTERVAL_MS, PUBLISH_EPSILON, HEARTBEAT_INTERVAL_MS, LOW_POWER_CYCLE_FACTOR, REPEAT_FACTOR } from './constants.ts'
import type { LvsInit, ShardView } from './types.ts'
import type { StateDiff } from '@lvs/codec'
import type { ShardStore } from '@lvs/shards'
import type { AdmitResult } from '@lvs/vaultguard'

export interface CycleOutcome {
  /** the SDM to publish, when one is due */
  publish?: Omit<StateDiff, 'nonce'>
  recovered: boolean
  converged: boolean
  interval: number
}

/**
 * One shard's engine: admission of peers' SDMs through the guard into the
 * shard store, and the drift cycle (DESIGN.md section 1's data flow:
 * admit -> merge -> drift.step -> guard check -> apply). No timers and no
 * network: the service calls it with the time.
 */
export class ShardRunner {
  readonly name: string
  private readonly store: ShardStore
  private readonly self: string
  private readonly init: LvsInit
  private readonly ledger: PeerLedger
  private interval: number
  private lastPublish = Number.NEGATIVE_INFINITY
  private publishedState: number[] | undefined
  private publishedInput: number[] | undefined
  private cachedTarget: number[] | undefined
  private cachedTotal: number[] = []
  private cachedCount = 0
  private dirty = true
  private scale = 0
  private converged = false
  private cycles = 0
  private lowPower = false
  private publishInterval: number
  /** peers the guard quarantined in this shard */
  readonly quarantined = new Set<string>()

  constructor (name: string, store: ShardStore, self: string, init: LvsInit) {
    this.name = name
    this.store = store
    this.self = self
    this.init = init
    const config = this.shard().config
    this.ledger = new PeerLedger({ shardId: name, dimension: config.dimension, nonNegative: config.nonNegative })
    this.interval = init.minInterval ?? 50
    this.publishInterval = init.minPublishInterval ?? MIN_PUBLISH_INTERVAL_MS
  }

  /** Admits a peer's SDM; merged into the table when accepted */
  admit (sdm: StateDiff, origin: string, source: string, now: number): AdmitResult {
    if (origin === this.self) {
      return { verdict: 'ignore', reason: 'duplicate' }
    }

    const result = this.ledger.admit(sdm, { origin, source, now })

    if (result.verdict === 'accept') {
      const changed = this.store.mergeEntry(this.name, {
        key: origin, cycleId: sdm.cycleId, input: sdm.input, state: sdm.state, driftWeight: sdm.driftWeight, lastSeen: now, status: 'live'
      })
      this.dirty ||= changed
    }

    if (result.transition === 'quarantine') {
      this.quarantined.add(origin)
    }

    return result
  }

  /** A message that did not even decode: the guard's `malformed` rule, charged to the forwarder */
  malformed (source: string, now: number): AdmitResult {
    return this.ledger.admit(null, { origin: source, source, now })
  }

  /** gossipsub application score of a peer (the guard's) */
  score (peer: string, now: number): number {
    return this.ledger.score(peer, now)
  }

  /** The table changed behind the runner's back (a sync merged entries) */
  invalidate (): void {
    this.dirty = true
  }

  /** The least time between SDMs that report a moved state, from the bandwidth controller */
  setPublishInterval (ms: number): void {
    this.publishInterval = ms
  }

  /** Low power: the cycle interval's floor is several times longer */
  setLowPower (on: boolean): void {
    this.lowPower = on
  }

  /** Peers the guard holds in quarantine now (threat decays, so some may have left it) */
  quarantinedNow (now: number): number {
    return [...this.quarantined].filter(peer => this.ledger.status(peer, now) === 'quarantine').length
  }

  /** Publishes at the next cycle (a peer joined the shard and needs our entry) */
  requestPublish (): void {
    this.lastPublish = Number.NEGATIVE_INFINITY
  }

  setInput (input: number[]): void {
    this.store.setOwn(this.name, { input: [...input] })
    this.dirty = true
    this.converged = false
  }

  /** One drift cycle at time `now` with the entropy vectors at hand */
  cycle (now: number, entropy: number[][]): CycleOutcome {
    const shard = this.shard()
    const goal = this.target()
    let recovered = false

    if (needsRecovery(shard.state, goal, this.scale)) {
      shard.state = [...goal]
      recovered = true
    } else {
      const e = mixEntropy(entropy.length > 0 ? entropy : [shard.input.map(() => 0.5)])
      const { drift } = check(step(shard.state, goal, e, { alpha: this.init.alpha, beta: this.init.beta }), shard.state, { nonNegative: shard.config.nonNegative })
      shard.state = apply(shard.state, drift)
    }

    shard.cycleId++
    this.cycles++
    const floor = (this.init.minInterval ?? 50) * (this.lowPower ? LOW_POWER_CYCLE_FACTOR : 1)
    const ceiling = Math.max(floor, this.init.maxInterval ?? 10_000)
    this.interval = adaptiveInterval({ current: this.interval, state: shard.state, target: goal, scale: this.scale, epsilon: CONVERGED_EPSILON, min: floor, max: ceiling })
    const converged = this.interval > floor
    const becameConverged = converged && !this.converged
    this.converged = converged

    return { publish: this.due(now) ? this.publish(now) : undefined, recovered, converged: becameConverged, interval: this.interval }
  }

  view (): ShardView {
    const shard = this.shard()
    const goal = this.target()
    return {
      shard: this.name,
      input: [...shard.input],
      state: [...shard.state],
      target: [...goal],
      total: [...this.cachedTotal],
      count: this.cachedCount,
      spread: this.liveSpread(),
      converged: this.converged,
      cycle: shard.cycleId,
      cycles: this.cycles,
      interval: this.interval,
      publishInterval: this.publishInterval,
      lowPower: this.lowPower
    }
  }

  private shard (): NonNullable<ReturnType<ShardStore['get']>> {
    const shard = this.store.get(this.name)

    if (shard == null) {
      throw new Error(`shard ${this.name} is not loaded`)
    }

    return shard
  }

  /** The equilibrium from the table, recomputed only when the table's inputs changed */
  private target (): number[] {
    const shard = this.shard()

    if (!this.dirty && this.cachedTarget != null) {
      return this.cachedTarget
    }

    const table = [...shard.entries.values()]
      .filter(entry => entry.key !== this.self && entry.status !== 'quarantined')
      .map(entry => ({ key: entry.key, input: entry.input }))
    table.push({ key: this.self, input: shard.input })

    const { entries } = assess(table)
    const trust = new Map<string, number>()
    const inputs = table.map(entry => {
      const verdict = entries.get(entry.key)
      trust.set(entry.key, verdict?.weight ?? 1)
      return { key: entry.key, input: verdict?.input ?? entry.input }
    })

    this.cachedTarget = target(inputs, trust, { trim: this.init.trim })
    const { total, count } = summary(inputs, trust)
    this.cachedTotal = total
    this.cachedCount = count
    this.scale = Math.hypot(...this.cachedTarget.map((_, j) => {
      const column = inputs.filter(entry => (trust.get(entry.key) ?? 1) > 0).map(entry => entry.input[j])
      return Math.max(...column) - Math.min(...column)
    }))
    this.dirty = false

    return this.cachedTarget
  }

  /** DESIGN.md section 3: input changed, state moved enough (rate limited), or heartbeat due */
  private due (now: number): boolean {
    const shard = this.shard()
    const sinceLast = now - this.lastPublish

    if (this.publishedInput == null || shard.input.some((value, j) => value !== this.publishedInput?.[j])) {
      return true
    }

    if (sinceLast >= (this.init.heartbeatInterval ?? HEARTBEAT_INTERVAL_MS)) {
      return true
    }

    if (sinceLast < this.publishInterval) {
      return false
    }

    const floor = PUBLISH_EPSILON * Math.max(this.scale, Number.MIN_VALUE)
    const moved = this.publishedState == null ? Infinity : distance(shard.state, this.publishedState)

    if (moved > floor) {
      return true
    }

    // a still state in a swarm whose states still disagree: some peer may have lost our input
    // (or we theirs); say it again now and then, until the swarm agrees and goes quiet
    return sinceLast >= this.publishInterval * REPEAT_FACTOR && this.liveSpread() > floor
  }

  /** Largest distance between the states of the live entries and our own */
  private liveSpread (): number {
    const shard = this.shard()
    const states = [shard.state]

    for (const entry of shard.entries.values()) {
      if (entry.status === 'live' && entry.key !== this.self) {
        states.push(entry.state)
      }
    }

    return spread(states)
  }

  private publish (now: number): Omit<StateDiff, 'nonce'> {
    const shard = this.shard()
    this.lastPublish = now
    this.publishedInput = [...shard.input]
    this.publishedState = [...shard.state]
    this.store.mergeEntry(this.name, { key: this.self, cycleId: shard.cycleId, input: [...shard.input], state: [...shard.state], driftWeight: 1, lastSeen: now, status: 'live' })

    return { shardId: this.name, cycleId: shard.cycleId, input: [...shard.input], state: [...shard.state], driftWeight: 1 }
  }
}
