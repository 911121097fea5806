import {
  GOOD_DECAY,
  IGNORE_THREAT,
  JUMP_THREAT,
  MAX_TRACKED_PEERS,
  QUARANTINE_SCORE,
  QUARANTINE_THRESHOLD,
  QUARANTINE_TIME_MS,
  REJECT_THREAT,
  THREAT_HALF_LIFE_MS,
  THREAT_SCORE_SCALE
} from './constants.ts'
import { statusOf } from './status.ts'
import type { GuardStatus } from './status.ts'

/** How fast local threat grows and fades; every field has a default in constants.ts */
export interface ThreatTuning {
  /** added by a rejected (provably bad) message, default 0.3 */
  rejectThreat?: number
  /** added by an ignored message that is an offence (stale, rate limited), default 0.05 */
  ignoreThreat?: number
  /** added by an input jump beyond k MADs, default 0.2 */
  jumpThreat?: number
  /** share of threat forgiven by each accepted, normal message, default 0.05 */
  goodDecay?: number
  /** ms over which threat halves, default 60 s */
  halfLife?: number
  /** peers kept; the first recorded are dropped beyond it, default 4096 */
  maxPeers?: number
  /** ms a peer stays in QUARANTINE once there, whatever its threat decays to, default 10 minutes */
  quarantineTime?: number
}

interface PeerRecord {
  threat: number
  at: number
  /** in quarantine until then, ms */
  until?: number
}

/** A change of a peer's status for the worse */
export interface Raised {
  threat: number
  /** set when the peer crossed into ALERT or QUARANTINE */
  transition?: GuardStatus
}

/**
 * Local threat per peer in [0, 1]: raised by offences, halved every
 * `halfLife` ms, and eased by good messages. Time comes in as `now`.
 */
export class ThreatBook {
  readonly tuning: Required<ThreatTuning>
  private readonly peers = new Map<string, PeerRecord>()

  constructor (tuning: ThreatTuning = {}) {
    this.tuning = {
      rejectThreat: tuning.rejectThreat ?? REJECT_THREAT,
      ignoreThreat: tuning.ignoreThreat ?? IGNORE_THREAT,
      jumpThreat: tuning.jumpThreat ?? JUMP_THREAT,
      goodDecay: tuning.goodDecay ?? GOOD_DECAY,
      halfLife: tuning.halfLife ?? THREAT_HALF_LIFE_MS,
      maxPeers: tuning.maxPeers ?? MAX_TRACKED_PEERS,
      quarantineTime: tuning.quarantineTime ?? QUARANTINE_TIME_MS
    }
  }

  /** The peer's threat at `now`: 0 for a peer with no record, at least the quarantine threshold while its quarantine lasts */
  threat (peer: string, now: number): number {
    const record = this.peers.get(peer)

    if (record == null) {
      return 0
    }

    const elapsed = Math.max(0, now - record.at)
    const decayed = record.threat * 0.5 ** (elapsed / this.tuning.halfLife)

    return record.until != null && now < record.until ? Math.max(decayed, QUARANTINE_THRESHOLD) : decayed
  }

  status (peer: string, now: number): GuardStatus {
    return statusOf(this.threat(peer, now))
  }

  /**
   * gossipsub's application-specific score of the peer: 0 below the alert
   * threshold, -6 to -8.5 in alert, -1000 (below any graylist threshold) in
   * quarantine. gossipsub grafts no peer with a score below 0 into a mesh
   * and prunes one that falls below: a negative score for any threat at all
   * (the late and bursty deliveries of a lossy network raise a little) left
   * a node with no mesh, so it forwarded nothing and peers that reached
   * each other only through it never met (3 nodes in a line at 60 % packet
   * loss stayed short of their equilibrium)
   */
  score (peer: string, now: number): number {
    const status = this.status(peer, now)

    if (status === 'quarantine') {
      return QUARANTINE_SCORE
    }

    return status === 'alert' ? -THREAT_SCORE_SCALE * this.threat(peer, now) : 0
  }

  /** Adds `amount` to the peer's threat (capped at 1); reaching QUARANTINE starts its `quarantineTime` */
  raise (peer: string, now: number, amount: number): Raised {
    const current = this.threat(peer, now)
    const threat = Math.min(1, current + Math.max(0, amount))
    const before = statusOf(current)
    const after = statusOf(threat)
    const held = this.peers.get(peer)?.until
    const until = after === 'quarantine' && before !== 'quarantine' ? now + this.tuning.quarantineTime : held
    this.set(peer, until == null ? { threat, at: now } : { threat, at: now, until })

    return after !== before && after !== 'live' ? { threat, transition: after } : { threat }
  }

  /** Forgives a share of the peer's threat (a good message); a quarantine still runs its time */
  forgive (peer: string, now: number): void {
    const record = this.peers.get(peer)
    const threat = this.threat(peer, now)

    if (record != null && threat > 0) {
      this.set(peer, { ...record, threat: threat * (1 - this.tuning.goodDecay), at: now })
    }
  }

  /** Peers in QUARANTINE at `now` */
  quarantined (now: number): string[] {
    return [...this.peers.keys()].filter(peer => this.status(peer, now) === 'quarantine')
  }

  forget (peer: string): void {
    this.peers.delete(peer)
  }

  get size (): number {
    return this.peers.size
  }

  private set (peer: string, record: PeerRecord): void {
    this.peers.set(peer, record)

    if (this.peers.size > this.tuning.maxPeers) {
      const first = this.peers.keys().next().value

      if (first != null) {
        this.peers.delete(first)
      }
    }
  }
}
