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

/**
 * Runs `task` every `ms` until `signal` aborts. A task that throws is
 * reported to `onError` and the loop goes on: nothing a task meets can stop
 * it
 */
export async function every (ms: number | (() => number), task: () => Promise<void> | void, signal: AbortSignal, onError: (err: Error) => void, delayFirst = false): Promise<void> {
  const wait = (): number => typeof ms === 'number' ? ms : ms()

  if (delayFirst) {
    await sleep(wait(), signal)
  }

  while (!signal.aborted) {
    try {
      await task()
    } catch (err: any) {
      onError(err instanceof Error ? err : new Error(String(err)))
    }

    await sleep(wait(), signal)
  }
}
