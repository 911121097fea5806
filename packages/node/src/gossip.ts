import { TopicValidatorResult } from '@libp2p/gossipsub'
import { BEACON_TOPIC, CodecError, ENTROPY_TOPIC, decodeBeacon, decodeEntropyPacket, decodeEvidence, decodeStateDiff, encodeEvidence, evidenceTopic, shardTopic } from '@lvs/codec'
import { envelopeOf, verifyEvidence } from './proof.ts'
import type { LvsConfig } from './config.ts'
import type { Reporter } from './reporter.ts'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import type { Evidence } from '@lvs/codec'
import type { Admission, ShardEngine } from '@lvs/engine'

type Signed = Extract<Message, { type: 'signed' }>

export interface GossipInit {
  pubsub: GossipSub
  engines: ReadonlyMap<string, ShardEngine>
  reporter: Reporter
  config: LvsConfig
  /** LVS message bytes sent and received */
  bytes: { sent: number, received: number }
  /** a valid, signed beacon or entropy packet arrived */
  onBeacon(message: Signed): void
  onEntropy(message: Signed): void
}

const VERDICTS = { accept: TopicValidatorResult.Accept, reject: TopicValidatorResult.Reject, ignore: TopicValidatorResult.Ignore } as const

/**
 * The node's gossipsub topics (docs/messages.md): per shard its SDMs and
 * its evidence, the entropy packets and the beacons. Every message is
 * checked by a topic validator before gossipsub forwards it: decoded with
 * the codec's limits, signed, and for SDMs and evidence admitted by the
 * shard's engine; Reject for what is provably bad (gossipsub scores the
 * peer down), Ignore for what is stale or too fast.
 */
export class Gossip {
  private readonly init: GossipInit
  private readonly topics: string[]
  private readonly onMessage = (evt: CustomEvent<Message>): void => { this.deliver(evt.detail) }

  constructor (init: GossipInit) {
    this.init = init
    this.topics = [...init.engines.keys()].flatMap(name => [shardTopic(name), evidenceTopic(name)]).concat(ENTROPY_TOPIC, BEACON_TOPIC)
  }

  subscribe (): void {
    const { pubsub, engines } = this.init

    for (const name of engines.keys()) {
      pubsub.topicValidators.set(shardTopic(name), (peer, message) => this.validateSdm(name, peer, message))
      pubsub.topicValidators.set(evidenceTopic(name), async (peer, message) => this.validateEvidence(name, peer, message))
    }

    pubsub.topicValidators.set(ENTROPY_TOPIC, (peer, message) => this.validateSimple(message, decodeEntropyPacket))
    pubsub.topicValidators.set(BEACON_TOPIC, (peer, message) => this.validateSimple(message, decodeBeacon))
    this.topics.forEach(topic => { pubsub.subscribe(topic) })
    pubsub.addEventListener('message', this.onMessage)
  }

  /** Leaves the topics; never throws (gossipsub may have stopped already) */
  unsubscribe (): void {
    const { pubsub } = this.init

    for (const topic of this.topics) {
      pubsub.topicValidators.delete(topic)

      try {
        pubsub.unsubscribe(topic)
      } catch {
        // gossipsub is already stopped
      }
    }

    pubsub.removeEventListener('message', this.onMessage)
  }

  /** Publishes and counts the bytes; resolves to the peers it went to. A failure (no peer yet, gossipsub stopping) rejects for the caller to report */
  async publish (topic: string, bytes: Uint8Array): Promise<number> {
    this.init.bytes.sent += bytes.byteLength
    return (await this.init.pubsub.publish(topic, bytes)).recipients.length
  }

  async publishEvidence (shard: string, evidence: Evidence): Promise<void> {
    await this.publish(evidenceTopic(shard), encodeEvidence(evidence))
  }

  /** Whether the message arrives: the `loss` setting drops a share of them as a lossy network would; counts the ones kept */
  private arrived (message: Message): boolean {
    const loss = this.init.config.loss(message.topic)

    if (loss > 0 && Math.random() < loss) {
      return false
    }

    this.init.bytes.received += message.data.byteLength
    return true
  }

  private validateSdm (shard: string, peer: PeerId, message: Message): TopicValidatorResult {
    if (!this.arrived(message)) {
      return TopicValidatorResult.Ignore
    }

    const engine = this.init.engines.get(shard)
    const now = Date.now()

    if (engine == null || message.type !== 'signed') {
      return TopicValidatorResult.Reject
    }

    let admission: Admission

    try {
      admission = engine.receive({ origin: message.from.toString(), sdm: decodeStateDiff(message.data), proof: envelopeOf(message) }, peer.toString(), now)
    } catch (err) {
      if (!(err instanceof CodecError)) {
        this.init.reporter.error('validate', err)
        return TopicValidatorResult.Ignore
      }

      // bytes that do not decode: the forwarder's doing
      admission = engine.refuse(peer.toString(), now, 'malformed')
    }

    this.init.reporter.admission(shard, peer.toString(), admission, now)
    return VERDICTS[admission.verdict]
  }

  private async validateEvidence (shard: string, peer: PeerId, message: Message): Promise<TopicValidatorResult> {
    const engine = this.init.engines.get(shard)
    const now = Date.now()

    if (!this.arrived(message) || engine == null) {
      return TopicValidatorResult.Ignore
    }

    let admission: Admission

    try {
      const evidence = decodeEvidence(message.data)
      const signed = await verifyEvidence(evidence.messages, shard)
      admission = signed == null ? engine.refuse(peer.toString(), now, 'unproven') : engine.receiveEvidence(evidence, signed, peer.toString(), now)
    } catch (err) {
      if (!(err instanceof CodecError)) {
        this.init.reporter.error('validate', err)
        return TopicValidatorResult.Ignore
      }

      admission = engine.refuse(peer.toString(), now, 'malformed')
    }

    this.init.reporter.admission(shard, peer.toString(), admission, now, 'peer')
    // known evidence is not forwarded again; new and valid evidence is
    return VERDICTS[admission.verdict]
  }

  private validateSimple (message: Message, decode: (bytes: Uint8Array) => unknown): TopicValidatorResult {
    if (!this.arrived(message)) {
      return TopicValidatorResult.Ignore
    }

    try {
      decode(message.data)
      return message.type === 'signed' ? TopicValidatorResult.Accept : TopicValidatorResult.Reject
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  private deliver (message: Message): void {
    if (message.type !== 'signed') {
      return
    }

    try {
      if (message.topic === BEACON_TOPIC) {
        this.init.onBeacon(message)
      } else if (message.topic === ENTROPY_TOPIC) {
        this.init.onEntropy(message)
      }
    } catch (err) {
      this.init.reporter.error('deliver', err)
    }
  }
}
