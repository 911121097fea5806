/**
 * A libp2p component factory whose `beforeStop` and `stop` never throw.
 * When libp2p's start fails it stops every component, and one that throws
 * because another never started hides the start's own error from the
 * caller: pubsub peer discovery's `beforeStop` throws "Pubsub is not
 * started" when gossipsub did not start, and the caller saw that instead
 * of why the start failed.
 */
export function quietStop <T> (factory: (components: any) => T, onError: (err: unknown) => void = () => {}): (components: any) => T {
  return components => {
    const made = factory(components) as Record<string, unknown>

    for (const method of ['beforeStop', 'stop']) {
      const original = made[method]

      if (typeof original === 'function') {
        made[method] = async (...args: unknown[]) => {
          try {
            await original.apply(made, args)
          } catch (err) {
            onError(err)
          }
        }
      }
    }

    return made as T
  }
}
