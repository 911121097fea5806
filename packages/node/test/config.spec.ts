import { expect } from 'aegir/chai'
import { resolveLvsConfig } from '../src/index.ts'

describe('lvs() options, resolved and checked once', () => {
  it('fills in every default', () => {
    const config = resolveLvsConfig({})
    expect(config.shards.map(shard => shard.name)).to.deep.equal(['drift'])
    expect(config.engine).to.include({ minInterval: 50, maxInterval: 10_000, heartbeatInterval: 60_000, quarantineTime: 600_000 })
    expect(config).to.include({ entropyInterval: 10_000, persistInterval: 5_000, syncOnJoin: true, lowPower: 'auto' })
    expect(config.loss('/lvs/1/shard/drift')).to.equal(0)
  })

  it('refuses each option that cannot work with a typed error naming the option and the value as given', () => {
    const cases: Array<[object, string]> = [
      [{ minInterval: -5 }, 'minInterval must be a number of ms above 0, got -5'],
      [{ minInterval: 200, maxInterval: 100 }, 'maxInterval must be a number of ms no smaller than minInterval (200), got 100'],
      [{ heartbeatInterval: Number.NaN }, 'heartbeatInterval must be a number of ms above 0, got NaN'],
      [{ inputs: { drift: [Number.NaN, 1] } }, 'inputs.drift must be 2 finite numbers within [[-100, -100], [100, 100]], got [NaN, 1]'],
      [{ inputs: { drift: [1, 2, 3] } }, 'inputs.drift must be 2 finite numbers within [[-100, -100], [100, 100]], got [1, 2, 3]'],
      [{ inputs: { drift: [500, 0] } }, 'inputs.drift must be 2 finite numbers within [[-100, -100], [100, 100]], got [500, 0]'],
      [{ inputs: { dirft: [1, 2] } }, 'inputs.dirft must be the input of a shard this node joins (drift), not of an unknown one, got [1, 2]'],
      [{ shards: [{ name: 'load', dimension: 1, nonNegative: true }], inputs: { load: [-1] } }, 'inputs.load must be 1 finite numbers, none negative, got [-1]'],
      [{ persistInterval: 0 }, 'persistInterval must be a number of ms above 0, got 0'],
      [{ entropyInterval: Infinity }, 'entropyInterval must be a number of ms above 0, got Infinity'],
      [{ simulatedLoss: 2 }, 'simulatedLoss must be a share in [0, 1] or a share per topic, got 2'],
      [{ minPeers: 1.5 }, 'minPeers must be an integer >= 0, got 1.5'],
      [{ lowPower: 'sometimes' }, "lowPower must be true, false or 'auto', got \"sometimes\""],
      [{ alpha: 0.5 }, 'alpha must be a number in [0, beta = 0.3): the step contracts only while alpha < beta, got 0.5'],
      [{ shards: [{ name: 'a', dimension: 1 }, { name: 'a', dimension: 2 }] }, 'shards must be shards with different names, got ["a", "a"]']
    ]

    for (const [init, message] of cases) {
      expect(() => resolveLvsConfig(init as any), JSON.stringify(init)).to.throw(message).with.property('name', 'InvalidSettingError')
    }
  })

  it('refuses a shard that cannot work with the shard store\'s typed error', () => {
    expect(() => resolveLvsConfig({ shards: [{ name: 'x y', dimension: 2 }] })).to.throw(/shard name "x y"/).with.property('name', 'InvalidShardConfigError')
    expect(() => resolveLvsConfig({ shards: [{ name: 'x', dimension: 2, min: 5, max: 1 }] })).to.throw(/must not exceed max/).with.property('name', 'InvalidShardConfigError')
  })
})
