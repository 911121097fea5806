/**
 * Fails any test during which a promise rejection went unhandled or an
 * exception went uncaught. test/node.ts imports this file first, so the
 * top-level hooks below are root hooks: they apply to every test of the
 * Node run (a `mochaHooks` export is not picked up through aegir).
 *
 * Without this file mocha swallows unhandled rejections: its own listener
 * re-emits one on `process` with itself removed, and with no other
 * listener nothing happens. With it, the test during which the rejection
 * surfaced fails, naming the error and its stack; one that surfaces
 * between tests fails the next test (saying after which test it came); one
 * that surfaces after the last test fails the root `after` hook, or, after
 * that, is printed and makes the process exit with code 1.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inspect } from 'node:util'
import { expect } from 'aegir/chai'

export interface Unhandled {
  kind: 'unhandledRejection' | 'uncaughtException'
  /** the rejection reason or the exception, as thrown */
  error: unknown
  /** the full title of the test running when it surfaced, or where else it surfaced */
  during: string
  /** set when a handler was attached to the rejected promise after Node had reported it */
  handledLater?: boolean
}

/** What surfaced since the last `takeUnhandled()` */
const recorded: Unhandled[] = []
/** mocha re-emits a rejection on `process` from its own listener, so ours hears it twice: once per promise */
const seen = new WeakSet<Promise<unknown>>()
const byPromise = new WeakMap<Promise<unknown>, Unhandled>()
/** where an error surfacing now is attributed */
let during = 'while the test files loaded'

function onRejection (reason: unknown, promise: Promise<unknown>): void {
  if (seen.has(promise)) {
    return
  }

  seen.add(promise)
  const record: Unhandled = { kind: 'unhandledRejection', error: reason, during }
  byPromise.set(promise, record)
  recorded.push(record)
}

function onRejectionHandled (promise: Promise<unknown>): void {
  const record = byPromise.get(promise)

  if (record != null) {
    // still a failure: without a listener Node (--unhandled-rejections=throw) would have crashed already
    record.handledLater = true
  }
}

function onException (error: unknown): void {
  recorded.push({ kind: 'uncaughtException', error, during })
}

/** Returns and forgets everything recorded so far */
export function takeUnhandled (): Unhandled[] {
  return recorded.splice(0, recorded.length)
}

/** The first line of an error, or of what a promise was rejected with */
function headline (error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : inspect(error, { breakLength: Infinity })
  return text.split('\n')[0].slice(0, 300)
}

/**
 * One error for what surfaced: its message names each error and where it
 * surfaced, its stack adds each error in full (stack, cause, properties)
 */
export function unhandledError (records: readonly Unhandled[]): Error {
  const summaries = records.map(record => `${record.kind} ${record.during}${record.handledLater === true ? ' (a handler was attached later)' : ''}: ${headline(record.error)}`)
  const message = records.length === 1
    ? `an unhandled error: ${summaries[0]}`
    : `${records.length} unhandled errors:\n${summaries.map((summary, i) => `${i + 1}. ${summary}`).join('\n')}`
  const error = new Error(message)
  error.stack = [message, ...records.map((record, i) => `--- ${i + 1}. the ${record.kind === 'uncaughtException' ? 'exception' : 'rejection reason'} in full:\n${inspect(record.error, { depth: 4 })}`)].join('\n')

  return error
}

/** Whether mocha already failed `test` with this very error (it fails the running test on an uncaught exception itself) */
function reportedBy (test: Mocha.Runnable | undefined, error: unknown): boolean {
  const err = (test as { err?: Error & { multiple?: unknown[] } } | undefined)?.err
  return err != null && (err === error || err.multiple?.includes(error) === true)
}

const listening = Symbol.for('lvs.test.harness')

if ((process as unknown as Record<symbol, boolean>)[listening] !== true) {
  (process as unknown as Record<symbol, boolean>)[listening] = true
  process.on('unhandledRejection', onRejection)
  process.on('rejectionHandled', onRejectionHandled)
  process.on('uncaughtException', onException)
  process.on('exit', () => {
    const left = takeUnhandled()

    if (left.length > 0) {
      process.stderr.write(`\n${unhandledError(left).stack}\n`)
      // mocha's own exit listener would set the exit code to its failure count afterwards
      process.exit(1)
    }
  })
}

before(function () {
  const left = takeUnhandled()
  during = 'before the first test'

  if (left.length > 0) {
    throw unhandledError(left)
  }
})

beforeEach(function () {
  const previous = recorded.length
  const title = this.currentTest?.fullTitle() ?? 'an unnamed test'

  // what surfaced since the last test ended is reported with this test, saying so
  for (const record of recorded.slice(0, previous)) {
    record.during = `${record.during} (reported with the next test, "${title}")`
  }

  during = `during "${title}"`
})

afterEach(async function () {
  const test = this.currentTest
  const title = test?.fullTitle() ?? 'an unnamed test'
  // a rejection is reported once the microtasks have run: let the test's last ones surface here
  await new Promise(resolve => setImmediate(resolve))
  during = `after "${title}" ended, between tests`
  const left = takeUnhandled().filter(record => !(record.kind === 'uncaughtException' && reportedBy(test, record.error)))

  if (left.length > 0) {
    // fails the test, not the hook (Hook#error): a failing root afterEach would stop the whole run
    const hook = this.test as Mocha.Hook | undefined
    hook?.error(unhandledError(left))
  }
})

after(async function () {
  await new Promise(resolve => setImmediate(resolve))
  during = 'after the last root hook (during shutdown)'
  const left = takeUnhandled()

  if (left.length > 0) {
    throw unhandledError(left)
  }
})

const CHILD = 'LVS_HARNESS_CHILD'

/** Runs mocha in a child process on a test file that imports this harness; resolves with its exit code and output */
async function runChild (source: string): Promise<{ code: number | null, output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lvs-harness-'))

  try {
    const file = join(dir, 'child.test.mjs')
    await writeFile(file, source)
    const mocha = fileURLToPath(new URL('../../../node_modules/mocha/bin/mocha.js', import.meta.url))
    const child = spawn(process.execPath, [mocha, '--ui', 'bdd', '--reporter', 'spec', '--no-color', '--timeout', '10000', file], {
      env: { ...process.env, [CHILD]: '1', NODE_OPTIONS: '--experimental-strip-types --experimental-transform-types --no-warnings' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', chunk => { output += String(chunk) })
    child.stderr.on('data', chunk => { output += String(chunk) })
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })

    return { code, output }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.env[CHILD] == null) {
  describe('the test harness', function () {
    this.timeout(30_000)

    // proves the recording: a rejection nobody handles reaches takeUnhandled (taken here, so this test passes)
    it('records a rejection nobody handles', async () => {
      const error = new Error('x')
      void Promise.reject(error)
      await new Promise(resolve => setImmediate(resolve))

      const taken = takeUnhandled()
      expect(taken).to.have.length(1)
      expect(taken[0]).to.include({ kind: 'unhandledRejection', error })
      expect(taken[0].during).to.include('records a rejection nobody handles')
    })

    // proves the uncaught path without mocha failing this test: mocha's own listener is set aside for the moment
    it('records an exception nobody catches', async () => {
      const others = process.listeners('uncaughtException').filter(listener => listener !== onException)
      others.forEach(listener => { process.off('uncaughtException', listener) })
      const error = new Error('thrown from a timer')

      try {
        setImmediate(() => { throw error })
        await new Promise(resolve => setTimeout(resolve, 20))
      } finally {
        others.forEach(listener => { process.on('uncaughtException', listener) })
      }

      const taken = takeUnhandled()
      expect(taken).to.have.length(1)
      expect(taken[0]).to.include({ kind: 'uncaughtException', error })
    })

    it('names each error, where it surfaced and its stack', () => {
      const error = new Error('lost')
      const reported = unhandledError([{ kind: 'unhandledRejection', error, during: 'during "a test"', handledLater: true }, { kind: 'uncaughtException', error: 'a string', during: 'between tests' }])

      expect(reported.message).to.equal('2 unhandled errors:\n1. unhandledRejection during "a test" (a handler was attached later): Error: lost\n2. uncaughtException between tests: \'a string\'')
      expect(reported.stack).to.include(error.stack)
      expect(reported.stack).to.include("'a string'")
    })

    // proves the hooks end to end, in a mocha run of its own: the test that leaks fails by name with the error's stack, the others pass
    it('fails the test that leaks a rejection or an exception, and only it', async () => {
      const harness = import.meta.url
      const { code, output } = await runChild(`
        import ${JSON.stringify(harness)}
        describe('child', () => {
          it('passes before', () => {})
          it('leaks a rejection', async () => {
            void Promise.reject(new Error('rejected on purpose'))
            await new Promise(resolve => setTimeout(resolve, 10))
          })
          // mocha itself fails a test on an uncaught exception (a callback test, so it does not finish twice)
          it('throws from a timer', done => {
            setTimeout(() => { throw new Error('thrown on purpose') }, 0)
          })
          it('passes after', () => {})
        })
      `)

      // mocha counts a test the afterEach fails as passing too (it had passed): the failures are what count
      expect(output).to.match(/2 failing/, output)
      expect(output, 'the tests that leak nothing do not fail').to.not.match(/\d\) child\s+passes/, output)
      expect(output).to.match(/\d\) child\s+leaks a rejection/, output)
      expect(output).to.include('an unhandled error: unhandledRejection during "child leaks a rejection": Error: rejected on purpose', output)
      expect(output).to.include('Error: rejected on purpose', output)
      expect(output).to.match(/at .*child\.test\.mjs/, output)
      expect(output).to.match(/\d\) child\s+throws from a timer/, output)
      expect(output).to.include('Error: thrown on purpose', output)
      expect(output, 'the exception is reported once, by mocha').to.not.include('uncaughtException during')
      expect(code).to.equal(2)
    })
  })
}
