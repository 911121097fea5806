/** Waits until `condition` holds, polling every 100 ms; throws naming `what` after `ms` */
export async function until (condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }

    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
