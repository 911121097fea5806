// Runs the relay program as an operator does, for the tests
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const RELAY = fileURLToPath(new URL('../relay.js', import.meta.url))
export const FREE_PORTS = ['--http-port', '0', '--ws-port', '0', '--tcp-port', '0', '--quiet']

/** Runs the relay until it printed its page (as text, or in its `start` event with --log json), or until it exits */
export function start (args) {
  const child = spawn(process.execPath, [RELAY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let stdout = ''
  child.stdout.on('data', chunk => { output += chunk.toString(); stdout += chunk.toString() })
  child.stderr.on('data', chunk => { output += chunk.toString() })
  const exited = new Promise(resolve => child.on('exit', code => { resolve(code) }))
  const ready = new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const page = output.match(/^page: (\S+)$/m)?.[1] ?? output.match(/^\{"time":"[^"]+","event":"start",.*"page":"([^"]+)"/m)?.[1]

      if (page != null && (/^state: /m.test(output) || output.includes('"event":"start"'))) {
        clearInterval(timer)
        resolve(page)
      }
    }, 50)
    void exited.then(code => {
      clearInterval(timer)
      reject(new Error(`exited with ${code}: ${output}`))
    })
  })

  return {
    ready,
    exited,
    /** stdout and stderr as they came */
    output: () => output,
    stdout: () => stdout,
    async stop () {
      child.kill('SIGTERM')
      return exited
    }
  }
}
