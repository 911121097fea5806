// The browser demo as a user meets it: a relay serving the page, two tabs
// that meet directly over WebRTC and drift to the mean of every input, a
// drag that moves the equilibrium, a tab closed while the other runs on.
import { expect } from 'aegir/chai'
import { launchBrowser, startRelay, waitInPage } from './harness.js'

const RELAY_INPUT = [3, -3]
const INPUT_A = [-6, 2]
const INPUT_B = [4, 8]
const CONVERGE_MS = 90_000
const CONNECT_MS = 60_000

function mean (inputs) {
  return [0, 1].map(j => inputs.reduce((sum, input) => sum + input[j], 0) / inputs.length)
}

/** the page's node has the exact mean of `inputs` as its target, and its state is there within 1e-6 of their spread */
function settledAt (expected) {
  const view = window.lvsDemo?.view()
  const scale = Math.max(...[0, 1].map(j => Math.abs(expected.spread[j])))

  return view != null &&
    view.count === expected.count &&
    view.target.every((value, j) => Math.abs(value - expected.mean[j]) <= 1e-9 * scale) &&
    Math.hypot(view.state[0] - expected.mean[0], view.state[1] - expected.mean[1]) <= 1e-6 * scale
}

function spread (inputs) {
  return [0, 1].map(j => Math.max(...inputs.map(v => v[j])) - Math.min(...inputs.map(v => v[j])))
}

describe('the browser demo, two tabs and a relay', function () {
  let relay
  let browser
  let context
  let pageA
  let pageB
  let peerB

  before(async function () {
    relay = await startRelay(['--input', RELAY_INPUT.join(',')])
    ;({ browser, context } = await launchBrowser())
    pageA = await context.newPage()
    pageB = await context.newPage()
    await pageA.goto(`${relay.page}?input=${INPUT_A.join(',')}`)
    await pageB.goto(`${relay.page}?input=${INPUT_B.join(',')}`)
  })

  after(async function () {
    await browser?.close()
    await relay?.stop()
  })

  it('serves the page and its relay address', async () => {
    const info = await (await fetch(new URL('/relay.json', relay.page))).json()
    expect(info.websockets).to.match(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\//)
    expect(await pageA.title()).to.include('LVS')
  })

  it('connects the two pages directly over WebRTC', async () => {
    const [a, b] = await Promise.all([pageA, pageB].map(async page => {
      await waitInPage(page, () => window.lvsDemo?.peerId() != null, null, CONNECT_MS, 'the node to start')
      return page.evaluate(() => window.lvsDemo.peerId())
    }))

    for (const [page, other] of [[pageA, b], [pageB, a]]) {
      await waitInPage(page, peer => window.lvsDemo.connections().some(c => c.peer === peer && c.direct), other, CONNECT_MS, `a direct WebRTC connection to ${other}`)
      const connection = (await page.evaluate(() => window.lvsDemo.connections())).find(c => c.peer === other && c.direct)
      expect(connection.addr).to.include('/webrtc')
      expect(connection.limited).to.be.false()
    }
  })

  it('brings both pages to the exact mean of the three inputs (the two pages and the relay)', async () => {
    const inputs = [RELAY_INPUT, INPUT_A, INPUT_B]
    const expected = { mean: mean(inputs), spread: spread(inputs), count: 3 }

    for (const page of [pageA, pageB]) {
      await waitInPage(page, settledAt, expected, CONVERGE_MS, `convergence to ${expected.mean}`)
    }
  })

  it('moves both pages to the new equilibrium when the user drags page A\'s dot', async () => {
    const from = await pageA.evaluate(() => window.lvsDemo.dotPosition())
    expect(from, 'page A draws its own dot').to.not.be.undefined()

    await pageA.mouse.move(from.x, from.y)
    await pageA.mouse.down()
    await pageA.mouse.move(from.x + 120, from.y - 90, { steps: 8 })
    await pageA.mouse.up()

    const dragged = await pageA.evaluate(() => window.lvsDemo.input())
    const view = await pageA.evaluate(() => window.lvsDemo.view())
    expect(dragged).to.not.deep.equal(INPUT_A)
    expect(view.input).to.deep.equal(dragged)
    // right and up on the canvas: both coordinates grew
    expect(dragged[0]).to.be.above(view.state[0])
    expect(dragged[1]).to.be.above(view.state[1])

    const inputs = [RELAY_INPUT, dragged, INPUT_B]
    const expected = { mean: mean(inputs), spread: spread(inputs), count: 3 }

    for (const page of [pageA, pageB]) {
      await waitInPage(page, settledAt, expected, CONVERGE_MS, `convergence to the new mean ${expected.mean}`)
    }
  })

  it('draws the nodes on the canvas (a screenshot that is not blank)', async () => {
    const shot = await pageA.locator('#scene').screenshot({ path: process.env.LVS_E2E_SCREENSHOT })
    expect(shot.byteLength).to.be.above(5000)

    // the canvas itself: pixels that are not background, of more than a few colours
    const painted = await pageA.evaluate(() => {
      const canvas = document.getElementById('scene')
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
      const colours = new Set()
      let inked = 0

      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) {
          inked++
          colours.add((data[i] >> 4) << 8 | (data[i + 1] >> 4) << 4 | (data[i + 2] >> 4))
        }
      }

      return { inked, colours: colours.size, pixels: data.length / 4 }
    })
    expect(painted.inked).to.be.above(1000)
    expect(painted.colours).to.be.above(10)
  })

  it('keeps page A running when page B closes', async () => {
    const b = peerB = await pageB.evaluate(() => window.lvsDemo.peerId())
    // B has been converged for longer than the 5 s between writes: closing it, without stop, loses nothing
    await pageB.close()
    const before = await pageA.evaluate(() => window.lvsDemo.view().cycles)

    await waitInPage(pageA, peer => !window.lvsDemo.connections().some(c => c.peer === peer), b, CONNECT_MS, 'the connection to the closed page to go')
    await waitInPage(pageA, n => window.lvsDemo.view().cycles > n, before, CONNECT_MS, 'more cycles after the other page closed')

    const state = await pageA.evaluate(() => ({ running: window.lvsDemo.running(), error: window.lvsDemo.error(), view: window.lvsDemo.view() }))
    expect(state.running).to.be.true()
    expect(state.error).to.be.undefined()
    expect(state.view.state.every(Number.isFinite)).to.be.true()
  })

  it('a page closed without stop and opened again finds its identity, input and table in IndexedDB before it hears any peer', async () => {
    const reopened = await context.newPage()
    // no ?input=: the input comes from the tab's datastore
    await reopened.goto(relay.page)
    await waitInPage(reopened, () => window.lvsDemo?.peerId() != null, null, CONNECT_MS, 'the node to start')

    const state = await reopened.evaluate(() => ({ peerId: window.lvsDemo.peerId(), slot: window.lvsDemo.slot(), restored: window.lvsDemo.restored(), input: window.lvsDemo.view().input }))
    expect(state.peerId, 'the slot B left, and its key').to.equal(peerB)
    expect(state.slot).to.equal(1)
    expect(state.restored, 'the three entries B held: the relay, page A and itself').to.equal(3)
    expect(state.input).to.deep.equal(INPUT_B)
  })
})
