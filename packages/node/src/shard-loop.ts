import { createNonce, encodeStateDiff, shardTopic } from '@lvs/codec'
import { signEnvelope } from './proof.ts'
import { sleep } from './timers.ts'
import type { EntropyPool } from './entropy-pool.ts'
import type { Gossip } from './gossip.ts'
import type { Reporter } from './reporter.ts'
import type { LvsEvents } from './types.ts'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { SdmContent, ShardEngine } from '@lvs/engine'

export interface ShardLoopInit {
  engine: ShardEngine
  dimension: number
  peerId: PeerId
  privateKey: PrivateKey
  entropy: EntropyPool
  gossip: Gossip
  reporter: Reporter
  emit<K extends keyof LvsEvents>(type: K, detail: LvsEvents[K]['detail']): void
  /** the state snapped to the target (recovery mode): the table deserves a resync */
  onRecovered(shard: string): void
  /** an SDM of this node reached at least one peer */
  onDelivered(shard: string): void
  log(format: string, ...args: any[]): void
}

/** After a cycle that failed, wait this long before the next, ms */
const AFTER_FAILURE_MS = 1_000

/**
 * Signs and publishes an SDM: gossipsub signs the copy it floods; the node
 * signs its own copy the same way and keeps it as its entry's proof, which
 * it serves to peers that sync
 */
async function publish (init: ShardLoopInit, sdm: SdmContent): Promise<void> {
  const topic = shardTopic(sdm.shardId)
  const bytes = encodeStateDiff({ ...sdm, nonce: createNonce() })
  const proof = await signEnvelope(init.privateKey, init.peerId, topic, bytes)
  init.engine.published({ origin: init.peerId.toString(), sdm, proof }, Date.now())
  // no peer subscribed yet is not a failure: the SDM is in the table, served by sync, and goes out again when a peer subscribes
  const recipients = await init.gossip.publish(topic, bytes).catch(err => { init.log('publish on %s failed - %e', sdm.shardId, err); return 0 })

  if (recipients > 0) {
    init.onDelivered(sdm.shardId)
  }
}

/**
 * The node's last SDM on the shard as it stops, marked leaving
 * (`ShardEngine.farewell`): its peers turn its entry dormant at once
 * instead of counting it live for a stretched liveness timeout. It waits
 * (half a second at most) until peers' guards take another SDM of this
 * node. Nothing when it never published on the shard
 */
export async function farewell (init: ShardLoopInit): Promise<void> {
  const last = init.engine.farewell(Date.now())

  if (last != null) {
    const wait = last.notBefore - Date.now()

    if (wait > 0) {
      // the node's signal has aborted: a plain timer
      await new Promise(resolve => setTimeout(resolve, wait))
    }

    await publish(init, last.sdm)
  }
}

/**
 * One shard's drift loop: a cycle of the engine at the interval it asks
 * for, its SDM published when one is due, events for each cycle. Nothing
 * a cycle meets can stop the loop: a failure is reported (`error` event)
 * and the loop goes on.
 */
export async function runShardLoop (init: ShardLoopInit, signal: AbortSignal): Promise<void> {
  const { engine } = init

  while (!signal.aborted) {
    let interval = AFTER_FAILURE_MS

    try {
      const outcome = engine.cycle(Date.now(), init.entropy.mix(init.dimension))
      interval = outcome.interval

      if (outcome.publish != null) {
        await publish(init, outcome.publish)
      }

      const view = engine.view()
      init.emit('cycle', { shard: engine.name, cycle: view.cycle, state: view.state, target: view.target, interval: outcome.interval })

      if (outcome.recovered) {
        init.reporter.recovery(engine.name, Date.now())
        init.emit('recovery', { shard: engine.name, state: view.state, target: view.target })
        init.onRecovered(engine.name)
      }

      if (outcome.converged) {
        init.emit('converged', view)
      }
    } catch (err) {
      init.reporter.error('cycle', err)
    }

    await sleep(interval, signal)
  }
}
