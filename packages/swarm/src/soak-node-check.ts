import { SOAK_SHARD } from './soak-sample.ts'
import type { LvsNode } from '@lvs/node'

/** What the soak's final checks read of one honest node, in whatever process it runs */
export interface NodeCheck {
  peerId: string
  /** libp2p's status: anything but 'started' is a crash */
  status: string
  target: number[]
  state: number[]
  total: number[]
  /** entries counted in the target */
  count: number
  /** every table entry: its key and status */
  held: Array<[key: string, status: string]>
  /** whether any table entry holds a negative input (the soak's shard is nonNegative) */
  negative: boolean
  /** whether its audit log verifies, and its length */
  audit: { ok: boolean, length: number }
  /** quarantine events it has emitted */
  quarantines: number
}

/** Counts a node's quarantine events from now on; `check()` reads the node for the soak's final checks */
export function watchNode (node: LvsNode): { check(): Promise<NodeCheck> } {
  let quarantines = 0
  node.services.lvs.addEventListener('quarantine', () => { quarantines++ })

  return {
    async check () {
      const view = node.services.lvs.getState(SOAK_SHARD.name)
      const table = node.services.lvs.table(SOAK_SHARD.name)
      const audit = await node.services.lvs.auditLog()

      return {
        peerId: node.peerId.toString(),
        status: node.status,
        target: view.target,
        state: view.state,
        total: view.total,
        count: view.count,
        held: table.map(entry => [entry.key, entry.status]),
        negative: table.some(entry => entry.input.some(v => v < 0)),
        audit: { ok: audit.verdict.ok, length: audit.length },
        quarantines
      }
    }
  }
}
