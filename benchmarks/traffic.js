// Where the bytes go: real nodes (the swarm of @lvs/swarm, TCP on
// 127.0.0.1, one process) at 10 and 30 nodes, every byte on every
// connection split by protocol, gossipsub's by what it carries, and the
// connections' own framing; for the converging period and a converged minute.
// Usage: npm run bench:traffic   (updates BENCHMARKS.md; about 6 minutes)
import { writeFileSync } from 'node:fs'
import { runSwarm } from '@lvs/swarm'
import { machine, writeSection } from './report.js'

const SEED = 1
const SIZES = [10, 30]
const kb = bytes => bytes == null ? '-' : (bytes / 1000).toFixed(1)
const results = []

for (const nodes of SIZES) {
  process.stderr.write(`traffic: ${nodes} nodes... `)
  const result = await runSwarm({ seed: SEED, nodes, quiet: 60, settle: 30, seconds: 180 })
  process.stderr.write(`${result.converged ? 'converged' : 'NOT converged'} in ${result.seconds.toFixed(1)} s\n`)

  if (!result.converged) {
    process.stderr.write('a swarm did not converge: no converged minute to account for\n')
    process.exit(1)
  }

  results.push(result)
}

writeFileSync(new URL('traffic.json', import.meta.url), JSON.stringify(results.map(({ options, seconds, bytesPerNodePerMinute, bytesPerNodePerMinuteConverged, protocolsConverged, protocolsConverging }) =>
  ({ options, seconds, bytesPerNodePerMinute, bytesPerNodePerMinuteConverged, protocolsConverged, protocolsConverging })), null, 1))

const parts = [...new Set(results.flatMap(r => [...Object.keys(r.protocolsConverged ?? {}), ...Object.keys(r.protocolsConverging)]))]
  .sort((a, b) => (results.at(-1).protocolsConverged?.[b] ?? 0) - (results.at(-1).protocolsConverged?.[a] ?? 0))
const row = part => `| ${part} | ${results.map(r => kb(r.protocolsConverged?.[part] ?? 0)).join(' | ')} | ${results.map(r => kb(r.protocolsConverging[part] ?? 0)).join(' | ')} |`
const sum = map => Object.values(map ?? {}).reduce((a, b) => a + b, 0)

const markdown = `## Where the bytes go: every protocol, 10 and 30 nodes

Command: \`npm run bench:traffic\` (seed ${SEED}; each column one \`runSwarm()\`,
the code of \`npm run swarm -- --nodes N --quiet 60 --json\`, whose
\`protocolsConverged\` and \`protocolsConverging\` these are). Machine: ${machine()}.
KB (1,000 bytes) per node per minute, sent + received, every byte on every
connection: each protocol's stream payload; gossipsub's split by what it
carries (\`data <topic>\`: the signed messages of that topic with their
envelope; \`ihave\`, \`iwant\`, \`graft\`, \`prune\`: control; \`framing\`: RPC
length prefixes and field headers); and the connections' framing (noise's
length and tag, yamux headers and window updates, multistream-select), all
bytes on a connection that no stream's payload holds. SDMs are the shard's
topic (the heartbeats, once converged); beacons carry the table digests;
\`/lvs/kad/1.0.0\` is the DHT, \`/ipfs/id\` identify, \`/ipfs/ping\` libp2p's
connection monitor. Converging: from setting the inputs to convergence
(${results.map(r => `${r.options.nodes} nodes: ${r.seconds.toFixed(1)} s`).join(', ')}), the nodes having just joined.

| bytes | converged, ${SIZES.join(' nodes | converged, ')} nodes | converging, ${SIZES.join(' nodes | converging, ')} nodes |
| --- | ${SIZES.map(() => '---:').join(' | ')} | ${SIZES.map(() => '---:').join(' | ')} |
${parts.map(row).join('\n')}
| **all** | ${results.map(r => `**${kb(sum(r.protocolsConverged))}**`).join(' | ')} | ${results.map(r => `**${kb(sum(r.protocolsConverging))}**`).join(' | ')} |

The series are in [benchmarks/traffic.json](benchmarks/traffic.json).
`

writeSection('traffic', markdown)
process.stdout.write(markdown)
