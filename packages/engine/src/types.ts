import type { SignedEnvelope } from '@lvs/codec'
import type { AdmitResult } from '@lvs/vaultguard'

/** An SDM as the engine takes it: what it says (the codec's StateDiff without its nonce) */
export interface SdmContent {
  shardId: string
  /** the sender's clock in ms when it wrote the SDM, strictly rising */
  cycleId: number
  input: number[]
  state: number[]
  driftWeight: number
  /** the sender's last SDM: it stops, and its entry is dormant at once */
  leaving?: boolean
}

/** A node's last SDM as it stops (`ShardEngine.farewell`), and when it may go, ms */
export interface Farewell {
  sdm: SdmContent
  notBefore: number
}

/**
 * An SDM with who signed it: `origin` is established by the signature,
 * which the caller checked (gossipsub for a gossiped SDM, the node for a
 * synced entry), and `proof` is the signed message the engine keeps and
 * serves
 */
export interface SignedSdm {
  /** the signer's entry key, its peer id as text */
  origin: string
  sdm: SdmContent
  proof: SignedEnvelope
}

/**
 * The guard's verdict on something a peer sent, with the evidence it
 * produced (already applied here; the caller publishes it) and whether the
 * table changed
 */
export interface Admission extends Omit<AdmitResult, 'evidence'> {
  /** evidence, as the codec carries it, to publish on the shard's evidence topic */
  published?: import('@lvs/codec').Evidence
  /** the peer it condemned, when it is new */
  condemned?: string
  /** the table took the entry */
  merged?: boolean
}

/** What a sync's served entries did */
export interface SyncAdmission {
  /** entries that changed the table */
  merged: number
  /** entries refused (no valid proof, a rule broken, too old or too far ahead) */
  refused: number
  /** each refusal or offence, in order, for the caller to report */
  verdicts: Admission[]
}

export interface CycleOutcome {
  /** the SDM to sign and publish, when one is due */
  publish?: SdmContent
  /** the state was far outside the swarm's range and snapped to the target */
  recovered: boolean
  /** the node just became converged */
  converged: boolean
  /** ms until the next cycle */
  interval: number
}

export interface ShardView {
  shard: string
  input: number[]
  state: number[]
  /** the equilibrium this node computes from its table */
  target: number[]
  /** trust-weighted sum of the inputs */
  total: number[]
  /** entries counted (live and dormant, not quarantined) */
  count: number
  /** largest distance from this node's state to a live entry's state (between half the live states' diameter and all of it) */
  spread: number
  converged: boolean
  /**
   * this node's cycle id in the shard: its clock in ms at the last cycle,
   * kept strictly rising (one more than the last when cycles come faster
   * than the clock), so it keeps rising across restarts
   */
  cycle: number
  /** cycles run since this node started */
  cycles: number
  /** current cycle interval, ms */
  interval: number
  /** least time between two SDMs that report a moved state, ms (the bandwidth controller's output) */
  publishInterval: number
  /** an SDM at least this often, ms: the heartbeat, stretched for `live` nodes (docs/scale.md) */
  heartbeatInterval: number
  /** live entries heard within 1.5 heartbeat intervals at the last expiry, this node's own included: what stretches the heartbeat */
  live: number
  lowPower: boolean
}

/** One entry of a shard's table, as `table()` gives it */
export interface TableView {
  /** the member's peer id */
  key: string
  input: number[]
  /** its state, as it last published it */
  state: number[]
  /** its clock in ms when it signed the SDM this entry holds */
  cycleId: number
  /** when this node last heard of it, ms since the epoch */
  lastSeen: number
  /** live, dormant (unheard for the shard's liveTimeout, stretched as the heartbeat is, or its node said it left), or quarantined (condemned by evidence, or far outside the swarm's range) */
  status: 'live' | 'dormant' | 'quarantined'
  /** its weight in the equilibrium, 0 to 1 */
  weight: number
}
