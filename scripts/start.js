// `npm start`: builds what is not built yet (the packages and the browser
// demo, once, after a fresh clone and `npm install`), then runs the relay
// example, which serves the demo and prints its URL. Flags after `--` go to
// the relay: `npm start -- --help`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const missing = [
  ...readdirSync(`${root}packages`).map(name => `packages/${name}/dist/src/index.js`),
  'examples/browser/dist/index.html'
].filter(path => !existsSync(`${root}${path}`))

if (missing.length > 0) {
  console.log(`LVS: first start, building ${missing.length} missing part${missing.length === 1 ? '' : 's'} (npm run build, about a minute)...`)
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' })

  if (build.status !== 0) {
    console.error('LVS: the build failed (above); fix it, or run "npm run build" to see it again')
    process.exit(build.status ?? 1)
  }
}

const relay = spawn(process.execPath, [`${root}examples/relay/relay.js`, ...process.argv.slice(2)], { stdio: 'inherit' })

// the relay saves its state on SIGINT/SIGTERM: pass them on and wait for it
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => { relay.kill(signal) })
}

relay.on('exit', code => { process.exit(code ?? 0) })
