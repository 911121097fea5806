import { distance, target } from '@lvs/drift'
import { createLvsNode } from '@lvs/node'
import { connect } from './dial.ts'
import { totalBytes } from './swarm-traffic.ts'
import type { LvsNode } from '@lvs/node'
import type { Multiaddr } from '@multiformats/multiaddr'

/** What one node joining a converged swarm cost, and how long it took */
export interface JoinResult {
  /** from starting the node to its target being the exact equilibrium of every input, its own included */
  secondsToTarget: number | null
  /** from starting the node until every node, it and the others, holds that exact target and its state is there too */
  secondsToConverged: number | null
  /** all libp2p traffic of the joining node (sent + received) until `secondsToConverged` (or the limit) */
  bytes: number
  /** the same for each of the others, on average: what the join cost the swarm */
  othersBytesPerNode: number
}

export interface JoinOptions {
  /** the converged swarm; the first is the joiner's bootstrap */
  nodes: LvsNode[]
  /** every node's input, in the order of `nodes` */
  inputs: number[][]
  /** the joiner's input */
  input: number[]
  shard: string
  /** the swarm's own options, for the joiner */
  init: NonNullable<Parameters<typeof createLvsNode>[0]>
  bootstrap: Multiaddr[]
  trim: number
  /** relative to the inputs' spread */
  exact: number
  scale: number
  limitSeconds: number
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Starts one more node with `input` beside a converged swarm, as a node
 * joining would (bootstrap, dial, sync), and measures the seconds and the
 * bytes until it and every other node hold the new exact equilibrium. The
 * joiner is left running for the caller to stop
 */
export async function measureJoin (o: JoinOptions): Promise<{ result: JoinResult, joiner: LvsNode }> {
  const othersBefore = totalBytes(o.nodes).both
  const started = Date.now()
  const joiner = await createLvsNode({ ...o.init, bootstrap: o.bootstrap.map(String), inputs: { [o.shard]: o.input } })
  await connect(joiner, o.nodes[0], o.bootstrap)
  const all = [...o.nodes, joiner]
  const equilibrium = target(all.map((node, i) => ({ key: node.peerId.toString(), input: [...o.inputs, o.input][i] })), new Map(), { trim: o.trim })
  const exact = (vector: number[]): boolean => distance(vector, equilibrium) <= o.exact * o.scale
  let secondsToTarget: number | null = null
  let secondsToConverged: number | null = null

  while (Date.now() - started < o.limitSeconds * 1000) {
    const own = joiner.services.lvs.getState(o.shard)

    if (secondsToTarget == null && exact(own.target)) {
      secondsToTarget = (Date.now() - started) / 1000
    }

    if (all.every(node => { const view = node.services.lvs.getState(o.shard); return exact(view.target) && exact(view.state) })) {
      secondsToConverged = (Date.now() - started) / 1000
      break
    }

    await sleep(100)
  }

  const traffic = joiner.services.lvs.traffic()

  return {
    result: { secondsToTarget, secondsToConverged, bytes: traffic.sent + traffic.received, othersBytesPerNode: (totalBytes(o.nodes).both - othersBefore) / o.nodes.length },
    joiner
  }
}
