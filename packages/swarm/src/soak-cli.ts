#!/usr/bin/env node
import { runCommand } from './command-line.ts'
import { runSoak } from './soak.ts'
import type { SoakOptions } from './soak.ts'

const HELP = `Usage: npm run soak -- [flags]

A soak of real libp2p nodes in this process (TCP on 127.0.0.1): honest
nodes join and leave while a hostile node sends extreme, negative,
undecodable, replayed and flooding SDMs; at the end it checks that no
honest node crashed or went negative, that the honest equilibrium holds,
that memory stayed bounded and that the audit logs verify.

  --minutes M        how long the churn and the attack last (default 5)
  --nodes N          honest nodes running at any time (default 6)
  --churn-seconds S  one honest node leaves and a new one joins this often (default 20)
  --seed S           seed of the inputs and choices (default 1)
  --json             print one JSON object
  --help             this text

Exit status 0 when every check passed, 1 when one failed, 2 for a bad flag.
`

const FLAGS: Record<string, keyof SoakOptions> = { '--minutes': 'minutes', '--nodes': 'nodes', '--churn-seconds': 'churnSeconds', '--seed': 'seed' }

await runCommand(HELP, FLAGS, async (options, json) => {
  const result = await runSoak(options, p => {
    process.stderr.write(`${p.seconds.toFixed(0)} s: ${p.running} honest nodes running, ${p.left} left so far, ${p.hostileMessages} hostile messages, heap ${p.heapMB.toFixed(0)} MB\n`)
  })

  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    process.stdout.write(`soak of ${result.options.minutes} min: ${result.honestNodes} honest nodes in all, ${result.hostileMessages} hostile messages, ${result.seconds.toFixed(0)} s\n`)

    for (const check of result.checks) {
      process.stdout.write(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`)
    }
  }

  return result.ok ? 0 : 1
})
