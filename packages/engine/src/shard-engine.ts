import { adaptiveInterval, apply, mixEntropy, step } from '@lvs/drift'
import { fitsInput } from '@lvs/shards'
import { PeerLedger, RECOVERY_FACTOR, RECOVERY_RELATIVE_MARGIN, check, needsRecovery, resolveRules } from '@lvs/vaultguard'
import { EXACT_EPSILON, HEARD_INTERVALS, LOW_POWER_CYCLE_FACTOR, MAX_STRETCH, RECOMPUTE_MS_PER_ENTRY } from './constants.ts'
import { equilibrium } from './equilibrium.ts'
import { InvalidInputError } from './errors.ts'
import { InputDigest } from './input-digest.ts'
import { Judge } from './judge.ts'
import { countLive, liveSpread } from './liveness.ts'
import { phaseOf, stretch } from './pace.ts'
import { PublishPolicy } from './publish-policy.ts'
import { resolveSettings, shown } from './settings.ts'
import { tableView } from './views.ts'
import type { Equilibrium } from './equilibrium.ts'
import type { EngineSettings } from './settings.ts'
import type { Admission, CycleOutcome, Farewell, SdmContent, ShardView, SignedSdm, SyncAdmission, TableView } from './types.ts'
import type { Evidence } from '@lvs/codec'
import type { ExpireResult, Shard, ShardStore } from '@lvs/shards'
import type { ResolvedShardRules, SignedBy } from '@lvs/vaultguard'

export interface ShardEngineInit {
  /** the store holding the shard (loaded) */
  store: ShardStore
  /** the shard's name */
  shard: string
  /** this node's entry key (its peer id as text) */
  self: string
  settings?: Partial<EngineSettings>
}

/**
 * One shard's engine (docs/engine.md): everything between the network and
 * the table, and the drift cycle. Peers' signed SDMs (gossip) and served
 * entries (sync) pass the guard and merge into the table; misbehaviour a
 * signed message proves becomes evidence that every replica applies alike;
 * the table and the evidence give the equilibrium; each cycle steps the
 * state toward it and decides whether to publish. No clock, no timers, no
 * network: the caller passes the time in and carries the bytes, so the
 * live node and the simulator run this very code.
 */
export class ShardEngine {
  readonly name: string
  readonly rules: ResolvedShardRules
  readonly settings: EngineSettings
  private readonly store: ShardStore
  private readonly self: string
  private readonly ledger: PeerLedger
  private readonly judge: Judge
  private readonly policy: PublishPolicy
  private readonly digest = new InputDigest()
  private cached?: Equilibrium
  /** the table or the evidence changed since `cached` was computed */
  private dirty = true
  /** when a cycle last recomputed the equilibrium, ms */
  private computedAt = Number.NEGATIVE_INFINITY
  private interval: number
  private converged = false
  private cycles = 0
  private lowPower = false
  /** live entries heard lately at the last expiry (the node's own included): what stretches the heartbeat */
  private live = 1

  /** @throws {InvalidSettingError} for a setting that cannot work */
  constructor (init: ShardEngineInit) {
    this.name = init.shard
    this.store = init.store
    this.self = init.self
    this.settings = resolveSettings(init.settings)
    const config = this.shard().config
    // an entry may go unheard for the longest stretched liveness timeout before its retention starts
    const longest = config.liveTimeout * (this.settings.swarmHeartbeats > 0 ? MAX_STRETCH : 1)
    const rules = { shardId: config.name, dimension: config.dimension, nonNegative: config.nonNegative, min: config.min, max: config.max, maxInputRate: config.maxInputRate, maxAge: longest + config.retention }
    this.rules = resolveRules(rules)
    this.ledger = new PeerLedger({ ...rules, quarantineTime: this.settings.quarantineTime })
    this.judge = new Judge({ name: this.name, store: this.store, ledger: this.ledger, rules: this.rules, onChange: () => { this.invalidate() } })
    this.policy = new PublishPolicy(this.rules, this.settings.minPublishInterval, phaseOf(init.self))
    this.interval = this.settings.minInterval
    this.live = countLive(this.shard(), this.self)
  }

  /** A peer's SDM from gossip, its signature checked by gossipsub; `source` forwarded it */
  receive (message: SignedSdm, source: string, now: number): Admission {
    if (message.origin === this.self) {
      return { verdict: 'ignore', reason: 'duplicate' }
    }

    // the ledger judges jumps against the robust scale of the last equilibrium computed (each cycle computes it)
    return this.judge.gossip(message, source, now)
  }

  /** Entries a peer served in a sync, each signature checked by the caller */
  receiveSynced (entries: readonly SignedSdm[], source: string, now: number): SyncAdmission {
    return this.judge.synced(entries.filter(entry => entry.origin !== this.self), source, now)
  }

  /** Evidence a peer published or served; its messages' signatures checked by the caller */
  receiveEvidence (evidence: Evidence, signed: readonly SignedBy[], source: string, now: number): Admission {
    return this.judge.evidence(evidence, signed, source, now)
  }

  /** Something `source` sent that proves nothing: bytes that do not decode, a signature that does not check */
  refuse (source: string, now: number, reason: 'unproven' | 'malformed'): Admission {
    return this.ledger.refuse(source, now, reason)
  }

  /** The node's own signed SDM, just published: its entry, with the proof it serves */
  published (message: SignedSdm, now: number): void {
    this.judge.own(message, now)
  }

  /**
   * The node's last SDM as it stops, once its table holds its own entry:
   * that entry's input and state again (what every peer already holds, so
   * no guard rule can find fault with it that it did not find before),
   * marked leaving, so that its peers turn its entry dormant at once
   * instead of counting it live for a stretched liveness timeout. It goes
   * no sooner than `notBefore`, ms: the guard's least time between one
   * sender's SDMs after the last one, which peers would ignore it within.
   * The caller signs it, hands it to `published` and floods it
   */
  farewell (now: number): Farewell | undefined {
    const shard = this.shard()
    const own = shard.entries.get(this.self)

    if (own == null || own.leaving === true) {
      return undefined
    }

    this.store.setOwn(this.name, { cycleId: Math.max(shard.cycleId + 1, Math.floor(now)) })
    const sdm = { shardId: this.name, cycleId: shard.cycleId, input: [...own.input], state: [...own.state], driftWeight: own.driftWeight, leaving: true }
    return { sdm, notBefore: this.policy.lastPublished + this.rules.minInterval }
  }

  /** @throws {InvalidInputError} for an input that does not fit the shard */
  setInput (input: number[]): void {
    const config = this.shard().config

    if (!fitsInput(input, config)) {
      const bounds = config.min.some(Number.isFinite) || config.max.some(Number.isFinite) ? ` within [${shown(config.min)}, ${shown(config.max)}]` : ''
      throw new InvalidInputError(`shard ${this.name} takes ${config.dimension} finite numbers${config.nonNegative ? ', none negative' : ''}${bounds}, got ${shown(input)}`)
    }

    this.store.setOwn(this.name, { input: [...input] })
    this.invalidate()
    this.converged = false
  }

  /** One drift cycle at time `now` (ms) with the entropy vectors at hand */
  cycle (now: number, entropy: number[][]): CycleOutcome {
    const shard = this.shard()
    const eq = this.equilibrium(now)
    const margin = RECOVERY_RELATIVE_MARGIN * Math.max(1, Math.hypot(...eq.target))
    const recovered = needsRecovery(shard.state, eq.target, eq.scale)
    let state: number[]

    if (recovered) {
      state = [...eq.target]
    } else {
      const e = mixEntropy(entropy.length > 0 ? entropy : [shard.input.map(() => 0.5)])
      const proposed = step(shard.state, eq.target, e, { alpha: this.settings.alpha, beta: this.settings.beta })
      const { drift } = check(proposed, shard.state, {
        nonNegative: shard.config.nonNegative,
        // longer than the distance recovery allows, or past the target, is never an honest step
        maxStep: RECOVERY_FACTOR * eq.scale + margin,
        maxStepShare: 1,
        target: eq.target,
        ...(shard.config.nonNegative ? { total: eq.total } : {})
      })
      state = apply(shard.state, drift)
    }

    // through the store, so persistence sees the change
    this.store.setOwn(this.name, { state, cycleId: Math.max(shard.cycleId + 1, Math.floor(now)) })
    this.cycles++
    const floor = this.settings.minInterval * (this.lowPower ? LOW_POWER_CYCLE_FACTOR : 1)
    const ceiling = Math.max(floor, this.settings.maxInterval)
    this.interval = adaptiveInterval({ current: this.interval, state: shard.state, target: eq.target, scale: eq.scale, epsilon: EXACT_EPSILON, min: floor, max: ceiling })
    const converged = this.interval > floor
    const becameConverged = converged && !this.converged
    this.converged = converged

    const next: SdmContent = { shardId: this.name, cycleId: shard.cycleId, input: [...shard.input], state: shard.state.map(Math.fround), driftWeight: 1 }
    const due = this.policy.due({ now, input: shard.input, state: shard.state, next, heartbeat: this.heartbeatInterval(), scale: eq.scale, spread: () => liveSpread(shard, this.self) })

    if (due) {
      this.policy.mark(next, now)
    }

    return { ...(due ? { publish: next } : {}), recovered, converged: becameConverged, interval: this.interval }
  }

  /**
   * Turns entries unheard for the shard's liveness timeout, stretched as
   * the heartbeat is, dormant and drops expired ones (and the ledger's
   * records of them)
   */
  expire (now: number): ExpireResult {
    const result = this.store.expire(now, [this.name], this.shard().config.liveTimeout * this.stretch())
    result.removed.forEach(key => { this.ledger.forget(key) })
    // departed nodes must not stretch the time they stay counted: only those heard lately count (HEARD_INTERVALS)
    this.live = countLive(this.shard(), this.self, now, this.heartbeatInterval() * HEARD_INTERVALS)

    if (result.removed.length > 0 || result.dormant.length > 0) {
      this.invalidate()
    }

    return result
  }

  /** The table changed behind the engine's back */
  invalidate (): void {
    this.dirty = true
  }

  /**
   * How many times the heartbeat, the liveness timeout and the beacons are
   * stretched for the live nodes counted at the last expiry, so that the
   * whole swarm sends at most `swarmHeartbeats` heartbeats per heartbeat
   * interval (docs/scale.md)
   */
  stretch (): number {
    return stretch(this.live, this.settings.swarmHeartbeats)
  }

  /** An SDM at least this often, ms: the heartbeat, stretched */
  heartbeatInterval (): number {
    return this.settings.heartbeatInterval * this.stretch()
  }

  /** The least time between SDMs that report a moved state, from the bandwidth controller */
  setPublishInterval (ms: number): void {
    this.policy.setInterval(ms)
  }

  /** Low power: the cycle interval's floor is several times longer */
  setLowPower (on: boolean): void {
    this.lowPower = on
  }

  /** Publishes at the next cycle (a peer joined the shard and needs this node's entry) */
  requestPublish (): void {
    this.policy.request()
  }

  /** gossipsub application score of a peer (the guard's) */
  score (peer: string, now: number): number {
    return this.ledger.score(peer, now)
  }

  /** Peers the guard holds in quarantine at `now` */
  quarantined (now: number): string[] {
    return this.ledger.quarantined(now)
  }

  /** Root of a hash tree over what decides the equilibrium: each entry's key and input, and the keys evidence condemns */
  inputDigest (): Uint8Array {
    return this.digest.of(this.shard())
  }

  /** Where this node stands now */
  state (): number[] {
    return [...this.shard().state]
  }

  view (): ShardView {
    const shard = this.shard()
    const eq = this.equilibrium()

    return {
      shard: this.name,
      input: [...shard.input],
      state: [...shard.state],
      target: [...eq.target],
      total: [...eq.total],
      count: eq.count,
      spread: liveSpread(this.shard(), this.self),
      converged: this.converged,
      cycle: shard.cycleId,
      cycles: this.cycles,
      interval: this.interval,
      publishInterval: this.policy.publishInterval,
      heartbeatInterval: this.heartbeatInterval(),
      live: this.live,
      lowPower: this.lowPower
    }
  }

  table (): TableView[] {
    return tableView(this.shard(), this.equilibrium().weights)
  }

  private shard (): Shard {
    const shard = this.store.get(this.name)

    if (shard == null) {
      throw new Error(`shard ${this.name} is not loaded`)
    }

    return shard
  }

  /**
   * The equilibrium, recomputed only when the table's inputs or the
   * evidence changed; at a cycle (`now` given), at most once per
   * RECOMPUTE_MS_PER_ENTRY per entry
   */
  private equilibrium (now?: number): Equilibrium {
    const spacing = RECOMPUTE_MS_PER_ENTRY * this.shard().entries.size

    if (this.cached == null || (this.dirty && (now == null || now - this.computedAt >= spacing))) {
      this.cached = equilibrium(this.shard(), this.self, this.settings.trim, this.store.sorted(this.name))
      this.ledger.useScale(this.cached.robust)
      this.dirty = false
      this.computedAt = now ?? this.computedAt
    }

    return this.cached
  }
}
