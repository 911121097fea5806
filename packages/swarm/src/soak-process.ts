#!/usr/bin/env node
// One node of the soak in a process of its own, so that its heap and RSS
// are its own: the relay (circuit relay server, the hub the soak's nodes
// dial), the long-lived node or a churning node. Flags: --role
// relay|node|churn, --input x,y, --dial ADDR[,ADDR...] (optional),
// --bounds MINUTES (optional: the time bounds to shorten, soak.ts). It
// prints {"addr","peerId"} once started, then answers each JSON line on
// stdin: {"sample":true} with its sample, {"check":true} with what the
// soak's final checks read of it, {"snapshot":PATH} by writing a V8 heap
// snapshot there; SIGTERM stops it.
import { writeHeapSnapshot } from 'node:v8'
import { createLvsNode } from '@lvs/node'
import { multiaddr } from '@multiformats/multiaddr'
import { onLines } from './command-line.ts'
import { dialRetrying } from './dial.ts'
import { watchNode } from './soak-node-check.ts'
import { SOAK_SHARD, processSample } from './soak-sample.ts'

const args = new Map<string, string>()

for (let i = 2; i < process.argv.length; i += 2) {
  args.set(process.argv[i], process.argv[i + 1])
}

const input = (args.get('--input') ?? '1,1').split(',').map(Number)
const dial = args.get('--dial')?.split(',').filter(addr => addr !== '') ?? []
const bounds = Number(args.get('--bounds') ?? 0) * 60_000
const node = await createLvsNode({
  listen: ['/ip4/127.0.0.1/tcp/0'],
  relayServer: args.get('--role') === 'relay',
  shards: [{ ...SOAK_SHARD, ...(bounds > 0 ? { retention: bounds } : {}) }],
  inputs: { [SOAK_SHARD.name]: input },
  lowPower: false,
  // provider records, with their cleanup a quarter later, expire before the peer records (PROVIDER_VALIDITY_MS)
  ...(bounds > 0 ? { retainScore: bounds, providerValidity: bounds * 0.8, libp2p: { peerStore: { maxAddressAge: bounds, maxPeerAge: bounds } } } : {})
})

const watched = watchNode(node)

for (const addr of dial) {
  await dialRetrying(node, multiaddr(addr))
}

process.stdout.write(`${JSON.stringify({ addr: node.getMultiaddrs()[0].toString(), peerId: node.peerId.toString() })}\n`)

// answers in the order asked (the soak matches answers to questions by their order)
let answered: Promise<void> = Promise.resolve()

onLines(process.stdin, line => {
  const request = JSON.parse(line)
  answered = answered.then(async () => {
    const answer = request.check === true ? await watched.check() : typeof request.snapshot === 'string' ? { path: writeHeapSnapshot(request.snapshot) } : processSample([node])
    process.stdout.write(`${JSON.stringify(answer)}\n`)
  })
})

process.on('SIGTERM', () => {
  void (async () => {
    await node.stop()
    process.exit(0)
  })()
})
