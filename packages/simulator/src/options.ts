import { DEFAULT_SIM_OPTIONS } from './constants.ts'

/** What kind of adversary the hostile nodes are (see Adversary) */
export type AdversaryKind = 'extreme' | 'flip' | 'replay' | 'flood' | 'sync-forge' | 'equivocate' | 'out-of-bounds' | 'sybil' | 'mixed'

export const ADVERSARY_KINDS: readonly AdversaryKind[] = ['extreme', 'flip', 'replay', 'flood', 'sync-forge', 'equivocate', 'out-of-bounds', 'sybil', 'mixed']

export interface SimOptions {
  /** honest nodes plus adversaries */
  nodes: number
  /** probability that one delivery of one message is lost */
  loss: number
  /** share of honest nodes that leave at `leaveAt` and come back at `returnAt` */
  churn: number
  /** how many of the nodes are adversaries */
  adversaries: number
  /** what they do */
  attack: AdversaryKind
  /** most ticks to run (a tick is `intervalMs` of simulated time: the node's fastest cycle interval) */
  cycles: number
  seed: number
  /** dimension of the shard */
  dimension: number
  /** each node hears only this many random peers per tick (0 = all) */
  fanout: number
  /** trimmed mean: drop this many highest and lowest inputs per component */
  trim: number
  /** simulated time per tick, ms: the node's fastest cycle interval (the clock the engine sees) */
  intervalMs: number
  /** honest inputs are uniform in [0, inputRange) per component */
  inputRange: number
  /** stop once the error is below 1e-6 of the initial spread for this many ticks (0 = run them all) */
  settleCycles: number
  /** tick at which the churned nodes leave */
  leaveAt: number
  /** tick at which they come back, each with a new input */
  returnAt: number
  /** ticks an unheard entry keeps counting once dormant; 0 = live entries only */
  retention: number
  /** ms between a node's heartbeat SDMs and its beacons in a small swarm (a larger one stretches it: docs/scale.md); an entry unheard for three turns dormant */
  heartbeat: number
  /** once settled, and QUIET_SETTLE_SECONDS after, run on this many simulated seconds and count the SDMs the converged swarm publishes (0: stop at once) */
  quietSeconds: number
}

/** Thrown for a command-line flag or option the simulator cannot use */
export class InvalidOptionError extends Error {
  static name = 'InvalidOptionError'

  constructor (message: string) {
    super(message)
    this.name = 'InvalidOptionError'
  }
}

function check (condition: boolean, message: string): void {
  if (!condition) {
    throw new InvalidOptionError(message)
  }
}

/** Fills in defaults and checks every option */
export function resolveOptions (partial: Partial<SimOptions> = {}): SimOptions {
  const options: SimOptions = { ...DEFAULT_SIM_OPTIONS, ...partial }
  const integer = (name: keyof SimOptions, min: number, max: number): void => {
    const value = options[name] as number
    check(Number.isInteger(value) && value >= min && value <= max, `--${name} must be an integer in ${min}..${max}, got ${value}`)
  }
  const share = (name: keyof SimOptions, max: number): void => {
    const value = options[name] as number
    check(typeof value === 'number' && value >= 0 && value <= max, `--${name} must be a number in [0, ${max}], got ${value}`)
  }

  integer('nodes', 1, 100_000)
  integer('adversaries', 0, options.nodes - 1)
  integer('cycles', 1, 1_000_000)
  integer('seed', 0, 0xffffffff)
  integer('dimension', 1, 16)
  integer('fanout', 0, 100_000)
  integer('trim', 0, 1000)
  integer('settleCycles', 0, 1_000_000)
  integer('leaveAt', 1, 1_000_000)
  integer('returnAt', options.leaveAt + 1, 1_000_000)
  integer('retention', 0, Number.MAX_SAFE_INTEGER)
  integer('quietSeconds', 0, 86_400)
  share('loss', 0.99)
  share('churn', 1)
  check(options.intervalMs > 0, `--intervalMs must be above 0, got ${options.intervalMs}`)
  check(options.heartbeat >= options.intervalMs, `--heartbeat must be at least --intervalMs (${options.intervalMs}), got ${options.heartbeat}`)
  check(options.inputRange > 0, `--inputRange must be above 0, got ${options.inputRange}`)
  check(ADVERSARY_KINDS.includes(options.attack), `--attack must be one of ${ADVERSARY_KINDS.join(', ')}, got ${options.attack}`)

  return options
}

const NUMERIC = new Set<string>(Object.keys(DEFAULT_SIM_OPTIONS).filter(key => typeof DEFAULT_SIM_OPTIONS[key as keyof SimOptions] === 'number'))

export interface CliArguments {
  options: SimOptions
  json: boolean
  help: boolean
}

/** Parses `--name value` / `--name=value` flags; `--json` and `--help` stand alone */
export function parseArguments (argv: readonly string[]): CliArguments {
  const partial: Record<string, number | string> = {}
  let json = false
  let help = false

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]

    if (arg === '--json') { json = true; continue }
    if (arg === '--help' || arg === '-h') { help = true; continue }

    check(arg.startsWith('--'), `unexpected argument ${JSON.stringify(arg)}: flags look like --nodes 100`)
    const [flag, inline] = arg.slice(2).split('=', 2)
    const value = inline ?? argv[++i]
    check(flag in DEFAULT_SIM_OPTIONS, `unknown flag --${flag} (see --help)`)
    check(value != null, `--${flag} needs a value`)

    if (NUMERIC.has(flag)) {
      const number = Number(value)
      check(value.trim() !== '' && Number.isFinite(number), `--${flag} must be a number, got ${JSON.stringify(value)}`)
      partial[flag] = number
    } else {
      partial[flag] = value
    }
  }

  return { options: resolveOptions(partial as Partial<SimOptions>), json, help }
}
