#!/usr/bin/env node
import { InvalidOptionError, parseArguments } from './options.ts'
import { simulate } from './simulate.ts'
import type { SimResult } from './simulate.ts'

const HELP = `Usage: npm run sim -- [flags]

Runs N in-process LVS nodes over a simulated network and reports how they
converge. Each honest node runs the node's own engine (@lvs/engine:
admission through the guard, evidence, target, drift cycle, publish
decision) on a simulated clock that advances one tick (--intervalMs, the
node's fastest cycle interval) at a time.

  --nodes N          nodes in all, adversaries included (default 2)
  --loss P           probability that one delivery is lost, 0..0.99 (default 0)
  --fanout K         each node hears only K random peers per tick (default 0: all)
  --churn F          share of honest nodes that leave at --leaveAt and come back
                     at --returnAt with new inputs (default 0)
  --adversaries K    how many nodes are hostile (default 0)
  --attack KIND      extreme | flip | replay | flood | sync-forge | equivocate |
                     out-of-bounds | sybil | mixed (default extreme)
  --trim F           trimmed mean: drop F highest and lowest per component (default 0)
  --cycles C         most ticks to run (default 4000: 200 s simulated)
  --seed S           seed of every random choice (default 1)
  --dimension K      shard dimension 1..16 (default 2)
  --retention R      ticks an unheard entry keeps counting once dormant (default: 24 h)
  --heartbeat MS     heartbeat and beacon interval of a small swarm (default
                     60000; a swarm of N > 3 stretches it N / 3 times)
  --quietSeconds S   once settled (and 60 s after), run S simulated seconds and count the
                     SDMs the converged swarm publishes (default 0)
  --json             print one JSON object and nothing else
  --help             this text
`

function summary (r: SimResult): string {
  const cycles = (value: number | null): string => value == null ? 'not reached' : `${value} ticks (${(value * r.options.intervalMs / 1000).toFixed(2)} s)`
  const lines = [
    `${r.options.nodes} nodes (${r.adversaries} adversaries, ${r.options.attack}), loss ${r.options.loss}, seed ${r.options.seed}: ${r.converged ? 'converged' : 'NOT converged'} after ${r.cycles} ticks (${r.simSeconds.toFixed(1)} s simulated) in ${r.seconds.toFixed(1)} s`,
    `  to 1e-3 of the initial spread: ${cycles(r.cyclesTo1e3)}; to 1e-6: ${cycles(r.cyclesTo1e6)}`,
    `  final error ${r.finalError.toExponential(2)} (relative), equilibrium [${r.equilibrium.map(v => v.toFixed(6)).join(', ')}]`,
    `  largest spread ${r.maxSpread.toFixed(3)} of the initial; ${r.messages.delivered} deliveries, ${r.messages.lost} lost`
  ]

  if (r.adversaries > 0) {
    lines.push(`  adversaries excluded by every honest node: ${r.quarantined} of ${r.adversaries}; ${r.syncs.runs} syncs, ${r.syncs.refused} served entries refused`)
  }

  if (r.churn != null) {
    lines.push(`  churn: ${r.churn.nodes} nodes left and came back; dormant value kept: ${r.churn.dormantValueKept}; re-converged in ${cycles(r.churn.reconvergedIn)}`)
  }

  if (r.quiet != null) {
    lines.push(`  converged, over ${r.quiet.seconds} s more: ${r.quiet.sdmsPerMinute.toFixed(2)} SDMs per minute from the whole swarm`)
  }

  return lines.join('\n')
}

try {
  const { options, json, help } = parseArguments(process.argv.slice(2))

  if (help) {
    process.stdout.write(HELP)
    process.exit(0)
  }

  const result = await simulate(options, json
    ? undefined
    : progress => { process.stderr.write(`tick ${progress.cycle}: error ${progress.error.toExponential(2)}, spread ${progress.spread.toExponential(2)}\n`) })

  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${summary(result)}\n`)
  process.exitCode = result.converged ? 0 : 1
} catch (err: any) {
  if (err instanceof InvalidOptionError) {
    process.stderr.write(`lvs-sim: ${err.message}\n`)
    process.exit(2)
  }

  throw err
}
