import { shardTopic } from '@lvs/codec'
import { distance } from '@lvs/drift'
import type { LvsNode } from '@lvs/node'

/** A node that had not reached the equilibrium when the run gave up */
export interface Straggler {
  /** its index in the swarm (0 is everyone's bootstrap) */
  node: number
  /** its state's and its target's distance from the equilibrium, relative */
  error: number
  targetError: number
  /** entries in its table, of the swarm's nodes */
  entries: number
  /** entries whose input is not the one its node set */
  staleInputs: number
  /** peers it knows on the shard's gossipsub topic, and connections */
  topicPeers: number
  connections: number
}

export interface StragglerInit {
  nodes: LvsNode[]
  /** each node's input, in the order of `nodes` */
  inputs: number[][]
  equilibrium: number[]
  /** the inputs' spread: distances are relative to it */
  scale: number
  shard: string
  /** relative distance under which a node counts as exact */
  exact: number
}

/** The nodes furthest from the equilibrium, worst first (at most five), with what their tables lack */
export function findStragglers ({ nodes, inputs, equilibrium, scale, shard, exact }: StragglerInit): Straggler[] {
  const inputOf = new Map(nodes.map((node, i) => [node.peerId.toString(), inputs[i]]))

  return nodes.map((node, i) => {
    const view = node.services.lvs.getState(shard)
    const table = node.services.lvs.table(shard)

    return {
      node: i,
      error: distance(view.state, equilibrium) / scale,
      targetError: distance(view.target, equilibrium) / scale,
      entries: table.length,
      staleInputs: table.filter(entry => inputOf.has(entry.key) && distance(entry.input, inputOf.get(entry.key) as number[]) > 0).length,
      topicPeers: node.services.pubsub.getSubscribers(shardTopic(shard)).length,
      connections: node.getConnections().length
    }
  })
    .filter(straggler => straggler.error > exact || straggler.targetError > exact)
    .sort((a, b) => b.error - a.error)
    .slice(0, 5)
}

/** One line on a straggler, for a report */
export function describeStraggler (s: Straggler): string {
  return `node ${s.node}: error ${s.error.toExponential(1)}, target error ${s.targetError.toExponential(1)}, ${s.entries} entries (${s.staleInputs} with a stale input), ${s.topicPeers} topic peers, ${s.connections} connections`
}
