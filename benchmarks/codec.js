// Codec throughput: protobuf (protons) against JSON for the same messages.
// Usage: npm run bench:codec [-- --write]   (--write updates BENCHMARKS.md)
import {
  createNonce,
  decodeEntropyPacket,
  decodeStateDiff,
  encodeEntropyPacket,
  encodeStateDiff
} from '@lvs/codec'
import { formatRate, machine, opsPerSecond, writeSection } from './report.js'

const sdm = {
  shardId: 'drift',
  cycleId: 123456,
  input: [5.123456789, -1.5],
  state: [4.25, -0.5],
  driftWeight: 1,
  nonce: createNonce()
}
const ep = { entropyVector: [0.25, 0.75], nodeLoad: 0.125, timestamp: Date.now() }
const text = new TextEncoder()
const bytesOf = value => text.encode(JSON.stringify(value))

const rows = []

for (const [name, message, encode, decode] of [
  ['SDM (k = 2)', sdm, encodeStateDiff, decodeStateDiff],
  ['EP (k = 2)', ep, encodeEntropyPacket, decodeEntropyPacket]
]) {
  const encoded = encode(message)
  const json = JSON.stringify(message)
  process.stderr.write(`measuring ${name}...\n`)

  rows.push({
    name,
    protobufBytes: encoded.byteLength,
    jsonBytes: bytesOf(message).byteLength,
    encode: opsPerSecond(() => encode(message)),
    decode: opsPerSecond(() => decode(encoded)),
    jsonEncode: opsPerSecond(() => JSON.stringify(message)),
    jsonDecode: opsPerSecond(() => JSON.parse(json))
  })
}

const table = [
  '| message | protobuf bytes | JSON bytes | encode ops/s | decode ops/s (with limits and checks) | JSON.stringify ops/s | JSON.parse ops/s (no checks) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(r => `| ${r.name} | ${r.protobufBytes} | ${r.jsonBytes} | ${formatRate(r.encode)} | ${formatRate(r.decode)} | ${formatRate(r.jsonEncode)} | ${formatRate(r.jsonDecode)} |`)
].join('\n')

const markdown = `## Codec throughput

Command: \`npm run bench:codec\` (median of 5 rounds of 300 ms each).
Machine: ${machine()}.

${table}

Decoding includes the wire-format scan, the limits, the version check and the
finiteness checks; JSON.parse does none of these.`

console.log(markdown)

if (process.argv.includes('--write')) {
  writeSection('codec', markdown)
  process.stderr.write('BENCHMARKS.md updated\n')
}
