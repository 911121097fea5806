#!/usr/bin/env node
// One node of the soak in a process of its own, so that its heap and RSS
// are its own: the relay (circuit relay server, the hub the soak's nodes
// dial) or a long-lived node. Flags: --role relay|node, --input x,y,
// --dial ADDR (optional). It prints {"addr"} once started, then answers
// each JSON line on stdin ({"sample":true}) with its sample; SIGTERM stops it.
import { createLvsNode } from '@lvs/node'
import { multiaddr } from '@multiformats/multiaddr'
import { onLines } from './command-line.ts'
import { SOAK_SHARD, processSample } from './soak-sample.ts'

const args = new Map<string, string>()

for (let i = 2; i < process.argv.length; i += 2) {
  args.set(process.argv[i], process.argv[i + 1])
}

const input = (args.get('--input') ?? '1,1').split(',').map(Number)
const dial = args.get('--dial')
const node = await createLvsNode({
  listen: ['/ip4/127.0.0.1/tcp/0'],
  relayServer: args.get('--role') === 'relay',
  shards: [SOAK_SHARD],
  inputs: { [SOAK_SHARD.name]: input },
  lowPower: false
})

if (dial != null) {
  await node.dial(multiaddr(dial))
}

process.stdout.write(`${JSON.stringify({ addr: node.getMultiaddrs()[0].toString(), peerId: node.peerId.toString() })}\n`)

onLines(process.stdin, line => {
  if (JSON.parse(line).sample === true) {
    process.stdout.write(`${JSON.stringify(processSample([node]))}\n`)
  }
})

process.on('SIGTERM', () => {
  void (async () => {
    await node.stop()
    process.exit(0)
  })()
})
