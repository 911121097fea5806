// The browser demo across relays: two relays, the second bootstrapped to
// the first, a Node node on the second only. A page given the first relay
// alone converges with that node; a page that finds both relays in
// /relay.json keeps converging when the relay that served it stops.
import { createLvsNode } from '@lvs/node'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'aegir/chai'
import { launchBrowser, startRelay, waitInPage } from './harness.js'

const INPUTS = { relayA: [3, -3], relayB: [-5, 1], node: [7, 7], node2: [-9, 4], page1: [-6, 2], page2: [4, 8] }
const CONVERGE_MS = 120_000

/** the page's node has the exact mean of `expected.inputs` as its target (every entry counts, dormant ones too) */
function targetAt (expected) {
  const view = window.lvsDemo?.view()
  const mean = [0, 1].map(j => expected.inputs.reduce((sum, input) => sum + input[j], 0) / expected.inputs.length)
  return view != null && view.count === expected.inputs.length && view.target.every((value, j) => Math.abs(value - mean[j]) <= 1e-9 * 20)
}

async function relayInfo (relay) {
  return (await fetch(new URL('/relay.json', relay.page))).json()
}

async function until (condition, ms, what) {
  const deadline = Date.now() + ms

  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }

    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

describe('the browser demo across two relays', function () {
  let relayA
  let relayB
  let node
  let browser
  let context

  before(async function () {
    relayA = await startRelay([`--input=${INPUTS.relayA.join(',')}`])
    const a = await relayInfo(relayA)
    const tcpA = a.multiaddrs.find(ma => ma.includes('/tcp/') && !ma.includes('/ws'))
    relayB = await startRelay([`--input=${INPUTS.relayB.join(',')}`, '--bootstrap', tcpA])
    const b = await relayInfo(relayB)
    // relay A lists B among its relays once B identified itself: a page served by A learns of B there
    await until(async () => (await relayInfo(relayA)).relays.some(relay => relay.peerId === b.peerId), 30_000, 'relay A to list relay B')

    node = await createLvsNode({ listen: ['/ip4/127.0.0.1/tcp/0'], inputs: { drift: INPUTS.node }, lowPower: false })
    await node.dial(multiaddr(b.multiaddrs.find(ma => ma.includes('/tcp/') && !ma.includes('/ws'))))
    ;({ browser, context } = await launchBrowser())
  })

  after(async function () {
    await browser?.close()
    await node?.stop()
    await relayB?.stop()
    await relayA?.stop()
  })

  it('a page given relay A alone converges with a node attached to relay B', async () => {
    const { websockets } = await relayInfo(relayA)
    const page = await context.newPage()
    await page.goto(`${relayA.page}?relay=${encodeURIComponent(websockets)}&input=${INPUTS.page1.join(',')}`)

    await waitInPage(page, targetAt, { inputs: [INPUTS.relayA, INPUTS.relayB, INPUTS.node, INPUTS.page1] }, CONVERGE_MS, 'the mean of both relays, the node on B and the page')
    // told of relay A only (the page may still meet B later, through peer discovery)
    expect(await page.evaluate(() => window.lvsDemo.relays())).to.deep.equal([websockets])
  })

  it('a page served by relay A dials both relays, and keeps converging through B when A stops', async () => {
    const [a, b] = [await relayInfo(relayA), await relayInfo(relayB)]
    const page = await context.newPage()
    await page.goto(`${relayA.page}?input=${INPUTS.page2.join(',')}`)

    await waitInPage(page, ids => ids.every(id => window.lvsDemo.connections().some(c => c.peer === id)), [a.peerId, b.peerId], CONVERGE_MS, 'connections to both relays')
    expect(await page.evaluate(() => window.lvsDemo.relays())).to.have.lengthOf(2)
    const everyone = [INPUTS.relayA, INPUTS.relayB, INPUTS.node, INPUTS.page1, INPUTS.page2]
    await waitInPage(page, targetAt, { inputs: everyone }, CONVERGE_MS, 'the mean of all five')

    await relayA.stop()
    node.services.lvs.setInput('drift', INPUTS.node2)

    // relay A's entry and page 1's stay counted (dormant once silent); the node's new input arrives through B
    await waitInPage(page, targetAt, { inputs: [INPUTS.relayA, INPUTS.relayB, INPUTS.node2, INPUTS.page1, INPUTS.page2] }, CONVERGE_MS, 'the new mean, with relay A gone')
    const state = await page.evaluate(() => ({ running: window.lvsDemo.running(), error: window.lvsDemo.error(), peers: window.lvsDemo.connections().map(c => c.peer) }))
    expect(state).to.deep.include({ running: true, error: undefined })
    expect(state.peers).to.include(b.peerId).and.not.include(a.peerId)
  })
})
