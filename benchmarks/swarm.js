// Real libp2p nodes (the swarm of @lvs/swarm, TCP on 127.0.0.1, one process):
// convergence for 2, 10 and 30 nodes, traffic while converging and over a
// converged minute, heap growth per added node, CPU per node, message loss.
// Usage: npm run bench:swarm   (updates BENCHMARKS.md; about 8 minutes)
import { runSwarm } from '@lvs/swarm'
import { machine, writeSection } from './report.js'

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('run with node --expose-gc (npm run bench:swarm does)\n')
  process.exit(2)
}

const SEED = 1
const kb = bytes => bytes == null ? '-' : (bytes / 1000).toFixed(1)
const pct = share => share == null ? '-' : `${(share * 100).toFixed(2)} %`
const results = new Map()

async function run (label, options) {
  process.stderr.write(`swarm: ${label}... `)
  const result = await runSwarm({ seed: SEED, ...options })
  process.stderr.write(`${result.converged ? 'converged' : 'NOT converged'} in ${result.seconds.toFixed(1)} s\n`)
  results.set(label, result)
  return result
}

for (const nodes of [2, 10, 30]) {
  await run(`${nodes}`, { nodes, quiet: 60, settle: 30, seconds: 180 })
}

for (const loss of [0.3, 0.6, 0.8]) {
  await run(`10 loss ${loss}`, { nodes: 10, loss, seconds: 300 })
}

const converge = [2, 10, 30].map(nodes => {
  const r = results.get(`${nodes}`)
  return `| ${nodes} | ${r.converged ? 'yes' : 'no'} | ${r.cyclesTo1Percent ?? 'not reached'} | ${r.cycles} | ${r.seconds.toFixed(1)} | ${r.targetError.toExponential(1)} | ${r.finalError.toExponential(1)} |`
})
const traffic = [2, 10, 30].map(nodes => {
  const r = results.get(`${nodes}`)
  const top = Object.entries(r.protocolsConverged ?? {}).slice(0, 3).map(([protocol, bytes]) => `${protocol} ${kb(bytes)}`).join(', ')
  return `| ${nodes} | ${kb(r.bytesPerNodePerMinute)} | ${kb(r.bytesPerNodePerMinuteConverged)} | ${top} |`
})
const cpu = [2, 10, 30].map(nodes => {
  const r = results.get(`${nodes}`)
  return `| ${nodes} | ${r.cpuMsPerNode.toFixed(0)} ms in ${r.seconds.toFixed(1)} s: ${pct(r.cpuPerNode)} | ${pct(r.cpuPerNodeFirstMinute)} | ${pct(r.cpuPerNodeConverged)} | ${r.heapPerNodeMB.toFixed(2)} |`
})
const loss = [0.3, 0.6, 0.8].map(share => {
  const r = results.get(`10 loss ${share}`)
  return `| ${share} | ${r.converged ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} | ${r.cycles} | ${r.targetError.toExponential(1)} | ${r.finalError.toExponential(1)} |`
})
const r10 = results.get('10')
const r30 = results.get('30')
const perAdded = (r30.heapPerNodeMB * 30 - r10.heapPerNodeMB * 10) / 20

const markdown = `## Real nodes: convergence, traffic, memory and CPU against the seed profile

Command: \`npm run bench:swarm\` (seed ${SEED}; each row is one
\`runSwarm()\`, the code of \`npm run swarm -- --nodes N --loss P --quiet 60 --json\`).
Machine: ${machine()}. N real libp2p nodes made with \`createLvsNode()\` in one
process, TCP on 127.0.0.1, default settings (low-power mode off: the nodes
share one event loop). Errors are relative to the spread of the inputs;
"converged" means every state within 1e-6 of the exact mean, every target
within 1e-6, spread <= 1e-3.

| nodes | converged | cycles to 1 % | cycles to 1e-6 | seconds | target error | final error |
| ---: | --- | ---: | ---: | ---: | ---: | ---: |
${converge.join('\n')}

Seed budget: two nodes within 1 % in <= 40 cycles (goal <= 20).

Traffic per node, KB per minute, sent + received, all libp2p traffic
counted on the connections (\`trafficMeter()\`: noise, yamux, identify, DHT,
gossipsub, ping). "Converging" spans from setting the inputs to convergence
and is dominated by the joining burst of nodes that met seconds earlier; the
converged minute starts 30 s after convergence.

| nodes | converging | converged minute | largest protocol streams in it (payload KB/min) |
| ---: | ---: | ---: | --- |
${traffic.join('\n')}

Seed budget: < 50 KB per node per minute over a converged minute with 10
nodes (goal < 15); 30 nodes: goal < 25.

CPU time of the process per node, as a share of one core, and heap growth
per node (libp2p included, after a forced collection). "While converging"
is the CPU time a node spends from setting the inputs to convergence
(joining handshakes, identify, DHT and mesh forming, and the fast drift
cycles) over the few seconds that takes: a fixed cost, so the faster the
swarm converges the larger this share. "First minute" is the same work
over the minute from setting the inputs (join, converge, then quiet), the
window a budget per node is held against; "converged" is the quiet minute.

| nodes | CPU while converging | CPU over the first minute | CPU converged | heap per node, MB |
| ---: | ---: | ---: | ---: | ---: |
${cpu.join('\n')}

Heap growth per node added from 10 to 30 nodes: ${perAdded.toFixed(2)} MB.
Seed budget: < 10 MB per node (goal < 2); CPU < 5 % of a core at default
settings (goal < 1 % converged).

Message loss (\`--loss\`: each node drops that share of the LVS messages it
receives, before the guard), 10 nodes:

| loss | converged | seconds | cycles | target error | final error |
| ---: | --- | ---: | ---: | ---: | ---: |
${loss.join('\n')}

Seed budget: survive > 60 % loss (goal 80 %) with the exact equilibrium.`

console.log(markdown)
writeSection('swarm', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
