import { execFile, spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

/** Network namespaces cannot be made here (not Linux, not root, no nftables); the message says why */
export class NetnsUnavailableError extends Error {
  static name = 'NetnsUnavailableError'

  constructor (message: string) {
    super(message)
    this.name = 'NetnsUnavailableError'
  }
}

export interface HostsOptions {
  /** share of packets each host drops on input (nftables), on every link */
  loss?: number
  /** cap of TCP's retransmission timeout in each host, ms (0: the kernel's default) */
  tcpRtoMaxMs?: number
}

/**
 * Hosts on one private network: each a network namespace with one address,
 * joined by a veth pair to a bridge in a hub namespace. Nothing in them
 * reaches this machine's own network.
 */
export interface Hosts {
  /** the namespaces' names, one per host */
  spaces: string[]
  /** host `i`'s IPv4 address */
  address(i: number): string
  /** runs `command` on host `i` */
  spawn(i: number, command: string, args: string[]): ChildProcessWithoutNullStreams
  /** runs `command` on host `i` and resolves with what it printed */
  exec(i: number, command: string, args: string[]): Promise<string>
  /** takes host `i`'s link down (cut off) or up again */
  link(i: number, up: boolean): Promise<void>
  /** deletes every namespace (the processes in them lose their network) */
  destroy(): Promise<void>
}

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

/**
 * Makes `count` hosts (see `Hosts`), each dropping `loss` of its incoming
 * packets; deletes what it made when a step fails
 *
 * @throws {NetnsUnavailableError} when namespaces cannot be made here
 */
export async function makeHosts (count: number, options: HostsOptions = {}): Promise<Hosts> {
  const reason = await netnsUnavailable()

  if (reason != null) {
    throw new NetnsUnavailableError(reason)
  }

  const tag = `lvs${process.pid % 100_000}`
  const hub = `${tag}hub`
  const spaces = Array.from({ length: count }, (_, i) => `${tag}n${i}`)
  const loss = options.loss ?? 0
  const tcpRtoMaxMs = options.tcpRtoMaxMs ?? 0
  const hosts: Hosts = {
    spaces,
    address: i => `${SUBNET}.${i + 1}`,
    spawn: (i, command, args) => spawn('ip', ['netns', 'exec', spaces[i], command, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }),
    exec: async (i, command, args) => run('ip', ['netns', 'exec', spaces[i], command, ...args]),
    link: async (i, up) => { await run('ip', ['-n', hub, 'link', 'set', `${tag}h${i}`, up ? 'up' : 'down']) },
    destroy: async () => {
      for (const space of [...spaces, hub]) {
        await run('ip', ['netns', 'del', space]).catch(() => {})
      }
    }
  }

  try {
    await run('ip', ['netns', 'add', hub])
    await run('ip', ['-n', hub, 'link', 'add', 'br0', 'type', 'bridge'])
    await run('ip', ['-n', hub, 'link', 'set', 'br0', 'up'])

    for (const [i, space] of spaces.entries()) {
      await run('ip', ['netns', 'add', space])
      await run('ip', ['link', 'add', `${tag}v${i}`, 'netns', space, 'type', 'veth', 'peer', 'name', `${tag}h${i}`, 'netns', hub])
      await run('ip', ['-n', hub, 'link', 'set', `${tag}h${i}`, 'master', 'br0', 'up'])
      await run('ip', ['-n', space, 'addr', 'add', `${hosts.address(i)}/24`, 'dev', `${tag}v${i}`])
      await run('ip', ['-n', space, 'link', 'set', `${tag}v${i}`, 'up'])
      await run('ip', ['-n', space, 'link', 'set', 'lo', 'up'])

      if (tcpRtoMaxMs > 0) {
        // with retransmissions this frequent, the default retry counts (15, 6 for a SYN) give up within seconds
        await run('ip', ['netns', 'exec', space, 'sysctl', '-q', '-w', `net.ipv4.tcp_rto_max_ms=${tcpRtoMaxMs}`, `net.ipv4.tcp_retries2=${RETRIES_WITH_RTO_CAP}`, `net.ipv4.tcp_syn_retries=${SYN_RETRIES_WITH_RTO_CAP}`, `net.ipv4.tcp_synack_retries=${SYN_RETRIES_WITH_RTO_CAP}`])
      }

      if (loss > 0) {
        const percent = Math.round(loss * 100)
        await run('ip', ['netns', 'exec', space, 'nft', '-f', '-'], `table inet lvsloss {\n  chain in {\n    type filter hook input priority 0;\n    iifname "lo" accept\n    numgen random mod 100 < ${percent} drop\n  }\n}\n`)
      }
    }
  } catch (err) {
    await hosts.destroy()
    throw err
  }

  return hosts
}
