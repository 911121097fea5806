import { expect } from 'aegir/chai'
import {
  ALERT_THRESHOLD,
  GOOD_DECAY,
  PeerLedger,
  QUARANTINE_SCORE,
  QUARANTINE_THRESHOLD,
  REJECT_THREAT,
  THREAT_HALF_LIFE_MS,
  ThreatBook,
  statusOf
} from '../src/index.ts'
import type { GuardMessage, PeerLedgerInit } from '../src/index.ts'

const sdm = (cycleId: number, input = [1, 2]): GuardMessage => ({ shardId: 'drift', cycleId, input, state: [1, 2], driftWeight: 1 })
const ledger = (init: Partial<PeerLedgerInit> = {}): PeerLedger => new PeerLedger({ shardId: 'drift', dimension: 2, minInterval: 100, maxMagnitude: 10, ...init })

describe('local threat and trust', () => {
  it('maps threat to status: ALERT from 0.60, QUARANTINE from 0.85', () => {
    expect([0, 0.59, ALERT_THRESHOLD, 0.84, QUARANTINE_THRESHOLD, 1].map(statusOf))
      .to.deep.equal(['live', 'live', 'alert', 'alert', 'quarantine', 'quarantine'])
    expect(statusOf(Number.NaN)).to.equal('live')
  })

  it('raises threat with each reject and reports the crossings into ALERT and QUARANTINE', () => {
    const l = ledger()
    const results = [1, 2, 3].map(cycle => l.admit(sdm(cycle, [100, 0]), 'liar', 0))

    expect(results.map(r => r.transition)).to.deep.equal([undefined, 'alert', 'quarantine'])
    expect(l.threat('liar', 0)).to.be.closeTo(3 * REJECT_THREAT, 1e-12)
    expect(l.status('liar', 0)).to.equal('quarantine')
    expect(l.trust('liar', 0)).to.be.closeTo(1 - 3 * REJECT_THREAT, 1e-12)
  })

  it('takes its increments from the tuning', () => {
    const l = ledger({ rejectThreat: 0.9 })
    expect(l.admit(sdm(1, [100, 0]), 'liar', 0).transition).to.equal('quarantine')
    expect(l.threat('liar', 0)).to.equal(0.9)
  })

  it('ignores everything from a peer it quarantined, as origin or forwarder, and scores it -1000', () => {
    const l = ledger()
    for (let cycle = 1; cycle <= 3; cycle++) { l.admit(sdm(cycle, [100, 0]), 'liar', 0) }

    expect(l.admit(sdm(10), 'liar', 0)).to.deep.equal({ verdict: 'ignore', reason: 'quarantined' })
    expect(l.admit(sdm(10), 'honest', 0, { source: 'liar' }).reason).to.equal('quarantined')
    expect(l.score('liar', 0)).to.equal(QUARANTINE_SCORE)
    expect(l.score('liar'), 'at the latest time given').to.equal(QUARANTINE_SCORE)
    expect(l.score('stranger', 0)).to.equal(0)
  })

  it('scores a peer 0 below the alert threshold (gossipsub meshes no negative score) and -10 x threat in alert', () => {
    const l = ledger()
    l.admit(sdm(1, [100, 0]), 'suspect', 0)
    expect(l.threat('suspect', 0)).to.equal(REJECT_THREAT)
    expect(l.score('suspect', 0)).to.equal(0)

    l.admit(sdm(2, [100, 0]), 'suspect', 0)
    expect(l.status('suspect', 0)).to.equal('alert')
    expect(l.score('suspect', 0)).to.be.closeTo(-10 * 2 * REJECT_THREAT, 1e-12)
  })

  it('decays threat with time: it halves every half-life', () => {
    const l = ledger()
    l.admit(sdm(1, [100, 0]), 'a', 0)
    l.admit(sdm(2, [100, 0]), 'a', 0)
    const threat = l.threat('a', 0)

    expect(l.status('a', 0)).to.equal('alert')
    expect(l.threat('a', THREAT_HALF_LIFE_MS)).to.be.closeTo(threat / 2, 1e-12)
    expect(l.status('a', THREAT_HALF_LIFE_MS)).to.equal('live')
  })

  it('decays threat with good messages', () => {
    const l = ledger({ halfLife: Number.POSITIVE_INFINITY })
    l.admit(sdm(1, [100, 0]), 'a', 0)
    l.admit(sdm(2, [1, 1]), 'a', 1000)
    expect(l.threat('a', 1000)).to.be.closeTo(REJECT_THREAT * (1 - GOOD_DECAY), 1e-12)
  })

  it('raises threat for an input jump beyond k MADs of the table, but accepts the message', () => {
    const l = ledger({ maxMagnitude: 1e6 })
    l.admit(sdm(1, [1, 1]), 'a', 0)
    expect(l.admit(sdm(2, [100, 1]), 'a', 1000, { scale: [1, 1] })).to.include({ verdict: 'accept', reason: 'jump', blamed: 'a' })
    expect(l.threat('a', 1000)).to.be.above(0)

    l.admit(sdm(1, [1, 1]), 'b', 0)
    expect(l.admit(sdm(2, [6, 1]), 'b', 1000, { scale: [1, 1] }).reason, 'within 6 MADs').to.equal('ok')

    l.useScale([1, 1])
    expect(l.admit(sdm(3, [200, 1]), 'a', 2000).reason, 'the scale set by useScale').to.equal('jump')
    expect(l.admit(sdm(3, [200, 1]), 'b', 2000, { scale: [1000, 1000] }).reason, 'the context wins').to.equal('ok')
  })

  it('quarantines a flooder through the rate limit', () => {
    const l = ledger()
    let transition
    for (let cycle = 1; cycle <= 40; cycle++) {
      transition = l.admit(sdm(cycle), 'flood', cycle).transition ?? transition
    }

    expect(l.status('flood', 40)).to.equal('quarantine')
    expect(transition).to.equal('quarantine')
  })

  it('keeps at most maxPeers records', () => {
    const book = new ThreatBook({ maxPeers: 3 })
    for (const peer of ['a', 'b', 'c', 'd']) { book.raise(peer, 0, 0.5) }

    expect(book.size).to.equal(3)
    expect(book.threat('a', 0)).to.equal(0)
    expect(book.threat('d', 0)).to.equal(0.5)
  })
})
