import { encodeStateDiff } from '@lvs/codec'
import { ADVERSARY_PUBLISH_EVERY, EXTREME_FACTOR, FLOOD_PER_CYCLE, FORGED_PER_SYNC, OUT_OF_BOUNDS_FACTOR, REPLAY_DEPTH, SYBILS_PER_ADVERSARY } from './constants.ts'
import type { SimKeys } from './keys.ts'
import type { Delivery, SimPacket } from './network.ts'
import type { AdversaryKind } from './options.ts'
import type { Random } from './prng.ts'
import type { Served } from './sim-node.ts'
import type { SignedEnvelope } from '@lvs/codec'
import type { SignedSdm } from '@lvs/engine'

type Identity = { key: string, from: Uint8Array }

/** What an adversary sends in one tick: packets, to everyone or to some receivers only */
export interface Sending {
  packets: SimPacket[]
  to?: ReadonlySet<string>
}

export interface AdversaryInit {
  keys: SimKeys
  kind: Exclude<AdversaryKind, 'mixed'>
  shardId: string
  dimension: number
  /** honest inputs are uniform in [0, range) per component */
  range: number
  random: Random
  /** the honest nodes' keys, for an equivocator that shows each half its own SDM */
  honest(): string[]
}

/**
 * A hostile node. It holds no table and never drifts; each tick it sends
 * what its kind sends, all of it signed with its own keys (it cannot sign
 * for anyone else). `extreme`: its SDM with an input far outside the
 * honest range (inside the bounds). `flip`: the same, flipping between two
 * extremes. `replay`: old SDMs of others (never one of its own), to roll
 * their entries back. `flood`: many SDMs of its own per tick with wild
 * inputs. `sync-forge`: announces a table that differs, so every honest
 * node syncs from it, and serves honest entries with changed inputs,
 * entries of keys that never signed anything, and its own SDMs dated 12 h
 * ahead and out of the shard's bounds. `equivocate`: two SDMs with one
 * cycle id and different inputs (both in the honest range), one to each
 * half of the honest nodes. `out-of-bounds`: a few honest-looking SDMs,
 * then one beyond the shard's bounds to half of the honest nodes.
 * `sybil`: several identities of its own, each with an extreme input, and
 * a served table full of made-up entries.
 */
export class Adversary {
  readonly key: string
  readonly kind: Exclude<AdversaryKind, 'mixed'>
  private readonly init: AdversaryInit
  private readonly identity: Identity
  private readonly sybils: Identity[]
  private readonly heard: SignedSdm[][] = []
  private published = 0

  constructor (init: AdversaryInit) {
    this.init = init
    this.kind = init.kind
    this.identity = init.keys.create()
    this.key = this.identity.key
    this.sybils = init.kind === 'sybil' ? Array.from({ length: SYBILS_PER_ADVERSARY }, () => init.keys.create()) : []
  }

  /** Every identity it signs with */
  get identities (): string[] {
    return [this.key, ...this.sybils.map(sybil => sybil.key)]
  }

  /** It announces a table digest that differs from everyone's, so honest nodes sync from it */
  get advertises (): boolean {
    return this.kind === 'sync-forge' || this.kind === 'sybil'
  }

  receive (deliveries: readonly Delivery[]): void {
    const sdms = deliveries.flatMap(d => d.packet.kind === 'sdm' && d.packet.message.origin !== this.key ? [d.packet.message] : [])
    this.heard.push(sdms)

    if (this.heard.length > REPLAY_DEPTH) {
      this.heard.shift()
    }
  }

  tick (tick: number, now: number): Sending[] {
    const extreme = EXTREME_FACTOR * this.init.range
    const due = tick % ADVERSARY_PUBLISH_EVERY === 0

    switch (this.kind) {
      case 'extreme':
        return due ? [this.all(this.own(this.identity, now, this.fill(extreme)))] : []
      case 'flip':
        return due ? [this.all(this.own(this.identity, now, this.fill(this.published % 2 === 0 ? extreme : -extreme)))] : []
      case 'flood':
        return [{ packets: Array.from({ length: FLOOD_PER_CYCLE }, (_, i) => this.own(this.identity, now + i, this.fill(() => this.init.random.range(-extreme, extreme)))) }]
      case 'replay': {
        // the oldest messages it remembers: as stale as it can make them
        const old = this.heard[0] ?? []
        return [{ packets: Array.from({ length: Math.min(5, old.length) }, () => ({ kind: 'sdm' as const, message: old[this.init.random.int(old.length)] })) }]
      }
      case 'equivocate':
        return due ? this.equivocate(now) : []
      case 'out-of-bounds':
        return due ? this.outOfBounds(now) : []
      case 'sybil':
        return due ? this.sybils.map(sybil => this.all(this.own(sybil, now, this.fill(() => extreme * (1 + this.init.random.next()))))) : []
      default:
        return []
    }
  }

  /** What it serves to an honest node that syncs from it */
  serve (now: number): Served | undefined {
    if (!this.advertises) {
      return undefined
    }

    const { keys, random } = this.init
    const entries: SignedEnvelope[] = Array.from({ length: FORGED_PER_SYNC }, () => {
      // a key that never signed anything, with a made-up signature
      const invented = keys.create().from
      const real = this.own(this.identity, now, this.fill(this.init.range / 2))
      return { ...real.message.proof, from: invented, signature: Uint8Array.from({ length: 8 }, () => random.int(256)) }
    })

    const honest = this.heard.flat().slice(-FORGED_PER_SYNC)
    // honest entries with a changed input and the original signature
    honest.forEach(message => {
      entries.push({ ...message.proof, data: encodeStateDiff({ ...message.sdm, input: this.fill(this.init.range * 10), nonce: 7 }) })
    })

    if (this.kind === 'sync-forge') {
      entries.push(this.own(this.identity, now + 12 * 3600_000, this.fill(this.init.range / 2)).message.proof)
      entries.push(this.own(this.identity, now, this.fill(OUT_OF_BOUNDS_FACTOR * this.init.range)).message.proof)
    } else {
      this.sybils.forEach(sybil => entries.push(this.own(sybil, now, this.fill(EXTREME_FACTOR * this.init.range)).message.proof))
    }

    return { entries, evidence: [] }
  }

  private equivocate (now: number): Sending[] {
    const honest = this.init.honest()
    const halves: [Set<string>, Set<string>] = [new Set(), new Set()]
    honest.forEach((key, i) => halves[i % 2].add(key))
    // one honest node hears both, as a gossip mesh would forward them
    halves[1].add(honest[this.init.random.int(honest.length)])
    const cycleId = now
    const a = this.own(this.identity, cycleId, this.fill(() => this.init.random.range(0, this.init.range)))
    const b = this.own(this.identity, cycleId, this.fill(() => this.init.random.range(0, this.init.range)))

    return [{ packets: [a], to: halves[0] }, { packets: [b], to: halves[1] }]
  }

  private outOfBounds (now: number): Sending[] {
    if (this.published < 3) {
      return [this.all(this.own(this.identity, now, this.fill(() => this.init.random.range(0, this.init.range))))]
    }

    const half = new Set(this.init.honest().filter((_, i) => i % 2 === 0))
    return [{ packets: [this.own(this.identity, now, this.fill(OUT_OF_BOUNDS_FACTOR * this.init.range))], to: half }]
  }

  private all (packet: SimPacket): Sending {
    return { packets: [packet] }
  }

  private fill (value: number | (() => number)): number[] {
    return Array.from({ length: this.init.dimension }, () => typeof value === 'number' ? value : value())
  }

  private own (identity: Identity, cycleId: number, input: number[]): { kind: 'sdm', message: SignedSdm } {
    this.published++
    const state = input.map(v => Math.fround(v))
    return { kind: 'sdm', message: this.init.keys.sign(identity, { shardId: this.init.shardId, cycleId: Math.floor(cycleId), input, state, driftWeight: 1 }) }
  }
}
