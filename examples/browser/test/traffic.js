// Measures what a tab of the demo spends: a relay and four tabs, the
// "traffic" row of each tab's panel (all libp2p traffic of its node over a
// one-minute window, KB = 1,024 bytes) read once a minute for five minutes
// after the tabs joined. Run it with `npm run traffic -w examples/browser`
// (after a build); it prints a table.
import { launchBrowser, startRelay, waitInPage } from './harness.js'

const INPUTS = [[-8, 6], [7, 7], [-5, -7], [8, -4]]
const MINUTES = Number(process.argv[2] ?? 5)

/** The panel's traffic row, in KB per minute, or undefined while it shows "-" */
async function panelTraffic (page) {
  return page.evaluate(() => {
    const terms = [...document.querySelectorAll('#stats dt')]
    const row = terms.find(dt => dt.textContent === 'traffic')
    const value = row?.nextElementSibling?.textContent ?? '-'
    return value === '-' ? undefined : Number.parseFloat(value)
  })
}

const relay = await startRelay(['--input', '0,1'])
const { browser, context } = await launchBrowser()

try {
  const pages = []

  for (const input of INPUTS) {
    const page = await context.newPage()
    await page.goto(`${relay.page}?input=${input.join(',')}`)
    pages.push(page)
  }

  const joined = Date.now()
  await waitInPage(pages[0], n => window.lvsDemo?.view()?.converged === true && window.lvsDemo.nodes() === n, INPUTS.length + 1, 120_000, 'the tabs and the relay to converge')
  console.log(`converged ${((Date.now() - joined) / 1000).toFixed(1)} s after the tabs opened`)
  console.log('| minute after joining | KB/min per tab (panel) |')
  console.log('| ---: | --- |')

  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise(resolve => setTimeout(resolve, joined + minute * 60_000 - Date.now()))
    const values = await Promise.all(pages.map(panelTraffic))
    console.log(`| ${minute} | ${values.map(v => v?.toFixed(1) ?? '-').join(', ')} |`)
  }
} finally {
  await browser.close()
  await relay.stop()
}
