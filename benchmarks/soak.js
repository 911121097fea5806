// A long soak: a relay and a long-lived node in processes of their own,
// honest nodes churning and a hostile node, every process sampled once a
// minute; the fitted growth per hour after warm-up goes into BENCHMARKS.md
// with the plot (benchmarks/soak.svg) and the series (benchmarks/soak.json).
// Usage: npm run bench:soak [-- --minutes 60 --bounds-minutes 5 --heap-snapshots DIR]
// (an hour, time bounds of 5 minutes, no snapshots by default); with
// --from benchmarks/soak.json it writes the section again from a run saved
import { readFileSync, writeFileSync } from 'node:fs'
import { FLOOR_WINDOW_MINUTES, GROWTH_LIMITS, WARM_UP_MINUTES, plotSoak, runSoak } from '@lvs/swarm'
import { machine, writeSection } from './report.js'

const flag = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : process.argv[at + 1]
}
const heapSnapshots = flag('--heap-snapshots', undefined)
const from = flag('--from', undefined)
const result = from != null
  ? JSON.parse(readFileSync(from, 'utf8'))
  : await runSoak({ minutes: Number(flag('--minutes', 60)), nodes: 10, sampleSeconds: 60, boundsMinutes: Number(flag('--bounds-minutes', 5)), heapSnapshots }, p => {
    process.stderr.write(`${(p.seconds / 60).toFixed(1)} min: ${p.running} churning nodes, ${p.left} left, ${p.hostileMessages} hostile messages, heap MB ${JSON.stringify(Object.fromEntries(Object.entries(p.heapMB).map(([k, v]) => [k, Math.round(v)])))}\n`)
  })
const { minutes, boundsMinutes } = result.options

if (from == null) {
  writeFileSync(new URL('soak.json', import.meta.url), JSON.stringify(result, null, 1))
  writeFileSync(new URL('soak.svg', import.meta.url), await plotSoak(result.series, `npm run bench:soak: ${minutes} minutes`))
}

const names = { soak: "the soak's own process (the hostile node)", relay: 'the relay', node: 'the long-lived node' }
const perHour = (trend, unit) => trend.points < 3 ? 'too few samples' : `${trend.slope >= 0 ? '+' : ''}${trend.slope.toFixed(2)} ± ${trend.stderr.toFixed(2)}${unit}`
const rows = Object.entries(result.trends).map(([process, t]) => `| ${names[process]} | ${perHour(t.heapMB, ' MB')} | ${perHour(t.heapAllMB, ' MB')} | ${perHour(t.rssMB, ' MB')} | ${t.rssRunningMB == null ? 'not sampled' : perHour(t.rssRunningMB, ' MB')} | ${perHour(t.listeners, '')} | ${perHour(t.handles, '')} | ${GROWTH_LIMITS[process].heapMB} MB |`)
const last = process => result.series.filter(point => point.process === process).at(-1)
const rssRange = process => {
  const rss = result.series.filter(point => point.process === process && point.minute >= WARM_UP_MINUTES).map(point => point.rssMB)
  return rss.length === 0 ? 'no samples' : `${Math.min(...rss).toFixed(0)} to ${Math.max(...rss).toFixed(0)} MB`
}

const markdown = `## Soak: memory, listeners and handles over ${minutes} minutes

Command: \`npm run bench:soak\` (\`npm run soak -- --minutes ${minutes} --nodes 10 --sample-seconds 60 --bounds-minutes ${boundsMinutes}\`,
seed 1). Machine: ${machine()}. Every honest node runs in a process of its
own: a relay, a long-lived node and ${result.options.nodes} churning nodes, one of them
replaced by a new one (new key, new input) every ${result.options.churnSeconds} s, while a
hostile node in the soak's own process sends extreme, negative,
undecodable, replayed and flooding SDMs. The relay, the long-lived node and
the soak's own process are sampled once a minute, each sample after V8's
most thorough collection, which compacts the heap and gives its free pages
back to the system (heap without V8's own code, that code apart, heap
held, memory outside the heap, RSS and its anonymous and file-backed
parts, RSS as the process ran before the collection, listeners, open
handles, connections, table size);
the churning nodes are checked at the end. V8's code (JIT-compiled code,
bytecode and their metadata) grows for tens of minutes as more functions
get optimised and then flattens: warm-up, not data, so the heap judged is
the heap without it (RSS, which holds it, is judged as it is). The
growth per hour is a least-squares fit after warm-up (the first
${WARM_UP_MINUTES} minutes), with its standard error; a series "keeps growing" when
its slope is above the limit by more than twice that error. The heap
judged is its floor, the lowest sample of each ${FLOOR_WINDOW_MINUTES} minutes: the DHT's
self-query (every 5 minutes) and reprovides (every few minutes with
provider records this short) run queries, and while they run the
queries and dials in flight, to departed peers among others, stand above
the heap a process keeps. A leak raises the floor; work in flight does not. The fit
over every sample is in the table too. The RSS judged is what a process holds
after that collection; RSS as it ran, before it, holds beside that the
heap pages V8 has freed and keeps for reuse, and is in the table unjudged.
In runs whose samples followed an ordinary collection, the RSS fitted
grew +3.0 to +4.3 MB an hour at the relay and the node: all of it
anonymous memory (the file-backed part was flat, malloc's arenas too,
with and without \`MALLOC_ARENA_MAX=2\`), the heap V8 held growing +2.5 MB
an hour while the heap used grew +0.5 and V8's code +0.7. After warm-up
here RSS went ${rssRange('relay')} at the relay, ${rssRange('node')} at the node.

${boundsMinutes > 0
  ? `Every time bound that keeps a departed peer's state is shortened to ${boundsMinutes}
minutes (\`--bounds-minutes\`): the table's retention of a departed entry
(24 hours by default), gossipsub's retained score of a peer gone (1 hour),
the peer store's address and peer age (1 and 6 hours). Each departed peer
leaves state that lives that long, so under steady churn memory rises
until the longest bound has passed once, then stays flat: a week-long
relay reaches its plateau after about a day, which an hour's run cannot
show with the defaults (their rise read as growth: +1.20 MB an hour at the
relay). Shortened, the plateau comes within the ${WARM_UP_MINUTES} minutes of warm-up
and what the fit judges is what keeps growing beyond it. The DHT's
routing table is bounded otherwise: a departed contact goes when a query
or a ping of the DHT reaches it with no address left, else when its
k-bucket is full (kad-dht's defaults: 64 buckets of 20, 1,280 contacts,
about 1.1 KB each).`
  : 'Every time bound is at its default (`--bounds-minutes 0`): what a state that lives for hours adds is read as growth.'}

| process | heap floor per hour (judged) | heap per hour, every sample | RSS per hour (judged) | RSS as it ran, per hour | listeners per hour | handles per hour | limit (heap, RSS) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

${result.trends.relay.anonMB == null || result.trends.relay.anonMB.points < 3
  ? ''
  : `RSS in two parts (Linux's /proc/self/smaps_rollup), per hour: anonymous pages,
the process's own memory (the JS heap, malloc's arenas, buffers),
${['soak', 'relay', 'node'].map(p => `${names[p]} ${perHour(result.trends[p].anonMB, ' MB')}`).join(', ')};
pages mapped from files (the node binary's code, read in as code paths
first run), ${['soak', 'relay', 'node'].map(p => `${names[p]} ${perHour(result.trends[p].fileMB, ' MB')}`).join(', ')}.

`}At the end: heap without code ${['soak', 'relay', 'node'].map(p => `${names[p]} ${last(p)?.heapMB.toFixed(1)} MB`).join(', ')};
V8's code ${['soak', 'relay', 'node'].map(p => `${names[p]} ${last(p)?.codeMB.toFixed(1)} MB`).join(', ')};
the relay's table ${last('relay')?.table} entries (${result.honestNodes} honest nodes took part; departed
ones stay counted until their retention ends${boundsMinutes > 0 ? `, here ${boundsMinutes} minutes after a stopping node's leaving SDM` : ', 24 hours by default, so tables grow by one entry per churn'}).

${result.checks.map(check => `- ${check.ok ? 'PASS' : 'FAIL'} ${check.name}: ${check.detail}`).join('\n')}

![soak series](benchmarks/soak.svg)

([benchmarks/soak.svg](benchmarks/soak.svg), drawn with vega-lite; the
series are in [benchmarks/soak.json](benchmarks/soak.json).)`

console.log(markdown)
writeSection('soak', markdown)
process.stderr.write('BENCHMARKS.md updated\n')
process.exitCode = result.ok ? 0 : 1
