import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { distance, spread } from '@lvs/drift'
import { createRandom } from '@lvs/simulator'
import { onLines } from './command-line.ts'
import { makeHosts } from './netns-hosts.ts'
import { InvalidSwarmOptionError } from './swarm.ts'
import type { Hosts } from './netns-hosts.ts'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

export { NetnsUnavailableError, netnsUnavailable } from './netns-hosts.ts'

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

const RELATIVE_EXACT = 1e-6

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * The path of the node program a host runs (netns-node.js: flags --host,
 * --input, --bootstrap; prints its address, then its state twice a second),
 * whether this module runs from dist/src or (tests) from src
 */
export function netnsNodeScript (): string {
  const script = [new URL('./netns-node.js', import.meta.url), new URL('../dist/src/netns-node.js', import.meta.url)].map(url => fileURLToPath(url)).find(path => existsSync(path))

  if (script == null) {
    throw new Error('netns-node.js is not built: run npm run build')
  }

  return script
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

  const random = createRandom(options.seed)
  const members: Member[] = []
  const script = netnsNodeScript()
  const hosts: Hosts = await makeHosts(options.nodes, { loss: options.loss, tcpRtoMaxMs: options.tcpRtoMaxMs })

  try {
    let bootstrap: string | undefined

    for (let i = 0; i < options.nodes; i++) {
      const input = [random.range(-10, 10), random.range(-10, 10)]
      const child = hosts.spawn(i, process.execPath, [script, '--host', hosts.address(i), '--input', input.join(','), ...(bootstrap == null ? [] : ['--bootstrap', bootstrap])])
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
      await hosts.link(cut, false)
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
      await hosts.link(cut, true)
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
    await hosts.destroy()
  }
}
