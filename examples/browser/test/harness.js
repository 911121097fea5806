// What the end-to-end tests and the screenshot script share: a relay
// process serving the built demo, and Debian's Chromium through
// playwright-core with the switches and permission WebRTC on loopback needs.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.js'

const RELAY = fileURLToPath(new URL('../../relay/relay.js', import.meta.url))
const BUILT = fileURLToPath(new URL('../dist/index.html', import.meta.url))

/**
 * Starts the relay example on free ports with its state in memory; resolves
 * once it printed its page URL
 *
 * @param {string[]} args - more relay flags
 */
export async function startRelay (args = []) {
  if (!existsSync(BUILT)) {
    throw new Error('the browser demo is not built: run "npm run build" first')
  }

  const child = spawn(process.execPath, [RELAY, '--http-port', '0', '--ws-port', '0', '--tcp-port', '0', '--data', '', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''

  const page = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`the relay printed no page URL in 30 s:\n${output}`)) }, 30_000)
    child.stdout.on('data', chunk => {
      output += chunk.toString()
      const match = output.match(/^page: (\S+)$/m)

      if (match != null) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.stderr.on('data', chunk => { output += chunk.toString() })
    child.on('exit', code => {
      clearTimeout(timer)
      reject(new Error(`the relay exited with ${code}:\n${output}`))
    })
  })

  return {
    page,
    output: () => output,
    async stop () {
      if (child.exitCode != null) {
        return
      }

      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))])
      child.kill('SIGKILL')
    }
  }
}

/** Debian's Chromium, headless, allowed to use WebRTC on loopback */
export async function launchBrowser () {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set LVS_CHROMIUM`)
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } })
  // without a media permission Chromium gathers no ICE candidate on loopback
  await context.grantPermissions(['microphone'])
  return { browser, context }
}

/**
 * Polls `check` in the page until it returns a truthy value
 *
 * @param {import('playwright-core').Page} page
 * @param {string | Function} check - a function run in the page
 * @param {unknown} arg - its argument
 * @param {number} ms - deadline
 * @param {string} what - what it waits for, for the error
 */
export async function waitInPage (page, check, arg, ms, what) {
  try {
    return await page.waitForFunction(check, arg, { timeout: ms, polling: 250 })
  } catch (err) {
    const seen = await page.evaluate(() => ({ view: window.lvsDemo?.view(), connections: window.lvsDemo?.connections(), error: window.lvsDemo?.error() })).catch(e => String(e))
    throw new Error(`timed out after ${ms} ms waiting for ${what}; the page saw ${JSON.stringify(seen)}`)
  }
}
