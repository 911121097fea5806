import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { onLines } from './command-line.ts'
import type { ProcessSample } from './soak-sample.ts'

/** A node of the soak in a process of its own (soak-process.ts) */
export interface SoakChild {
  role: 'relay' | 'node'
  addr: string
  peerId: string
  input: number[]
  sample(): Promise<ProcessSample>
  stop(): Promise<void>
}

/** Starts the relay or the long-lived node in its own process; `dial` is an address to join */
export async function startChild (role: 'relay' | 'node', input: number[], dial?: string): Promise<SoakChild> {
  const script = [new URL('./soak-process.js', import.meta.url), new URL('../dist/src/soak-process.js', import.meta.url)].map(url => fileURLToPath(url)).find(path => existsSync(path))

  if (script == null) {
    throw new Error('soak-process.js is not built: run npm run build')
  }

  const child = spawn(process.execPath, ['--expose-gc', script, '--role', role, '--input', input.join(','), ...(dial == null ? [] : ['--dial', dial])], { stdio: ['pipe', 'pipe', 'inherit'] })
  const waiting: Array<{ resolve(value: any): void, reject(err: Error): void }> = []
  onLines(child.stdout, line => { waiting.shift()?.resolve(JSON.parse(line)) })
  // one listener for the whole life of the child: every answer still awaited fails with it
  const exited = new Promise(resolve => {
    child.once('exit', code => {
      waiting.splice(0).forEach(({ reject }) => { reject(new Error(`the soak's ${role} exited with ${code}`)) })
      resolve(code)
    })
  })
  const next = async <T>(): Promise<T> => new Promise<T>((resolve, reject) => { waiting.push({ resolve, reject }) })
  const started = await next<{ addr: string, peerId: string }>()

  return {
    role,
    ...started,
    input,
    async sample () {
      const reply = next<ProcessSample>()
      child.stdin.write(`${JSON.stringify({ sample: true })}\n`)
      return reply
    },
    async stop () {
      child.kill('SIGTERM')
      await exited
    }
  }
}
