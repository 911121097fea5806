import { expect } from 'aegir/chai'
import { DEFAULT_SETTINGS, resolveSettings } from '../src/index.ts'

describe('engine settings', () => {
  it('fills in the defaults once, an undefined setting included', () => {
    expect(resolveSettings({ minInterval: undefined })).to.deep.equal(DEFAULT_SETTINGS)
    expect(resolveSettings({ maxInterval: 500 }).maxInterval).to.equal(500)
  })

  it('refuses each setting that cannot work, naming it and the value as given', () => {
    const cases: Array<[object, RegExp]> = [
      [{ minInterval: -5 }, /minInterval must be a number of ms above 0, got -5/],
      [{ minInterval: 0 }, /minInterval/],
      [{ minInterval: 200, maxInterval: 100 }, /maxInterval must be a number of ms no smaller than minInterval \(200\), got 100/],
      [{ heartbeatInterval: Number.NaN }, /heartbeatInterval .* got NaN/],
      [{ beta: 2 }, /beta/],
      [{ alpha: 0.5 }, /alpha must be a number in \[0, beta = 0.3\)/],
      [{ trim: 1.5 }, /trim/],
      [{ minPublishInterval: Infinity }, /minPublishInterval .* got Infinity/],
      [{ quarantineTime: '10' }, /quarantineTime .* got "10"/]
    ]

    for (const [partial, message] of cases) {
      expect(() => resolveSettings(partial as any)).to.throw(message).with.property('name', 'InvalidSettingError')
    }
  })
})
