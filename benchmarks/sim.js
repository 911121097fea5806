// Simulator table: time to 1e-3 and 1e-6 and final error for N = 2, 100,
// 1000 at loss 0, 0.3, 0.6, 0.8, plus adversaries and churn. Every honest
// node runs the node's own engine (@lvs/engine) on a simulated clock.
// Usage: npm run bench:sim   (updates BENCHMARKS.md)
import { simulate } from '@lvs/simulator'
import { machine, writeSection } from './report.js'

const SEED = 1
const runs = []
// ticks of 50 ms, and the simulated seconds they make
const ticks = (value, interval = 50) => value == null ? 'not reached' : `${value} (${(value * interval / 1000).toFixed(1)} s)`

for (const nodes of [2, 100, 1000]) {
  for (const loss of [0, 0.3, 0.6, 0.8]) {
    process.stderr.write(`sim: ${nodes} nodes, loss ${loss}... `)
    const r = await simulate({ nodes, loss, seed: SEED })
    process.stderr.write(`${r.converged ? 'converged' : 'NOT converged'} in ${r.seconds.toFixed(1)} s\n`)
    runs.push(`| ${nodes} | ${loss} | ${ticks(r.cyclesTo1e3)} | ${ticks(r.cyclesTo1e6)} | ${r.finalError.toExponential(1)} | ${r.converged ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} |`)
  }
}

const hostile = []

for (const attack of ['extreme', 'flip', 'replay', 'flood', 'sync-forge', 'equivocate', 'out-of-bounds', 'sybil', 'mixed']) {
  process.stderr.write(`sim: 100 nodes, 5 ${attack} adversaries...\n`)
  const r = await simulate({ nodes: 100, adversaries: 5, attack, seed: SEED })
  hostile.push(`| ${attack} | ${ticks(r.cyclesTo1e3)} | ${ticks(r.cyclesTo1e6)} | ${r.finalError.toExponential(1)} | ${r.quarantined} of ${r.adversaries} | ${r.syncs.runs} / ${r.syncs.refused} |`)
}

process.stderr.write('sim: 100 nodes, 30 % churn...\n')
const churn = await simulate({ nodes: 100, churn: 0.3, seed: SEED })

const markdown = `## Simulator: convergence against the seed profile

Command: \`npm run bench:sim\` (seed ${SEED}; one \`simulate()\` run per row, the same
code as \`npm run sim -- --nodes N --loss P --json\`). Machine: ${machine()}.
Every honest node runs the node's own engine (\`@lvs/engine\`) on a
simulated clock in ticks of 50 ms (the node's fastest cycle), publishing
as the node does (input changes, moved states at most once a second,
repeats while states disagree, heartbeats and beacons every 60 s).
Ticks count from the start, simulated seconds beside them; errors are the
largest distance of an honest node from the exact mean of the honest
inputs, relative to the initial spread of the inputs. Seed budget: two
nodes within 1 % in <= 40 cycles; survive > 60 % loss (goal 80 %).
Seconds (last column) are wall-clock time of the run.

| nodes | loss | ticks to 1e-3 | ticks to 1e-6 | final error | converged | seconds |
| ---: | ---: | ---: | ---: | ---: | --- | ---: |
${runs.join('\n')}

100 nodes, 5 adversaries among them, no loss (attacks in
[packages/simulator](packages/simulator/README.md#the-model); a run with
adversaries lasts at least two beacon rounds, 120 s simulated, so every
served table is tried):

| attack | ticks to 1e-3 | ticks to 1e-6 | final error | excluded by every honest node | syncs / served entries refused |
| --- | ---: | ---: | ---: | --- | ---: |
${hostile.join('\n')}

Under \`mixed\` the replaying adversary replays the other adversaries'
messages too; a replay of a quarantined origin is ignored without charging
whoever forwards it, so one honest node had not quarantined the replayer
by the end of the run (the equilibrium is exact either way).

Churn, 100 nodes: ${churn.churn?.nodes} leave at tick ${churn.options.leaveAt} and come back at
tick ${churn.options.returnAt} with new inputs. While they were away the others' target stayed
the equilibrium that counts their dormant entries: ${churn.churn?.dormantValueKept ? 'yes' : 'no'}. After
their return every honest node was within 1e-3 of the new equilibrium
after ${ticks(churn.churn?.reconvergedIn)} ticks; final error ${churn.finalError.toExponential(1)}.`

console.log(markdown)
writeSection('sim', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
