import type { SimOptions } from './options.ts'

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  nodes: 2,
  loss: 0,
  churn: 0,
  adversaries: 0,
  attack: 'extreme',
  // 1000 nodes at 80 % loss need about 120 cycles: room to spare
  cycles: 400,
  seed: 1,
  // the demo plane (DESIGN.md section 2)
  dimension: 2,
  fanout: 0,
  trim: 0,
  // the fast end of the adaptive interval (DESIGN.md section 3)
  intervalMs: 50,
  inputRange: 100,
  // a few cycles beyond 1e-6 show it stays there
  settleCycles: 5,
  // converged by then at 2 to 1000 nodes without loss
  leaveAt: 60,
  returnAt: 120,
  // the 24 h of DESIGN.md section 2 in 50 ms cycles: longer than any run
  retention: 1_728_000
}

/** Cycles between two entropy packets of a node (10 s in 50 ms cycles would be 200; 20 keeps mixing visible) */
export const ENTROPY_EVERY = 20

/** Convergence thresholds, relative to the initial spread */
export const THRESHOLDS = [1e-3, 1e-6] as const

/** Input announced by an "extreme" adversary: far outside the honest range */
export const EXTREME_INPUT = 1e6

/** SDMs a flooding adversary sends per cycle */
export const FLOOD_PER_CYCLE = 20

/** How far back (cycles) a replaying adversary digs for messages to replay */
export const REPLAY_DEPTH = 20
