// Makes examples/browser/screenshot.png: a relay and four tabs whose inputs
// lie apart, photographed from the first tab while they converge.
// Run it with `npm run screenshot -w examples/browser` (after a build).
import { fileURLToPath } from 'node:url'
import { launchBrowser, startRelay, waitInPage } from './harness.js'

const OUT = process.argv[2] ?? fileURLToPath(new URL('../screenshot.png', import.meta.url))
const INPUTS = [[-8, 6], [7, 7], [-5, -7], [8, -4]]

const relay = await startRelay(['--input', '0,1'])
const { browser, context } = await launchBrowser()

try {
  const pages = []

  for (const input of INPUTS.slice(0, 3)) {
    const page = await context.newPage()
    await page.goto(`${relay.page}?input=${input.join(',')}`)
    pages.push(page)
  }

  await waitInPage(pages[0], () => window.lvsDemo?.view()?.converged === true && window.lvsDemo.nodes() === 4, null, 60_000, 'three tabs and the relay to converge')
  // a fourth tab joins from far away: the others drift towards the new equilibrium
  const late = await context.newPage()
  await late.goto(`${relay.page}?input=${INPUTS[3].join(',')}`)
  await waitInPage(pages[0], () => window.lvsDemo.nodes() === 5 && window.lvsDemo.view().spread > 0.5, null, 60_000, 'the fourth tab to arrive')
  await pages[0].bringToFront()
  // half way: the dots have left their places and not yet met
  const arrived = await pages[0].evaluate(() => window.lvsDemo.view().spread)
  await waitInPage(pages[0], limit => window.lvsDemo.view().spread <= limit, arrived * 0.6, 30_000, 'the spread to shrink')
  await pages[0].screenshot({ path: OUT })
  console.log(`wrote ${OUT}`)
} finally {
  await browser.close()
  await relay.stop()
}
