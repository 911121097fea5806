#!/usr/bin/env node
import { writeFile } from 'node:fs/promises'
import { runCommand } from './command-line.ts'
import { plotSoak } from './soak-plot.ts'
import { runSoak } from './soak.ts'
import type { SoakOptions } from './soak.ts'

const HELP = `Usage: npm run soak -- [flags]

A soak of real libp2p nodes (TCP on 127.0.0.1), each honest node in a
process of its own: a relay, a long-lived node, and churning nodes that
join and leave while a hostile node sends extreme, negative, undecodable,
replayed and flooding SDMs. Every process is sampled every
--sample-seconds (heap after gc, RSS, listeners, open handles,
connections, table size). At the end it checks that no honest node crashed
or went negative, that the honest equilibrium holds, that no series keeps
growing after warm-up (the first 20 minutes, or a third of a shorter run;
the limits per hour are printed with each check) and that the audit logs
verify. It writes the series as <out>.json and a plot as <out>.svg.

  --minutes M          how long the churn and the attack last (default 5)
  --nodes N            churning honest nodes running at any time (default 6)
  --churn-seconds S    one of them leaves and a new one joins this often (default 20)
  --sample-seconds S   every process is sampled this often (default 60)
  --seed S             seed of the inputs and choices (default 1)
  --bounds-minutes B   every time bound that holds a departed peer's state (the
                       table's retention, gossipsub's retained scores, the peer
                       store's ages, the DHT's provider records; by default 24,
                       1, 1 + 6 and 4 hours) is shortened to B minutes (the
                       provider records to 4/5 B), so that an hour's run reaches
                       the plateau a week-long relay reaches after a day
                       (default 5; 0 keeps the defaults)
  --heap-snapshots DIR the relay and the long-lived node write V8 heap
                       snapshots there at the end of warm-up and at the end
  --out PATH           where the series and the plot go (default soak: soak.json, soak.svg)
  --json               print one JSON object
  --help               this text

Exit status 0 when every check passed, 1 when one failed, 2 for a bad flag.
`

type CliOptions = SoakOptions & { out: string }

const FLAGS: Record<string, keyof CliOptions> = { '--minutes': 'minutes', '--nodes': 'nodes', '--churn-seconds': 'churnSeconds', '--sample-seconds': 'sampleSeconds', '--seed': 'seed', '--bounds-minutes': 'boundsMinutes' }

await runCommand<CliOptions>(HELP, FLAGS, async ({ out = 'soak', ...options }, json) => {
  const result = await runSoak(options, p => {
    const heap = Object.entries(p.heapMB).map(([process, mb]) => `${process} ${mb.toFixed(0)}`).join(', ')
    process.stderr.write(`${p.seconds.toFixed(0)} s: ${p.running} honest nodes running here, ${p.left} left so far, ${p.hostileMessages} hostile messages, heap MB: ${heap}\n`)
  })

  await writeFile(`${out}.json`, JSON.stringify(result, null, 1))
  await writeFile(`${out}.svg`, await plotSoak(result.series, `npm run soak -- --minutes ${result.options.minutes}`))

  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    process.stdout.write(`soak of ${result.options.minutes} min: ${result.honestNodes} honest nodes in all, ${result.hostileMessages} hostile messages, ${result.seconds.toFixed(0)} s; series in ${out}.json, plot in ${out}.svg\n`)

    for (const check of result.checks) {
      process.stdout.write(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`)
    }
  }

  return result.ok ? 0 : 1
}, { '--out': 'out', '--heap-snapshots': 'heapSnapshots' })
