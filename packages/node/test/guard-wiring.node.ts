/**
 * The guard wired end to end: real lvs() nodes over TCP on 127.0.0.1, and
 * an attacker that is a plain js-libp2p peer (gossipsub with its default
 * StrictSign policy, messages written with protobufjs from the codec's
 * .proto): it imports nothing of LVS, so what it sends is only what the
 * wire allows.
 */
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { lpStream } from '@libp2p/utils'
import { expect } from 'aegir/chai'
import { Registry } from 'prom-client'
import { createLvsNode } from '../src/index.ts'
import { EVIDENCE_TOPIC, SHARD, SHARD_TOPIC, StateDiff, SYNC_PROTOCOL, SyncRequest, SyncResponse, createPlainPeer as createAttacker, evidence, sdm } from './plain-peer.ts'
import { until } from './util.ts'
import type { PlainPeer as Attacker } from './plain-peer.ts'
import type { EvidenceEvent, GuardEvent, LvsNode } from '../src/index.ts'

/** The guard's evidence kinds (the codec's Evidence.kind) */
const OUT_OF_BOUNDS = 1
const EQUIVOCATION = 3

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}

/** Waits until `attacker` knows that each node is subscribed to each topic (else gossipsub would send them nothing) */
async function knows (attacker: Attacker, nodes: LvsNode[], topics: string[]): Promise<void> {
  await until(() => topics.every(topic => nodes.every(node => attacker.services.pubsub.getSubscribers(topic).some(peer => peer.equals(node.peerId)))), 20_000, 'the attacker to see the honest subscriptions')
}

/** Waits until `hub` has each node in its mesh of each topic, so it forwards what it accepts to them */
async function meshed (hub: LvsNode, nodes: LvsNode[], topics: string[]): Promise<void> {
  // getMeshPeers is a method of gossipsub's class, not of its GossipSub interface
  const pubsub = hub.services.pubsub as unknown as { getMeshPeers(topic: string): string[] }
  await until(() => topics.every(topic => nodes.every(node => pubsub.getMeshPeers(topic).includes(node.peerId.toString()))), 20_000, 'the honest mesh to form')
}

function entryOf (node: LvsNode, key: string): { status: string, weight: number, input: number[] } | undefined {
  return node.services.lvs.table(SHARD).find(entry => entry.key === key)
}

describe('the guard wired end to end, against a plain js-libp2p attacker', function () {
  this.timeout(60_000)
  let nodes: LvsNode[] = []
  let attacker: Attacker | undefined

  afterEach(async () => {
    await Promise.all([...nodes, ...(attacker == null ? [] : [attacker])].map(async node => node.stop()))
    nodes = []
    attacker = undefined
  })

  async function honest (inputs: number[][], options: Parameters<typeof createLvsNode>[0] = {}): Promise<LvsNode[]> {
    const made = await Promise.all(inputs.map(async input => createLvsNode({ ...options, inputs: { [SHARD]: input } })))
    nodes.push(...made)
    return made
  }

  // Proves: an equivocation seen by one node only (A) condemns the signer on every node; B and C never see the second SDM
  // (A rejects it, so gossipsub does not forward it) and exclude the attacker only because A's evidence reached them and
  // checked out; then all replicas hold the same table and evidence and compute bit-identical targets
  it('one node\'s evidence of an equivocation makes every replica exclude the signer, with bit-identical targets', async () => {
    const inputs = [[1.1, 2.2], [-0.7, 4.4], [3.3, -1.9]]
    const [a, b, c] = await honest(inputs)
    await b.dial(a.getMultiaddrs()[0])
    await c.dial(a.getMultiaddrs()[0])
    const hostile = attacker = await createAttacker()
    await hostile.dial(a.getMultiaddrs()[0])
    const id = hostile.peerId.toString()
    const seen = new Map<LvsNode, EvidenceEvent[]>(nodes.map(node => [node, []]))
    nodes.forEach(node => { node.services.lvs.addEventListener('evidence', evt => { seen.get(node)?.push(evt.detail) }) })

    await until(() => nodes.every(node => node.services.lvs.getState(SHARD).count === 3), 30_000, 'the honest nodes to count each other')
    await meshed(a, [b, c], [SHARD_TOPIC, EVIDENCE_TOPIC])
    await knows(hostile, [a], [SHARD_TOPIC])

    const cycle = Date.now()
    await hostile.services.pubsub.publish(SHARD_TOPIC, sdm([4, 4], { cycleId: cycle }))
    await until(() => nodes.every(node => node.services.lvs.getState(SHARD).count === 4), 20_000, 'every node to count the attacker\'s first SDM')

    await hostile.services.pubsub.publish(SHARD_TOPIC, sdm([9, -9], { cycleId: cycle }))
    const condemns = (node: LvsNode): boolean => seen.get(node)?.some(event => event.offender === id) === true
    await until(() => nodes.every(condemns), 20_000, 'the evidence to reach every node')

    expect(seen.get(a)).to.deep.equal([{ shard: SHARD, offender: id, kind: EQUIVOCATION, from: 'local' }])
    expect(seen.get(b)).to.deep.equal([{ shard: SHARD, offender: id, kind: EQUIVOCATION, from: 'peer' }])
    expect(seen.get(c)).to.deep.equal([{ shard: SHARD, offender: id, kind: EQUIVOCATION, from: 'peer' }])
    expect(entryOf(b, id)?.input, 'B never saw the second SDM').to.deep.equal([4, 4])

    const mean = [0, 1].map(j => inputs.reduce((sum, input) => sum + input[j], 0) / inputs.length)
    const targets = nodes.map(node => node.services.lvs.getState(SHARD).target)

    for (const node of nodes) {
      expect(node.services.lvs.getState(SHARD).count, 'the attacker no longer counts').to.equal(3)
      expect(entryOf(node, id)).to.include({ status: 'quarantined', weight: 0 })
    }

    expect(targets[1], 'B and A agree to the bit').to.deep.equal(targets[0])
    expect(targets[2], 'C and A agree to the bit').to.deep.equal(targets[0])
    expect(targets[0][0]).to.be.closeTo(mean[0], 1e-12)
    expect(targets[0][1]).to.be.closeTo(mean[1], 1e-12)
  })

  // Proves: the jump rule runs on gossiped SDMs once the table holds 5 entries (robust statistics) and its verdict
  // reaches the application as an `anomaly` event naming the sender, while the SDM itself is still accepted
  it('an input jump far beyond the table\'s spread fires anomaly', async () => {
    const [hub, ...others] = await honest([[1, 1], [2, 3], [3, 2], [4, 4]])
    await Promise.all(others.map(async node => node.dial(hub.getMultiaddrs()[0])))
    const hostile = attacker = await createAttacker()
    await hostile.dial(hub.getMultiaddrs()[0])
    const id = hostile.peerId.toString()
    const anomalies: GuardEvent[] = []
    hub.services.lvs.addEventListener('anomaly', evt => { anomalies.push(evt.detail) })

    await until(() => hub.services.lvs.getState(SHARD).count === 4, 30_000, 'the hub to count the honest nodes')
    await knows(hostile, [hub], [SHARD_TOPIC])

    await hostile.services.pubsub.publish(SHARD_TOPIC, sdm([2, 2]))
    await until(() => hub.services.lvs.getState(SHARD).count === 5, 20_000, 'the hub to count the attacker')
    expect(anomalies, 'a normal SDM is no anomaly').to.deep.equal([])

    // the guard takes one SDM per 500 ms per sender
    await new Promise(resolve => setTimeout(resolve, 1000))
    await hostile.services.pubsub.publish(SHARD_TOPIC, sdm([95, 95]))
    await until(() => entryOf(hub, id)?.input[0] === 95, 20_000, 'the hub to take the jumped SDM (accepted, not refused)')
    await until(() => anomalies.length > 0, 5_000, 'an anomaly event')

    expect(anomalies[0]).to.deep.equal({ shard: SHARD, peer: id, reason: 'jump' })
  })

  // Proves: bytes that do not decode are charged to the peer that sent them, three quarantine it, the quarantine shows
  // in the metrics, and it holds for its whole time (10 minutes by default) instead of fading with the threat
  it('a peer quarantined for undecodable messages appears in lvs_quarantined_peers and stays quarantined', async () => {
    const registry = new Registry()
    const [node] = await honest([[1, 1]], { libp2p: { metrics: prometheusMetrics({ registry, collectDefaultMetrics: false }) } })
    const hostile = attacker = await createAttacker()
    await hostile.dial(node.getMultiaddrs()[0])
    const id = hostile.peerId.toString()
    const quarantined: GuardEvent[] = []
    node.services.lvs.addEventListener('quarantine', evt => { quarantined.push(evt.detail) })
    await knows(hostile, [node], [SHARD_TOPIC])

    for (let i = 0; i < 3; i++) {
      // different bytes each time: a message id is a hash of the payload, so a repeat would be dropped as a duplicate
      await hostile.services.pubsub.publish(SHARD_TOPIC, Uint8Array.of(0xff, 0x01, 0x02, i))
    }

    await until(() => quarantined.some(event => event.peer === id), 20_000, 'the quarantine event')
    expect(quarantined).to.deep.equal([{ shard: SHARD, peer: id, reason: 'malformed' }])
    expect(node.services.lvs.score(id)).to.equal(-1000)

    const text = await registry.metrics()
    expect(text).to.match(/lvs_quarantined_peers\{shard="drift"\} 1\n/)
    const quarantines = Number(/lvs_guard_events_total\{event="quarantine"\} (\d+)/.exec(text)?.[1])
    expect(quarantines).to.be.at.least(1)

    await new Promise(resolve => setTimeout(resolve, 10_000))
    expect(node.services.lvs.score(id), 'still quarantined 10 s later').to.equal(-1000)
    expect(await registry.metrics()).to.match(/lvs_quarantined_peers\{shard="drift"\} 1\n/)
  })

  // Proves: an old SDM that arrives soon after a newer one (overtaken on its way: an IWANT fetch, a longer path) costs its
  // forwarder nothing; charged 0.05 each, 17 in a row quarantined the peer that forwarded them
  it('old SDMs right after a newer one are ignored without blame: overtaken, not replayed', async () => {
    const [node] = await honest([[1, 1]])
    const peer = attacker = await createAttacker()
    await peer.dial(node.getMultiaddrs()[0])
    const id = peer.peerId.toString()
    const events: GuardEvent[] = []
    node.services.lvs.addEventListener('alert', evt => { events.push(evt.detail) })
    node.services.lvs.addEventListener('quarantine', evt => { events.push(evt.detail) })
    await knows(peer, [node], [SHARD_TOPIC])

    const now = Date.now()
    await peer.services.pubsub.publish(SHARD_TOPIC, sdm([3, 3], { cycleId: now }))
    await until(() => entryOf(node, id) != null, 10_000, 'the newer SDM')

    for (let i = 1; i <= 40; i++) {
      await peer.services.pubsub.publish(SHARD_TOPIC, sdm([2, 2], { cycleId: now - i * 1000 }))
    }

    // a message after them (beyond the 500 ms rate limit): once it is in, the 40 before it were judged
    await new Promise(resolve => setTimeout(resolve, 600))
    await peer.services.pubsub.publish(SHARD_TOPIC, sdm([4, 4], { cycleId: now + 1000 }))
    await until(() => entryOf(node, id)?.input[0] === 4, 10_000, 'the last SDM')
    expect(events).to.deep.equal([])
    expect(node.services.lvs.score(id)).to.equal(0)
  })

  // Proves: evidence is believed only when its signatures check and the signed message breaks the rule it claims:
  // a real in-bounds SDM presented as out of bounds, or an envelope with a garbage signature, condemns nobody and
  // is charged to whoever published it
  it('forged evidence is not believed and gets its publisher quarantined', async () => {
    const [h1, h2] = await honest([[1.5, -2.5], [4.25, 0.5]])
    await h2.dial(h1.getMultiaddrs()[0])
    const hostile = attacker = await createAttacker()
    await hostile.dial(h1.getMultiaddrs()[0])
    const id = hostile.peerId.toString()
    const condemned: EvidenceEvent[] = []
    const quarantined: GuardEvent[] = []
    nodes.forEach(node => {
      node.services.lvs.addEventListener('evidence', evt => { condemned.push(evt.detail) })
      node.services.lvs.addEventListener('quarantine', evt => { quarantined.push(evt.detail) })
    })
    await until(() => nodes.every(node => node.services.lvs.getState(SHARD).count === 2), 30_000, 'the honest nodes to count each other')

    // real signed SDMs, as any peer may fetch them: h1's table over the sync protocol
    const stream = await hostile.dialProtocol(h1.peerId, SYNC_PROTOCOL)
    const lp = lpStream(stream)
    await lp.write(SyncRequest.encode(SyncRequest.create({ version: 1, shardId: SHARD, cursor: new Uint8Array(0), limit: 256 })).finish())
    const page = SyncResponse.decode((await lp.read()).subarray()) as unknown as { entries: Array<{ proof: { from: Uint8Array, data: Uint8Array, signature: Uint8Array } }> }
    await stream.close()
    const proofOf = (node: LvsNode): { from: Uint8Array, data: Uint8Array, signature: Uint8Array } => {
      const proof = page.entries.find(entry => sameBytes(entry.proof.from, node.peerId.toMultihash().bytes))?.proof
      expect(proof, `h1 serves ${node.peerId.toString()}'s signed SDM`).to.exist()
      return proof as { from: Uint8Array, data: Uint8Array, signature: Uint8Array }
    }
    const [real1, real2] = [proofOf(h1), proofOf(h2)]
    expect((StateDiff.toObject(StateDiff.decode(real2.data)) as { input: number[] }).input, 'an honest, in-bounds SDM').to.deep.equal([4.25, 0.5])

    await knows(hostile, [h1], [EVIDENCE_TOPIC])
    // h2's real SDM claimed out of bounds; the same with a garbage signature; h1's own real SDM claimed out of bounds
    const garbage = Uint8Array.from(real2.signature, byte => byte ^ 0x5a)
    const forged = [evidence(OUT_OF_BOUNDS, [real2]), evidence(OUT_OF_BOUNDS, [{ ...real2, signature: garbage }]), evidence(OUT_OF_BOUNDS, [real1])]

    for (const bytes of forged) {
      await hostile.services.pubsub.publish(EVIDENCE_TOPIC, bytes)
    }

    await until(() => h1.services.lvs.score(id) === -1000 || condemned.length > 0, 20_000, 'h1 to quarantine the forger')
    expect(condemned, 'no evidence event').to.deep.equal([])
    expect(quarantined).to.deep.equal([{ shard: SHARD, peer: id, reason: 'unproven' }])

    for (const node of nodes) {
      expect(node.services.lvs.getState(SHARD).count, 'both honest keys still count').to.equal(2)

      for (const key of [h1, h2].filter(other => other !== node).map(other => other.peerId.toString())) {
        expect(entryOf(node, key)?.weight).to.be.greaterThan(0)
        expect(entryOf(node, key)?.status).to.equal('live')
      }
    }
  })
})
