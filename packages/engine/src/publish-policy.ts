import { distance } from '@lvs/drift'
import { rateFault } from '@lvs/vaultguard'
import { MAX_REPEATS, MIN_SDM_SPACING_MS, PUBLISH_EPSILON, REPEAT_FACTOR } from './constants.ts'
import { heartbeatDue } from './pace.ts'
import type { SdmContent } from './types.ts'
import type { ResolvedShardRules } from '@lvs/vaultguard'

/** What the publish decision looks at, at one cycle */
export interface PublishContext {
  now: number
  input: readonly number[]
  state: readonly number[]
  /** the SDM this cycle would publish: its cycle id is the clock */
  next: SdmContent
  /** the heartbeat interval now (stretched as the swarm grows), ms */
  heartbeat: number
  /** the shard's scale (diameter of the inputs' bounding box) */
  scale: number
  /** largest distance between the live states in the table and the node's own */
  spread(): number
}

/**
 * When a node publishes its SDM (docs/state.md): when its input changed,
 * when its state moved more than `PUBLISH_EPSILON` of the shard's scale
 * (at most once per publish interval), when its heartbeat is due (once per
 * heartbeat interval, at a phase of its own: pace.ts), or now
 * and then while the table's states still disagree. A converged swarm is
 * quiet. Two SDMs are at least MIN_SDM_SPACING_MS apart, whatever
 * prompts them (peers' guards rate-limit each sender), and an input change
 * never goes out faster than the shard's `maxInputRate`: the SDM waits
 * until the cycle id (the clock) has moved on enough, since a faster one
 * would be evidence against this very node.
 */
export class PublishPolicy {
  private lastPublish = Number.NEGATIVE_INFINITY
  private published?: SdmContent
  /** a peer joined: publish as soon as the spacing allows */
  private requested = false
  /** repeats of a still state since the state last moved or the input changed */
  private repeats = 0
  /** why the last `due()` said yes */
  private reason: 'change' | 'heartbeat' | 'repeat' = 'change'
  private interval: number
  private readonly rules: ResolvedShardRules
  /** where in each heartbeat interval this node's heartbeat falls, [0, 1) */
  private readonly phase: number

  constructor (rules: ResolvedShardRules, interval: number, phase: number) {
    this.rules = rules
    this.interval = interval
    this.phase = phase
  }

  /** When the last SDM went, ms (-Infinity before the first) */
  get lastPublished (): number {
    return this.lastPublish
  }

  /** The least time between SDMs for a moved state (the bandwidth controller's output) */
  setInterval (ms: number): void {
    this.interval = ms
  }

  get publishInterval (): number {
    return this.interval
  }

  /** Publish at the next cycle the spacing allows (a peer joined the shard and needs this node's entry) */
  request (): void {
    this.requested = true
  }

  due (c: PublishContext): boolean {
    const reason = this.why(c)

    if (reason != null) {
      this.reason = reason
    }

    return reason != null
  }

  private why (c: PublishContext): typeof this.reason | undefined {
    const sinceLast = c.now - this.lastPublish
    const last = this.published

    if (last == null) {
      return 'change'
    }

    if (sinceLast < MIN_SDM_SPACING_MS) {
      return undefined
    }

    if (c.input.some((value, j) => value !== last.input[j])) {
      return rateFault(last, c.next, this.rules) ? undefined : 'change'
    }

    if (this.requested || heartbeatDue(c.now, this.lastPublish, c.heartbeat, this.phase)) {
      return 'heartbeat'
    }

    if (sinceLast < this.interval) {
      return undefined
    }

    const floor = PUBLISH_EPSILON * Math.max(c.scale, Number.MIN_VALUE)

    if (distance(c.state, last.state) > floor) {
      return 'change'
    }

    // a still state in a swarm whose states still disagree: some peer may have lost this node's SDM
    // (or it theirs); say it again now and then, a few times at most: a peer's entry that stays
    // stale here is not cured by this node repeating its own (its heartbeat and the beacons are)
    return this.repeats < MAX_REPEATS && sinceLast >= this.interval * REPEAT_FACTOR && c.spread() > floor ? 'repeat' : undefined
  }

  /** Records an SDM as published at `now` */
  mark (sdm: SdmContent, now: number): void {
    this.lastPublish = now
    this.published = sdm
    this.requested = false

    if (this.reason === 'repeat') {
      this.repeats++
    } else if (this.reason === 'change') {
      this.repeats = 0
    }
  }
}
