// `npm test` of the browser example: the end-to-end tests (mocha, Debian's
// Chromium through playwright-core); `node test/run.js screenshot` makes
// screenshot.png instead, `node test/run.js traffic` measures a tab's
// traffic. As root they run inside a network namespace that has only
// loopback, so WebRTC between the pages stays on 127.0.0.1; elsewhere they
// run as they are, with WebRTC on the machine's own address (the traffic
// still never leaves the machine).
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const here = fileURLToPath(new URL('.', import.meta.url))
const program = process.argv[2] === 'screenshot' || process.argv[2] === 'traffic'
  ? [process.execPath, `${here}${process.argv[2]}.js`, ...process.argv.slice(3)]
  : [process.execPath, require.resolve('mocha/bin/mocha.js'), '--timeout', '300000', '--exit', `${here}e2e.spec.js`, `${here}relays.spec.js`]

function namespaceProblem () {
  if (process.env.LVS_E2E_NETNS === '0') {
    return 'LVS_E2E_NETNS=0'
  }

  if (process.getuid?.() !== 0) {
    return 'not root'
  }

  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { encoding: 'utf8' })
  return probe.status === 0 ? undefined : `unshare -n failed: ${(probe.stderr ?? probe.error?.message ?? '').trim()}`
}

const problem = namespaceProblem()
const [command, ...args] = problem == null
  ? ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...program]
  : program

console.log(problem == null
  ? 'in a loopback-only network namespace'
  : `outside a network namespace (${problem}): WebRTC uses this machine's address`)

const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, LVS_E2E_NETNS_ACTIVE: problem == null ? '1' : '0' } })
child.on('exit', (code, signal) => { process.exit(code ?? (signal == null ? 1 : 128)) })
