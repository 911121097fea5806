// `npm start`: runs the relay example once it exists (issue: relay and
// browser examples). Until then it says so and exits cleanly.
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'

const relay = new URL('../examples/relay/package.json', import.meta.url)

if (!existsSync(relay)) {
  console.log(`LVS: the relay example (examples/relay) is not yet available.
What works today:
  npm test              run every package's tests in Node and Chromium
  npm run bench:codec   codec throughput, written to BENCHMARKS.md
See README.md for the status of each feature.`)
  process.exit(0)
}

const child = spawn('npm', ['start', '--workspace', 'examples/relay', '--', ...process.argv.slice(2)], { stdio: 'inherit' })
child.on('exit', code => process.exit(code ?? 0))
