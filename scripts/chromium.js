// Points playwright (used by aegir's browser tests and the end-to-end tests)
// at Debian's Chromium instead of a downloaded build: no browser download
// works on the machines this project is built on (see README, "Testing").
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export const CHROMIUM_PATH = process.env.LVS_CHROMIUM ?? '/usr/bin/chromium'

// switches that keep Chromium off every network but the loopback one
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection'
]

/**
 * Makes playwright believe its headless shell is installed, so it does not
 * try to download one, and returns the browser context options that launch
 * Debian's Chromium instead.
 */
export function useSystemChromium () {
  if (!existsSync(CHROMIUM_PATH)) {
    // only browser tests need it: building and Node tests go on without it
    process.emitWarning(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get install -y chromium" or set LVS_CHROMIUM`)
  }

  // browsers.json is not in playwright-core's exports: find the package folder
  const require = createRequire(join(root, 'package.json'))
  const browsersJson = join(dirname(require.resolve('playwright-core/package.json')), 'browsers.json')
  const { browsers } = JSON.parse(readFileSync(browsersJson, 'utf8'))
  const browsersPath = join(root, 'node_modules', '.cache', 'lvs-playwright')

  for (const name of ['chromium', 'chromium-headless-shell']) {
    const browser = browsers.find(b => b.name === name)
    const dir = join(browsersPath, `${name.replaceAll('-', '_')}-${browser.revision}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'INSTALLATION_COMPLETE'), '')
  }

  process.env.PLAYWRIGHT_BROWSERS_PATH = browsersPath

  return {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS
  }
}
