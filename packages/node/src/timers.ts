/**
 * Waits `ms`, or less if `signal` aborts. The abort listener is removed
 * when the timer fires: a long-lived signal holds no listener per call
 */
export async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    return
  }

  await new Promise<void>(resolve => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Runs `task` once; what it throws goes to `onError` */
export async function attempt (task: () => Promise<void> | void, onError: (err: Error) => void): Promise<void> {
  try {
    await task()
  } catch (err: any) {
    onError(err instanceof Error ? err : new Error(String(err)))
  }
}

/**
 * Runs `task` every `ms` until `signal` aborts. A task that throws is
 * reported to `onError` and the loop goes on: nothing a task meets can stop
 * it
 */
export async function every (ms: number | (() => number), task: () => Promise<void> | void, signal: AbortSignal, onError: (err: Error) => void): Promise<void> {
  const wait = (): number => typeof ms === 'number' ? ms : ms()

  while (!signal.aborted) {
    await attempt(task, onError)

    await sleep(wait(), signal)
  }
}

/** How often a stretched wait looks at the stretch again, ms (a wait that grows is checked when it was due anyway) */
const RESTRETCH_MS = 10_000

/**
 * Runs `task` every `base() x stretch()` ms, each wait drawn between half
 * and one and a half of it, until `signal` aborts; the first run waits
 * too. The wait follows the stretch as it changes: a node that started in
 * a small swarm and finds itself in a large one does not keep the short
 * wait drawn at its start, so a swarm that forms over minutes is not
 * flooded by the records and beacons of its first nodes. A task that
 * throws is reported to `onError` and the loop goes on
 */
export async function everyStretched (base: () => number, stretch: () => number, task: () => Promise<void> | void, signal: AbortSignal, onError: (err: Error) => void): Promise<void> {
  while (!signal.aborted) {
    const jitter = 0.5 + Math.random()
    const since = Date.now()

    for (let left = base() * stretch() * jitter; left > 0 && !signal.aborted; left = since + base() * stretch() * jitter - Date.now()) {
      await sleep(Math.min(left, RESTRETCH_MS), signal)
    }

    if (signal.aborted) {
      return
    }

    await attempt(task, onError)
  }
}
