import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { distance, spread } from '@lvs/drift'
import { createRandom } from '@lvs/simulator'
import { onLines } from './command-line.ts'
import { InvalidSwarmOptionError } from './swarm.ts'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

export interface NetnsOptions {
  /** nodes, one per network namespace */
  nodes: number
  /** share of packets each namespace drops on input (nftables), on every link */
  loss: number
  /** most seconds to wait for each convergence */
  seconds: number
  /** after converging: cut the last namespace off for this many seconds, change inputs on both sides, heal (0: no partition) */
  partitionSeconds: number
  seed: number
  /**
   * cap of TCP's retransmission timeout in the namespaces, ms (Linux's
   * `net.ipv4.tcp_rto_max_ms`, 6.15 and later, at least 1000; 0: the
   * kernel's default of 120 s). Each loss doubles the timeout up to this cap
   */
  tcpRtoMaxMs: number
}

export const DEFAULT_NETNS_OPTIONS: NetnsOptions = { nodes: 3, loss: 0.3, seconds: 300, partitionSeconds: 0, seed: 1, tcpRtoMaxMs: 0 }

export interface NetnsResult {
  options: NetnsOptions
  converged: boolean
  seconds: number
  /** relative to the spread of the inputs */
  targetError: number
  finalError: number
  /** node processes that exited before the end */
  crashed: number
  partition: {
    /** both sides kept cycling (reporting states) while cut off */
    bothSidesRan: boolean
    /** after healing, every node at the exact mean of all the inputs */
    converged: boolean
    seconds: number
    targetError: number
  } | null
}

interface Report { state: number[], target: number[], count: number, connections: number }

interface Member {
  process: ChildProcessWithoutNullStreams
  input: number[]
  last?: Report
  reports: number
  exited: boolean
}

/** Network namespaces cannot be made here (not Linux, not root, no nftables); the message says why */
export class NetnsUnavailableError extends Error {
  static name = 'NetnsUnavailableError'

  constructor (message: string) {
    super(message)
    this.name = 'NetnsUnavailableError'
  }
}

const RELATIVE_EXACT = 1e-6
/** TCP retransmissions before the kernel drops a connection, and SYN retries, when the timeout is capped (at 60 % loss per direction a round trip fails 84 % of the time: 100 failures in a row is 3e-8) */
const RETRIES_WITH_RTO_CAP = 100
const SYN_RETRIES_WITH_RTO_CAP = 60
const SUBNET = '10.77.0'

async function run (command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err != null) {
        reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || err.message}`))
      } else {
        resolve(stdout)
      }
    })

    if (input != null) {
      child.stdin?.end(input)
    }
  })
}

/** Why network namespaces cannot be used here, or undefined when they can */
export async function netnsUnavailable (): Promise<string | undefined> {
  if (process.platform !== 'linux') {
    return `network namespaces are Linux only (this is ${process.platform})`
  }

  if (process.getuid?.() !== 0) {
    return 'network namespaces need root'
  }

  const name = `lvscheck${process.pid}`

  try {
    await run('ip', ['netns', 'add', name])
    await run('ip', ['netns', 'exec', name, 'nft', 'list', 'ruleset'])
    return undefined
  } catch (err) {
    return `cannot make a network namespace with nftables: ${(err as Error).message}`
  } finally {
    await run('ip', ['netns', 'del', name]).catch(() => {})
  }
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Real packet loss between real nodes: each node in its own network
 * namespace, joined by veth pairs to a bridge in a hub namespace, each
 * namespace dropping `loss` of its incoming packets with nftables (the
 * kernel has no netem here). Checks the nodes reach the exact mean, and
 * optionally that a partition heals into one equilibrium
 */
export async function runNetns (partial: Partial<NetnsOptions> = {}, onProgress?: (line: string) => void): Promise<NetnsResult> {
  const options = { ...DEFAULT_NETNS_OPTIONS, ...partial }

  if (!(Number.isInteger(options.nodes) && options.nodes >= 2 && options.nodes <= 20) || !(options.loss >= 0 && options.loss < 1) || !(options.seconds > 0) || !(options.partitionSeconds >= 0) || !(Number.isInteger(options.tcpRtoMaxMs) && (options.tcpRtoMaxMs === 0 || options.tcpRtoMaxMs >= 1000))) {
    throw new InvalidSwarmOptionError('netns: nodes 2..20, loss in [0, 1), seconds > 0, partitionSeconds >= 0, tcpRtoMaxMs 0 (the kernel\'s) or at least 1000 ms')
  }

  const reason = await netnsUnavailable()

  if (reason != null) {
    throw new NetnsUnavailableError(reason)
  }

  const random = createRandom(options.seed)
  const tag = `lvs${process.pid % 100_000}`
  const hub = `${tag}hub`
  const spaces = Array.from({ length: options.nodes }, (_, i) => `${tag}n${i}`)
  const members: Member[] = []
  // the built node program, whether this module runs from dist/src or (tests) from src
  const script = [new URL('./netns-node.js', import.meta.url), new URL('../dist/src/netns-node.js', import.meta.url)].map(url => fileURLToPath(url)).find(path => existsSync(path))

  if (script == null) {
    throw new Error('netns-node.js is not built: run npm run build')
  }

  try {
    await run('ip', ['netns', 'add', hub])
    await run('ip', ['-n', hub, 'link', 'add', 'br0', 'type', 'bridge'])
    await run('ip', ['-n', hub, 'link', 'set', 'br0', 'up'])

    for (const [i, space] of spaces.entries()) {
      await run('ip', ['netns', 'add', space])
      await run('ip', ['link', 'add', `${tag}v${i}`, 'netns', space, 'type', 'veth', 'peer', 'name', `${tag}h${i}`, 'netns', hub])
      await run('ip', ['-n', hub, 'link', 'set', `${tag}h${i}`, 'master', 'br0', 'up'])
      await run('ip', ['-n', space, 'addr', 'add', `${SUBNET}.${i + 1}/24`, 'dev', `${tag}v${i}`])
      await run('ip', ['-n', space, 'link', 'set', `${tag}v${i}`, 'up'])
      await run('ip', ['-n', space, 'link', 'set', 'lo', 'up'])

      if (options.tcpRtoMaxMs > 0) {
        // with retransmissions this frequent, the default retry counts (15, 6 for a SYN) give up within seconds
        await run('ip', ['netns', 'exec', space, 'sysctl', '-q', '-w', `net.ipv4.tcp_rto_max_ms=${options.tcpRtoMaxMs}`, `net.ipv4.tcp_retries2=${RETRIES_WITH_RTO_CAP}`, `net.ipv4.tcp_syn_retries=${SYN_RETRIES_WITH_RTO_CAP}`, `net.ipv4.tcp_synack_retries=${SYN_RETRIES_WITH_RTO_CAP}`])
      }

      if (options.loss > 0) {
        const percent = Math.round(options.loss * 100)
        await run('ip', ['netns', 'exec', space, 'nft', '-f', '-'], `table inet lvsloss {\n  chain in {\n    type filter hook input priority 0;\n    iifname "lo" accept\n    numgen random mod 100 < ${percent} drop\n  }\n}\n`)
      }
    }

    let bootstrap: string | undefined

    for (const [i, space] of spaces.entries()) {
      const input = [random.range(-10, 10), random.range(-10, 10)]
      const args = ['netns', 'exec', space, process.execPath, script, '--host', `${SUBNET}.${i + 1}`, '--input', input.join(','), ...(bootstrap == null ? [] : ['--bootstrap', bootstrap])]
      const child = spawn('ip', args, { stdio: ['pipe', 'pipe', 'pipe'] })
      const member: Member = { process: child, input, reports: 0, exited: false }
      members.push(member)
      child.on('exit', () => { member.exited = true })
      child.stderr.on('data', chunk => { onProgress?.(`node ${i}: ${chunk.toString().trim()}`) })

      const addr = await new Promise<string>((resolve, reject) => {
        onLines(child.stdout, line => {
          const message = JSON.parse(line) as Partial<Report> & { addr?: string }

          if (message.addr != null) {
            resolve(message.addr)
          } else {
            member.last = message as Report
            member.reports++
          }
        })
        child.on('exit', code => { reject(new Error(`node ${i} exited with ${code} before it listened`)) })
      })

      bootstrap ??= addr
    }

    const settle = async (inputs: number[][], label: string): Promise<{ converged: boolean, seconds: number, targetError: number, finalError: number }> => {
      const mean = [0, 1].map(j => inputs.reduce((sum, input) => sum + input[j], 0) / inputs.length)
      const scale = spread(inputs)
      const started = Date.now()
      let targetError = Infinity
      let finalError = Infinity
      let lastProgress = started

      while (Date.now() - started < options.seconds * 1000) {
        await sleep(500)
        const reports = members.map(member => member.last)

        if (reports.every(report => report != null)) {
          targetError = Math.max(...reports.map(report => distance(report?.target ?? [], mean))) / scale
          finalError = Math.max(...reports.map(report => distance(report?.state ?? [], mean))) / scale

          if (targetError <= RELATIVE_EXACT && finalError <= RELATIVE_EXACT) {
            return { converged: true, seconds: (Date.now() - started) / 1000, targetError, finalError }
          }
        }

        if (Date.now() - lastProgress >= 10_000) {
          lastProgress = Date.now()
          onProgress?.(`${label}: ${((lastProgress - started) / 1000).toFixed(0)} s, error ${finalError.toExponential(2)}, connections ${members.map(member => member.last?.connections ?? 0).join('/')}, entries ${members.map(member => member.last?.count ?? 0).join('/')}`)
        }
      }

      return { converged: false, seconds: (Date.now() - started) / 1000, targetError, finalError }
    }

    const first = await settle(members.map(member => member.input), `loss ${options.loss}`)
    let partition: NetnsResult['partition'] = null

    if (first.converged && options.partitionSeconds > 0) {
      const cut = members.length - 1
      await run('ip', ['-n', hub, 'link', 'set', `${tag}h${cut}`, 'down'])
      const before = members.map(member => member.reports)
      // both sides move while apart
      const send = (i: number, input: number[]): void => {
        members[i].input = input
        members[i].process.stdin.write(`${JSON.stringify({ input })}\n`)
      }
      send(cut, [random.range(-10, 10), random.range(-10, 10)])
      send(0, [random.range(-10, 10), random.range(-10, 10)])
      await sleep(options.partitionSeconds * 1000)
      const bothSidesRan = members.every((member, i) => !member.exited && member.reports > before[i])
      await run('ip', ['-n', hub, 'link', 'set', `${tag}h${cut}`, 'up'])
      const healed = await settle(members.map(member => member.input), 'healed')
      partition = { bothSidesRan, converged: healed.converged, seconds: healed.seconds, targetError: healed.targetError }
    }

    return {
      options,
      converged: first.converged,
      seconds: first.seconds,
      targetError: first.targetError,
      finalError: first.finalError,
      crashed: members.filter(member => member.exited).length,
      partition
    }
  } finally {
    for (const member of members) {
      member.process.kill('SIGTERM')
    }

    await sleep(500)

    for (const space of [...spaces, hub]) {
      await run('ip', ['netns', 'del', space]).catch(() => {})
    }
  }
}
