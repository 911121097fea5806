/** Thrown for a flag or option the swarm cannot use */
export class InvalidSwarmOptionError extends Error {
  static name = 'InvalidSwarmOptionError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidSwarmOptionError'
  }
}

export interface SwarmOptions {
  /** real libp2p nodes in this process (the first is the others' bootstrap) */
  nodes: number
  /** share of LVS messages each node drops on receipt, before the guard */
  loss: number
  /** most seconds to wait for convergence */
  seconds: number
  /** seconds to measure a converged swarm's traffic and CPU, after `settle` (0: stop at once) */
  quiet: number
  /** seconds to wait after convergence before the quiet measurement (the last SDMs, beacons and DHT refreshes of the join) */
  settle: number
  /** seed of the inputs */
  seed: number
  /** trimmed mean, as the nodes' `trim` */
  trim: number
  /** dimension of the shard */
  dimension: number
  /** after the quiet seconds, one more node joins: its seconds and bytes to the new exact equilibrium */
  join: boolean
}

export const DEFAULT_SWARM_OPTIONS: SwarmOptions = { nodes: 10, loss: 0, seconds: 120, quiet: 0, settle: 30, seed: 1, trim: 0, dimension: 2, join: false }

export function resolveSwarmOptions (partial: Partial<SwarmOptions> = {}): SwarmOptions {
  const options = { ...DEFAULT_SWARM_OPTIONS, ...partial }
  const check = (ok: boolean, message: string): void => {
    if (!ok) {
      throw new InvalidSwarmOptionError(message)
    }
  }

  check(Number.isInteger(options.nodes) && options.nodes >= 2 && options.nodes <= 200, `--nodes must be an integer in 2..200, got ${options.nodes}`)
  check(options.loss >= 0 && options.loss < 1, `--loss must be a number in [0, 1), got ${options.loss}`)
  check(options.seconds > 0 && options.seconds <= 86_400, `--seconds must be a number in (0, 86400], got ${options.seconds}`)
  check(options.quiet >= 0 && options.quiet <= 86_400, `--quiet must be a number in [0, 86400], got ${options.quiet}`)
  check(options.settle >= 0 && options.settle <= 86_400, `--settle must be a number in [0, 86400], got ${options.settle}`)
  check(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff, `--seed must be an integer in 0..4294967295, got ${options.seed}`)
  check(Number.isInteger(options.trim) && options.trim >= 0 && options.trim <= 1000, `--trim must be an integer in 0..1000, got ${options.trim}`)
  check(Number.isInteger(options.dimension) && options.dimension >= 1 && options.dimension <= 16, `--dimension must be an integer in 1..16, got ${options.dimension}`)
  check(typeof options.join === 'boolean', `join must be true or false, got ${String(options.join)}`)

  return options
}
