import { apply, mixEntropy, step, target } from '@lvs/drift'
import { PeerLedger, assess, check, needsRecovery } from '@lvs/vaultguard'
import type { Delivery, SimMessage } from './network.ts'
import type { Random } from './prng.ts'

interface Entry {
  key: string
  input: number[]
  state: number[]
  cycleId: number
  /** cycle it was last heard of */
  lastSeen: number
}

export interface NodeConfig {
  shardId: string
  dimension: number
  trim: number
  /** entries unheard for longer than this many cycles stop counting (dormant beyond it) */
  retention: number
  intervalMs: number
}

/**
 * One honest node of the simulation: a replica of the shard's table, the
 * guard's ledger, and the drift state, run with the real drift core and
 * guard. Its own entry is part of its table, like the live node's.
 */
export class HonestNode {
  readonly key: string
  input: number[]
  state: number[]
  online = true
  private cycleId = 0
  private readonly table = new Map<string, Entry>()
  private readonly ledger: PeerLedger
  private readonly config: NodeConfig
  private readonly random: Random
  private entropy: number[]
  private peerEntropy: number[] | undefined
  private dirty = true
  private cachedTarget: number[] = []
  private scale: number[] | undefined
  private quarantinedKeys = new Set<string>()
  recoveries = 0

  constructor (key: string, input: number[], config: NodeConfig, random: Random) {
    this.key = key
    this.input = input
    this.state = [...input]
    this.config = config
    this.random = random
    this.entropy = random.vector(config.dimension)
    // the sim's cycle is the rate limit: one SDM per sender per cycle
    this.ledger = new PeerLedger({ shardId: config.shardId, dimension: config.dimension, minInterval: config.intervalMs })
    this.table.set(key, { key, input, state: this.state, cycleId: 0, lastSeen: 0 })
  }

  setInput (input: number[]): void {
    this.input = input
    this.table.set(this.key, { ...this.ownEntry(), input })
    this.dirty = true
  }

  receive (deliveries: Delivery[], cycle: number): void {
    const now = cycle * this.config.intervalMs

    for (const { message, source } of deliveries) {
      if (message.origin === this.key) {
        continue
      }

      const result = this.ledger.admit(message, { origin: message.origin, source, now, scale: this.scale })

      if (result.verdict !== 'accept') {
        continue
      }

      const previous = this.table.get(message.origin)

      if (previous == null) {
        this.table.set(message.origin, { key: message.origin, input: message.input, state: message.state, cycleId: message.cycleId, lastSeen: cycle })
        this.dirty = true
        continue
      }

      if (previous.input !== message.input && previous.input.some((value, j) => value !== message.input[j])) {
        this.dirty = true
      }

      previous.input = message.input
      previous.state = message.state
      previous.cycleId = message.cycleId
      previous.lastSeen = cycle
    }
  }

  /** Hears another node's entropy packet (the latest one counts) */
  hearEntropy (vector: number[]): void {
    this.peerEntropy = vector
  }

  /** One drift cycle: target, entropy, step, guard check, apply */
  cycle (cycle: number): SimMessage {
    const goal = this.target(cycle)
    this.entropy = this.random.vector(this.config.dimension)
    const e = mixEntropy(this.peerEntropy == null ? [this.entropy] : [this.entropy, this.peerEntropy])

    if (needsRecovery(this.state, goal, this.inputSpread())) {
      this.state = [...goal]
      this.recoveries++
    } else {
      const { drift } = check(step(this.state, goal, e), this.state)
      this.state = apply(this.state, drift)
    }

    this.cycleId++
    this.table.set(this.key, { ...this.ownEntry(), state: this.state, cycleId: this.cycleId, lastSeen: cycle })

    return { origin: this.key, shardId: this.config.shardId, cycleId: this.cycleId, input: this.input, state: this.state, driftWeight: 1 }
  }

  get ownEntropy (): number[] {
    return this.entropy
  }

  /** Whether this node no longer counts an entry: quarantined here (table verdict) or locally */
  quarantines (key: string, cycle: number): boolean {
    return this.quarantinedKeys.has(key) || this.ledger.status(key, cycle * this.config.intervalMs) === 'quarantine'
  }

  get tableSize (): number {
    return this.table.size
  }

  private ownEntry (): Entry {
    const own = this.table.get(this.key)

    if (own == null) {
      throw new Error('a node always holds its own entry')
    }

    return own
  }

  private target (cycle: number): number[] {
    const live = [...this.table.values()].filter(entry => entry.key === this.key || cycle - entry.lastSeen <= this.config.retention)

    if (!this.dirty && live.length === this.table.size) {
      return this.cachedTarget
    }

    const { entries, robust } = assess(live)
    const trust = new Map<string, number>()
    const inputs = live.map(entry => {
      const assessment = entries.get(entry.key)
      trust.set(entry.key, assessment?.weight ?? 1)
      return { key: entry.key, input: assessment?.input ?? entry.input }
    })

    this.quarantinedKeys = new Set([...entries].filter(([, a]) => a.status === 'quarantine').map(([key]) => key))
    this.scale = robust?.scale
    this.cachedTarget = target(inputs, trust, { trim: this.config.trim })
    this.dirty = false

    return this.cachedTarget
  }

  /** Diameter of the admitted inputs' bounding box: the scale of recovery */
  private inputSpread (): number {
    let spread = 0
    const k = this.config.dimension

    for (let j = 0; j < k; j++) {
      let min = Infinity
      let max = -Infinity

      for (const entry of this.table.values()) {
        if (!this.quarantinedKeys.has(entry.key)) {
          min = Math.min(min, entry.input[j])
          max = Math.max(max, entry.input[j])
        }
      }

      spread += (max - min) ** 2
    }

    return Math.sqrt(spread)
  }
}
