import { decodeStateDiff, shardTopic } from '@lvs/codec'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { createLvsNode } from '../src/index.ts'
import type { LvsNode, TableView } from '../src/index.ts'
import type { Message } from '@libp2p/gossipsub'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The relay's input, set in .aegir.js */
const RELAY_INPUT = [6, -2]
const OWN_INPUT = [0, 4]
const MEAN = [3, 1]
/** spread of the two inputs (largest minus smallest per component, as the service scales its error) */
const SCALE = Math.hypot(6, 6)
const DIAL_ATTEMPTS = 3
const DIAL_TIMEOUT_MS = 10_000
const CONVERGE_TIMEOUT_MS = 60_000

function distance (a: number[], b: number[]): number {
  return Math.hypot(...a.map((value, j) => value - b[j]))
}

/** The node's table entry of a peer */
function tableEntry (node: LvsNode, shard: string, key: string): TableView | undefined {
  return node.services.lvs.table(shard).find(entry => entry.key === key)
}

async function until (condition: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what()}`)
    }

    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Dials the relay, again when a dial hangs or fails, each attempt bounded */
async function dialRelay (node: LvsNode, address: Multiaddr): Promise<void> {
  const errors: string[] = []

  for (let attempt = 1; attempt <= DIAL_ATTEMPTS; attempt++) {
    try {
      await node.dial(address, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
      return
    } catch (err: any) {
      errors.push(`attempt ${attempt}: ${err.name}: ${err.message}`)
    }
  }

  throw new Error(`could not dial the relay at ${address}: ${errors.join('; ')}`)
}

describe('lvs() in the browser with a Node relay', function () {
  this.timeout(DIAL_ATTEMPTS * DIAL_TIMEOUT_MS + CONVERGE_TIMEOUT_MS + 30_000)
  let node: LvsNode | undefined

  afterEach(async () => {
    await node?.stop()
    node = undefined
  })

  it('dials the relay over WebSockets and converges with it to the exact mean of the two inputs', async () => {
    const relayAddress = process.env.LVS_RELAY_ADDR

    if (relayAddress == null || relayAddress === '') {
      throw new Error('LVS_RELAY_ADDR is not set: run "aegir test -t browser" in packages/node, whose .aegir.js starts the relay')
    }

    const address = multiaddr(relayAddress)
    const relayId = address.getComponents().findLast(c => c.name === 'p2p')?.value

    expect(relayId, 'peer id in the relay address').to.be.a('string')
    expect(address.getComponents().map(c => c.name)).to.include('ws')

    node = await createLvsNode({ inputs: { drift: OWN_INPUT } })
    const self = node

    // the relay's SDMs as gossipsub delivers them (after the service's validator accepted them)
    const published: Array<{ input: number[], state: number[] }> = []
    self.services.pubsub.addEventListener('message', (evt: CustomEvent<Message>) => {
      const message = evt.detail

      if (message.topic === shardTopic('drift') && message.type === 'signed' && message.from.toString() === relayId) {
        const { input, state } = decodeStateDiff(message.data)
        published.push({ input, state })
      }
    })

    await dialRelay(self, address)
    const connection = self.getConnections().find(c => c.remotePeer.toString() === relayId)
    expect(connection?.remoteAddr.toString()).to.include('/ws')

    const settled = (): boolean => {
      const view = self.services.lvs.getState('drift')
      const relay = tableEntry(self, 'drift', relayId ?? '')

      return view.count === 2 &&
        view.target.every((value, j) => Math.abs(value - MEAN[j]) <= 1e-9) &&
        distance(view.state, MEAN) <= 1e-6 * SCALE &&
        relay != null &&
        // the relay published a state that moved most of the way from its input to the mean
        distance(relay.state, MEAN) <= 1e-2 * SCALE
    }

    await until(settled, CONVERGE_TIMEOUT_MS, () => `convergence: view ${JSON.stringify(self.services.lvs.getState('drift'))}, relay entry ${JSON.stringify(tableEntry(self, 'drift', relayId ?? ''))}, relay states received ${JSON.stringify(published)}`)

    const view = self.services.lvs.getState('drift')
    expect(view.input).to.deep.equal(OWN_INPUT)
    expect(view.count).to.equal(2)
    expect(view.target[0]).to.be.closeTo(MEAN[0], 1e-9)
    expect(view.target[1]).to.be.closeTo(MEAN[1], 1e-9)
    expect(view.total[0]).to.be.closeTo(OWN_INPUT[0] + RELAY_INPUT[0], 1e-9)
    expect(view.total[1]).to.be.closeTo(OWN_INPUT[1] + RELAY_INPUT[1], 1e-9)
    expect(distance(view.state, MEAN)).to.be.at.most(1e-6 * SCALE)
    expect(self.services.lvs.peers('drift')).to.include(relayId)

    // the relay's entry: its own input, and the last state it published, which moved towards the mean
    const relay = tableEntry(self, 'drift', relayId ?? '')
    expect(relay).to.include({ status: 'live' })
    expect(relay?.input).to.deep.equal(RELAY_INPUT)
    expect(published.length).to.be.at.least(1)
    expect(published.map(sdm => sdm.input)).to.deep.equal(published.map(() => RELAY_INPUT))
    expect(relay?.state).to.deep.equal(published[published.length - 1].state)
    expect(distance(relay?.state ?? RELAY_INPUT, MEAN)).to.be.below(distance(RELAY_INPUT, MEAN))
  })
})
