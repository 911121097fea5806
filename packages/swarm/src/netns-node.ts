#!/usr/bin/env node
// One LVS node in its own network namespace, driven by the netns runner:
// flags give its host, input and bootstrap address; it prints its multiaddr,
// then a JSON line with its state twice a second; a JSON line on stdin sets
// its input ({"input":[x,y]}); SIGTERM stops it.
import { createLvsNode } from '@lvs/node'
import { PATIENT_TIMEOUT_MS } from '@lvs/transport'
import { multiaddr } from '@multiformats/multiaddr'
import { onLines } from './command-line.ts'
import type { LvsNode } from '@lvs/node'

const args = new Map<string, string>()

for (let i = 2; i < process.argv.length; i += 2) {
  args.set(process.argv[i], process.argv[i + 1])
}

const host = args.get('--host') ?? '127.0.0.1'
const input = (args.get('--input') ?? '0,0').split(',').map(Number)
const bootstrap = args.get('--bootstrap')

const node: LvsNode = await createLvsNode({
  host,
  listen: [`/ip4/${host}/tcp/0`],
  inputs: { drift: input },
  lowPower: false,
  patient: true,
  ...(bootstrap == null ? {} : { bootstrap: [bootstrap] })
})

process.stdout.write(`${JSON.stringify({ addr: node.getMultiaddrs()[0].toString() })}\n`)

if (bootstrap != null) {
  // over a lossy link a dial may fail many times, and a partition may close every connection: redial while alone
  void (async () => {
    while (node.status === 'started') {
      if (node.getConnections().length === 0) {
        await node.dial(multiaddr(bootstrap), { signal: AbortSignal.timeout(PATIENT_TIMEOUT_MS) }).catch(() => {})
      }

      await new Promise(resolve => setTimeout(resolve, 2000))
    }
  })()
}

const report = setInterval(() => {
  const view = node.services.lvs.getState('drift')
  process.stdout.write(`${JSON.stringify({ state: view.state, target: view.target, count: view.count, connections: node.getConnections().length })}\n`)
}, 500)

onLines(process.stdin, line => {
  try {
    const command = JSON.parse(line) as { input?: number[] }

    if (command.input != null) {
      node.services.lvs.setInput('drift', command.input)
    }
  } catch (err) {
    process.stderr.write(`bad command ${line}: ${String(err)}\n`)
  }
})

const stop = async (): Promise<void> => {
  clearInterval(report)
  await node.stop()
  process.exit(0)
}

process.on('SIGTERM', () => { void stop() })
process.on('SIGINT', () => { void stop() })
