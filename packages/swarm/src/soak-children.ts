import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { onLines } from './command-line.ts'
import type { NodeCheck } from './soak-node-check.ts'
import type { ProcessSample } from './soak-sample.ts'

/** The relay, the long-lived node, or one of the churning nodes */
export type SoakRole = 'relay' | 'node' | 'churn'

/** A node of the soak in a process of its own (soak-process.ts) */
export interface SoakChild {
  role: SoakRole
  addr: string
  peerId: string
  input: number[]
  sample(): Promise<ProcessSample>
  /** what the soak's final checks read of the node */
  check(): Promise<NodeCheck>
  /** writes a V8 heap snapshot of its process to `path` */
  snapshot(path: string): Promise<void>
  /** whether its process ended without being asked to */
  crashed(): boolean
  stop(): Promise<void>
}

/**
 * Starts a node of the soak in its own process; `dial`: the addresses it
 * joins through; `bounds`: minutes its time bounds are shortened to (0:
 * the defaults)
 */
export async function startChild (role: SoakRole, input: number[], dial: string[] = [], bounds = 0): Promise<SoakChild> {
  const script = [new URL('./soak-process.js', import.meta.url), new URL('../dist/src/soak-process.js', import.meta.url)].map(url => fileURLToPath(url)).find(path => existsSync(path))

  if (script == null) {
    throw new Error('soak-process.js is not built: run npm run build')
  }

  const child = spawn(process.execPath, ['--expose-gc', script, '--role', role, '--input', input.join(','), ...(dial.length === 0 ? [] : ['--dial', dial.join(',')]), ...(bounds > 0 ? ['--bounds', String(bounds)] : [])], { stdio: ['pipe', 'pipe', 'inherit'] })
  let stopping = false
  let exited = false
  // a question to a process that has just ended must not end this one (EPIPE): its answer fails instead
  child.stdin.on('error', () => {})
  const waiting: Array<{ resolve(value: any): void, reject(err: Error): void }> = []
  onLines(child.stdout, line => { waiting.shift()?.resolve(JSON.parse(line)) })
  // one listener for the whole life of the child: every answer still awaited fails with it
  const ended = new Promise(resolve => {
    child.once('exit', code => {
      exited = true
      waiting.splice(0).forEach(({ reject }) => { reject(new Error(`the soak's ${role} exited with ${code}`)) })
      resolve(code)
    })
  })
  const next = async <T>(): Promise<T> => new Promise<T>((resolve, reject) => { waiting.push({ resolve, reject }) })
  const ask = async <T>(request: object): Promise<T> => {
    const reply = next<T>()
    child.stdin.write(`${JSON.stringify(request)}\n`)
    return reply
  }
  const started = await next<{ addr: string, peerId: string }>()

  return {
    role,
    ...started,
    input,
    async sample () {
      return ask<ProcessSample>({ sample: true })
    },
    async check () {
      return ask<NodeCheck>({ check: true })
    },
    async snapshot (path: string) {
      await ask({ snapshot: path })
    },
    crashed: () => exited && !stopping,
    async stop () {
      stopping = true
      child.kill('SIGTERM')
      // a node that does not stop within 20 s is killed
      const kill = setTimeout(() => { child.kill('SIGKILL') }, 20_000)
      await ended
      clearTimeout(kill)
    }
  }
}
