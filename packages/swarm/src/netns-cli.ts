#!/usr/bin/env node
import { runCommand } from './command-line.ts'
import { NetnsUnavailableError, runNetns } from './netns.ts'
import type { NetnsOptions } from './netns.ts'

const HELP = `Usage: npm run netns -- [flags]    (as root, Linux)

Real packet loss: each node in its own network namespace, joined by veth
pairs to a bridge, each namespace dropping a share of its incoming packets
with nftables; optionally a partition that heals.

  --nodes N       nodes, one per namespace (default 3)
  --loss P        share of packets dropped on every link, 0..0.99 (default 0.3)
  --seconds S     most seconds to wait for each convergence (default 300)
  --partition T   once converged, cut the last namespace off for T seconds,
                  change an input on each side, heal (default 0: none)
  --seed S        seed of the inputs (default 1)
  --tcp-rto-max M cap TCP's retransmission timeout in the namespaces at M ms
                  (net.ipv4.tcp_rto_max_ms, Linux 6.15+, at least 1000;
                  default: the kernel's 120 s)
  --json          print one JSON object
  --help          this text

Exit status 0 when the nodes converged (and the partition healed), 1 when
not, 2 for a bad flag, 3 when namespaces cannot be made here (the reason is
printed).
`

const FLAGS: Record<string, keyof NetnsOptions> = { '--nodes': 'nodes', '--loss': 'loss', '--seconds': 'seconds', '--partition': 'partitionSeconds', '--seed': 'seed', '--tcp-rto-max': 'tcpRtoMaxMs' }

await runCommand(HELP, FLAGS, async (options, json) => {
  let result

  try {
    result = await runNetns(options, line => { process.stderr.write(`${line}\n`) })
  } catch (err) {
    if (err instanceof NetnsUnavailableError) {
      process.stderr.write(`skipped: ${err.message}\n`)
      return 3
    }

    throw err
  }

  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    process.stdout.write(`${result.options.nodes} namespaces, ${result.options.loss * 100} % packet loss: ${result.converged ? 'converged' : 'NOT converged'} in ${result.seconds.toFixed(1)} s, target error ${result.targetError.toExponential(1)}, ${result.crashed} crashed\n`)

    if (result.partition != null) {
      process.stdout.write(`  partition of ${result.options.partitionSeconds} s: both sides ran ${result.partition.bothSidesRan}; after healing ${result.partition.converged ? 'converged' : 'NOT converged'} in ${result.partition.seconds.toFixed(1)} s\n`)
    }
  }

  return result.converged && result.crashed === 0 && (result.partition == null || (result.partition.bothSidesRan && result.partition.converged)) ? 0 : 1
})
