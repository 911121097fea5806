// Real packet loss: 3 nodes, each in its own network namespace, every
// namespace dropping a share of its incoming packets with nftables (this
// kernel has no netem), then a partition that heals. As root on Linux;
// elsewhere the section says why it did not run.
// Usage: npm run bench:netns   (updates BENCHMARKS.md; 15 to 30 minutes)
import { netnsUnavailable, runNetns } from '@lvs/swarm'
import { machine, writeSection } from './report.js'

// loss, TCP's retransmission timeout cap in the namespaces (0: the kernel's
// 120 s), whether to try a partition once converged; at 60 % with the cap
// the time to converge varies a lot, so that run is repeated
const CAPPED = { loss: 0.6, tcpRtoMaxMs: 1000, partition: false }
const RUNS = [{ loss: 0.3, tcpRtoMaxMs: 0, partition: true }, { loss: 0.6, tcpRtoMaxMs: 0, partition: true }, { ...CAPPED, partition: true }, CAPPED, CAPPED]
const SECONDS = 240
const PARTITION_SECONDS = 20
const exp = value => Number.isFinite(value) ? value.toExponential(1) : '-'

const reason = await netnsUnavailable()
let markdown

if (reason != null) {
  markdown = `## Real packet loss between network namespaces

Command: \`npm run bench:netns\`. Not run on ${machine()}: ${reason}.`
} else {
  const rows = []
  const capped = []

  for (const { loss, tcpRtoMaxMs, partition } of RUNS) {
    process.stderr.write(`netns: loss ${loss}, TCP RTO cap ${tcpRtoMaxMs || 'default'}... `)
    const r = await runNetns({ nodes: 3, loss, seconds: SECONDS, partitionSeconds: partition ? PARTITION_SECONDS : 0, tcpRtoMaxMs }, line => { process.stderr.write(`\n  ${line}`) })

    if (tcpRtoMaxMs > 0) {
      capped.push(r)
    }

    process.stderr.write(`\n  ${r.converged ? 'converged' : 'NOT converged'} in ${r.seconds.toFixed(1)} s\n`)
    const p = r.partition
    rows.push(`| ${Math.round(loss * 100)} % | ${tcpRtoMaxMs === 0 ? '120 s (default)' : `${tcpRtoMaxMs / 1000} s`} | ${r.converged ? 'yes' : `no (${SECONDS} s)`} | ${r.converged ? r.seconds.toFixed(1) : '-'} | ${exp(r.targetError)} | ${exp(r.finalError)} | ${r.crashed} | ${p == null ? (partition ? 'not tried (no convergence first)' : 'not tried (a repeat)') : `${p.bothSidesRan ? 'both sides ran' : 'a side stopped'}, ${p.converged ? `healed in ${p.seconds.toFixed(1)} s, target error ${exp(p.targetError)}` : 'did not heal'}`} |`)
  }

  markdown = `## Real packet loss between network namespaces

Command: \`npm run bench:netns\` (as root; each row is one \`runNetns()\`,
the code of \`npm run netns -- --nodes 3 --loss P --partition ${PARTITION_SECONDS} [--tcp-rto-max M]\`).
Machine: ${machine()}. Three node processes, each in its own network
namespace joined to a bridge by a veth pair, TCP; each namespace drops
that share of every incoming packet with nftables (\`numgen random mod 100
< P drop\`; this kernel has no netem), so every link loses it in each
direction. The nodes use the transport preset's \`patient\` option (2-minute
dial, upgrade and negotiation timeouts; no disconnect on a failed ping).
Errors are relative to the spread of the inputs. The RTO cap is the
namespaces' \`net.ipv4.tcp_rto_max_ms\` (\`--tcp-rto-max\`; with a cap,
\`tcp_retries2\` is raised to 100 and the SYN retries to 60 so frequent
retransmissions do not end connections). Once converged, the last
namespace is cut off for ${PARTITION_SECONDS} s while an input changes on each side, then
healed.

| packet loss | TCP RTO cap | converged | seconds | target error | final error | crashed | partition |
| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

Seed budget: survive > 60 % loss with the exact equilibrium. Over TCP a
lost packet is retransmitted after a timeout that doubles at each loss, so
loss turns into delay: at 60 % on every link, in both directions, a round
trip succeeds one time in six, and with the kernel's defaults the backoff
(up to 120 s) stalls the handshakes and the connections. With the timeout
capped at 1 s (the last three rows), retransmissions keep coming at least once a
second: the swarm reached the exact equilibrium in ${capped.filter(r => r.converged).length} of
${capped.length} runs (${capped.map(r => r.converged ? `${r.seconds.toFixed(1)} s` : `not in ${SECONDS} s`).join(', ')}); the time is a
long tail of stalls, not a steady rate. Message loss of 60 and 80 % (the
table above) converges with default settings.`
}

console.log(markdown)
writeSection('netns', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
