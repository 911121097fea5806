// Simulator table: cycles to 1e-3 and 1e-6 and final error for N = 2, 100,
// 1000 at loss 0, 0.3, 0.6, 0.8, plus adversaries and churn.
// Usage: npm run bench:sim   (updates BENCHMARKS.md)
import { simulate } from '@lvs/simulator'
import { machine, writeSection } from './report.js'

const SEED = 1
const runs = []
const show = value => value == null ? 'not reached' : String(value)

for (const nodes of [2, 100, 1000]) {
  for (const loss of [0, 0.3, 0.6, 0.8]) {
    process.stderr.write(`sim: ${nodes} nodes, loss ${loss}... `)
    const r = simulate({ nodes, loss, seed: SEED })
    process.stderr.write(`${r.converged ? 'converged' : 'NOT converged'} in ${r.seconds.toFixed(1)} s\n`)
    runs.push(`| ${nodes} | ${loss} | ${show(r.cyclesTo1e3)} | ${show(r.cyclesTo1e6)} | ${r.finalError.toExponential(1)} | ${r.converged ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} |`)
  }
}

const hostile = []

for (const attack of ['extreme', 'flip', 'replay', 'flood', 'mixed']) {
  process.stderr.write(`sim: 100 nodes, 5 ${attack} adversaries...\n`)
  const r = simulate({ nodes: 100, adversaries: 5, attack, seed: SEED })
  hostile.push(`| ${attack} | ${show(r.cyclesTo1e3)} | ${show(r.cyclesTo1e6)} | ${r.finalError.toExponential(1)} | ${r.quarantined} of ${r.adversaries} |`)
}

process.stderr.write('sim: 100 nodes, 30 % churn...\n')
const churn = simulate({ nodes: 100, churn: 0.3, seed: SEED })

const markdown = `## Simulator: convergence against the seed profile

Command: \`npm run bench:sim\` (seed ${SEED}; one \`simulate()\` run per row, the same
code as \`npm run sim -- --nodes N --loss P --json\`). Machine: ${machine()}.
Cycles count from the start (one cycle of delay before anyone has heard a
peer); errors are the largest distance of an honest node from the exact
mean of the honest inputs, relative to the initial spread of the inputs.
Seed budget: two nodes within 1 % in <= 40 cycles; survive > 60 % loss
(goal 80 %).

| nodes | loss | cycles to 1e-3 | cycles to 1e-6 | final error | converged | seconds |
| ---: | ---: | ---: | ---: | ---: | --- | ---: |
${runs.join('\n')}

100 nodes, 5 adversaries among them, no loss:

| attack | cycles to 1e-3 | cycles to 1e-6 | final error | quarantined by every honest node |
| --- | ---: | ---: | ---: | --- |
${hostile.join('\n')}

Churn, 100 nodes: ${churn.churn?.nodes} leave at cycle ${churn.options.leaveAt} and come back at
cycle ${churn.options.returnAt} with new inputs. While they were away the others' target stayed
the equilibrium that counts their dormant entries: ${churn.churn?.dormantValueKept ? 'yes' : 'no'}. After
their return every honest node was within 1e-3 of the new equilibrium in
${show(churn.churn?.reconvergedIn)} cycles; final error ${churn.finalError.toExponential(1)}.`

console.log(markdown)
writeSection('sim', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
