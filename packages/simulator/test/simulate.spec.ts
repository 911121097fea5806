import { expect } from 'aegir/chai'
import { ADVERSARY_KINDS, parseArguments, resolveOptions, simulate } from '../src/index.ts'

describe('simulator', function () {
  this.timeout(120_000)

  it('two nodes reach 1e-3 in <= 40 cycles (50 ms ticks), at the mean of their inputs', async () => {
    for (const seed of [1, 2, 3]) {
      const result = await simulate({ nodes: 2, seed })
      expect(result.converged, `seed ${seed}`).to.be.true()
      expect(result.cyclesTo1e3).to.be.a('number').and.at.most(40)
      expect(result.finalError).to.be.at.most(1e-6)
    }
  })

  it('is reproducible from its seed', async () => {
    const { seconds: _a, ...first } = await simulate({ nodes: 20, loss: 0.3, seed: 9 })
    const { seconds: _b, ...second } = await simulate({ nodes: 20, loss: 0.3, seed: 9 })
    const { seconds: _c, ...other } = await simulate({ nodes: 20, loss: 0.3, seed: 10 })

    expect(second).to.deep.equal(first)
    expect(other.equilibrium).to.not.deep.equal(first.equilibrium)
  })

  for (const loss of [0.6, 0.8]) {
    it(`converges to the exact equilibrium with ${loss * 100} % of messages lost`, async () => {
      const result = await simulate({ nodes: 60, loss, seed: 4 })
      expect(result.converged).to.be.true()
      expect(result.finalError).to.be.at.most(1e-6)
      expect(result.messages.lost).to.be.above(result.messages.delivered * loss / (1 - loss) * 0.9)
    })
  }

  it('converges when each node hears only 5 random peers per tick', async () => {
    const result = await simulate({ nodes: 40, fanout: 5, seed: 5 })
    expect(result.converged).to.be.true()
  })

  for (const attack of ADVERSARY_KINDS.filter(kind => kind !== 'mixed')) {
    it(`keeps every honest node within 1e-6 of the honest equilibrium and excludes every ${attack} adversary`, async () => {
      const result = await simulate({ nodes: 40, adversaries: 4, attack, seed: 6 })
      expect(result.finalError, 'honest nodes within 1e-6 of the honest equilibrium').to.be.at.most(1e-6)
      expect(result.converged).to.be.true()
      expect(result.quarantined).to.equal(4)
    })
  }

  it('under a mixed attack, keeps every honest node within 1e-6 of the honest equilibrium', async () => {
    const result = await simulate({ nodes: 40, adversaries: 8, attack: 'mixed', seed: 6 })
    expect(result.finalError).to.be.at.most(1e-6)
    expect(result.converged).to.be.true()
  })

  it('a forging adversary\'s served entries reach the honest nodes and are refused', async () => {
    const result = await simulate({ nodes: 20, adversaries: 2, attack: 'sync-forge', seed: 3 })
    expect(result.syncs.runs).to.be.above(0)
    // each sync serves 10 invented entries, up to 10 changed honest ones, one dated 12 h ahead and one out of bounds
    expect(result.syncs.refused, 'every forged, invented, future and out-of-bounds entry').to.be.at.least(result.syncs.runs * 12)
    expect(result.finalError).to.be.at.most(1e-6)
  })

  it('keeps the value of departed nodes (dormant entries) and re-converges when they return', async () => {
    const result = await simulate({ nodes: 30, churn: 0.3, seed: 8 })
    expect(result.churn?.nodes).to.equal(9)
    expect(result.churn?.dormantValueKept).to.be.true()
    expect(result.churn?.reconvergedIn).to.be.a('number')
    expect(result.converged).to.be.true()
  })

  it('with retention 0, departed nodes stop counting: the others leave the old equilibrium', async () => {
    // heartbeats every 0.5 s, stretched 10 times for 30 live nodes: an entry unheard for 15 s is dormant, and with no retention
    // it goes at the next expiry; the churned nodes are away for 20 s
    const result = await simulate({ nodes: 30, churn: 0.3, retention: 0, heartbeat: 500, seed: 8 })
    expect(result.churn?.dormantValueKept).to.be.false()
  })

  describe('options', () => {
    it('parses flags and fills in defaults', () => {
      const { options, json } = parseArguments(['--nodes', '100', '--loss=0.6', '--json', '--attack', 'flip'])
      expect(options).to.include({ nodes: 100, loss: 0.6, attack: 'flip', seed: 1, dimension: 2 })
      expect(json).to.be.true()
    })

    it('refuses bad values with a typed error', () => {
      for (const argv of [['--nodes', '0'], ['--loss', '1.5'], ['--nodes', 'ten'], ['--attack', 'nice'], ['--bogus', '1'], ['--nodes'], ['stray']]) {
        expect(() => parseArguments(argv), argv.join(' ')).to.throw().with.property('name', 'InvalidOptionError')
      }
      expect(() => resolveOptions({ nodes: 3, adversaries: 3 })).to.throw().with.property('name', 'InvalidOptionError')
    })
  })
})
