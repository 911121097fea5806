#!/usr/bin/env node
import { runCommand } from './command-line.ts'
import { describeStraggler } from './swarm-stragglers.ts'
import { runSwarm } from './swarm.ts'
import type { SwarmOptions, SwarmResult } from './swarm.ts'

const HELP = `Usage: npm run swarm -- [flags]

Starts N real libp2p nodes with the lvs() service in this process (TCP on
127.0.0.1, the first one bootstrap to the others), sets random inputs and
measures how they converge to the exact equilibrium.

  --nodes N       nodes (default 10)
  --loss P        share of LVS messages each node drops on receipt, before
                  the guard, 0..0.99 (default 0)
  --seconds S     most seconds to wait for convergence (default 120)
  --quiet Q       once converged (and settled), measure the quiet swarm's
                  traffic and CPU for Q seconds (default 0)
  --settle T      seconds to wait after convergence before --quiet
                  (default 30)
  --seed S        seed of the inputs (default 1)
  --trim F        trimmed mean (default 0: the exact mean)
  --dimension K   shard dimension 1..16 (default 2)
  --json          print one JSON object (progress still goes to stderr)
  --help          this text

Run node with --expose-gc (npm run swarm does) for a heap figure after a
forced collection. Exit status 0 when the swarm converged, 1 when not,
2 for a bad flag.
`

const FLAGS: Record<string, keyof SwarmOptions> = {
  '--nodes': 'nodes', '--loss': 'loss', '--seconds': 'seconds', '--quiet': 'quiet', '--settle': 'settle', '--seed': 'seed', '--trim': 'trim', '--dimension': 'dimension'
}

function summary (r: SwarmResult): string {
  const kb = (bytes: number | null): string => bytes == null ? '-' : `${(bytes / 1000).toFixed(1)} KB`
  const pct = (share: number | null): string => share == null ? '-' : `${(share * 100).toFixed(2)} %`

  return [
    `${r.options.nodes} nodes, loss ${r.options.loss}, seed ${r.options.seed}: ${r.converged ? 'converged' : 'NOT converged'} in ${r.seconds.toFixed(1)} s, ${r.cycles} cycles`,
    `  spread ${r.spread.toExponential(2)} of the inputs', final error ${r.finalError.toExponential(2)}, target error ${r.targetError.toExponential(2)}`,
    `  equilibrium [${r.equilibrium.map(v => v.toFixed(6)).join(', ')}]`,
    `  traffic per node per minute: ${kb(r.bytesPerNodePerMinute)} while converging (${kb(r.sentPerNodePerMinute)} sent), ${kb(r.bytesPerNodePerMinuteConverged)} converged`,
    `  CPU per node, share of a core: ${pct(r.cpuPerNode)} while converging (${r.cpuMsPerNode.toFixed(0)} ms), ${pct(r.cpuPerNodeFirstMinute)} over the first minute, ${pct(r.cpuPerNodeConverged)} converged`,
    `  heap per node ${r.heapPerNodeMB.toFixed(2)} MB${r.gcExposed ? '' : ' (no --expose-gc: without a forced collection)'}`,
    ...r.stragglers.map(straggler => `  furthest: ${describeStraggler(straggler)}`)
  ].join('\n')
}

await runCommand(HELP, FLAGS, async (options, json) => {
  const result = await runSwarm(options, progress => {
    process.stderr.write(`${progress.seconds.toFixed(0)} s: spread ${progress.spread.toExponential(2)}, error ${progress.error.toExponential(2)}\n`)
  })
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${summary(result)}\n`)
  return result.converged ? 0 : 1
})
