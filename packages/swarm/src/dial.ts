import type { LvsNode } from '@lvs/node'

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Dials a node until connected: the bootstrap module may be dialling it at
 * the same moment, and a fresh listener now and then resets a connect
 */
export async function connect (node: LvsNode, to: LvsNode, addrs: Parameters<LvsNode['dial']>[0]): Promise<void> {
  if (node.getConnections(to.peerId).length === 0) {
    await dialRetrying(node, addrs)
  }
}

/** Dials `addrs` as a joining node would: five tries, each 10 s at most, waiting a little longer after each failure */
export async function dialRetrying (node: LvsNode, addrs: Parameters<LvsNode['dial']>[0]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await node.dial(addrs, { signal: AbortSignal.timeout(10_000) })
      return
    } catch (err) {
      if (attempt >= 5) {
        throw err
      }

      await sleep(200 * attempt)
    }
  }
}
