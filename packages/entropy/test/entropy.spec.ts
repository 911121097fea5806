import { encodeEntropyPacket, decodeEntropyPacket } from '@lvs/codec'
import { expect } from 'aegir/chai'
import { createEntropyPacket, generateEntropy, normalizeEntropy } from '../src/index.ts'

describe('generateEntropy', () => {
  it('gives k values in [0, 1)', () => {
    for (const k of [1, 2, 16]) {
      const e = generateEntropy(k)
      expect(e).to.have.lengthOf(k)
      e.forEach(value => expect(value).to.be.at.least(0).and.below(1))
    }
  })

  it('is random: 1,000 draws spread over [0, 1) with mean near 0.5', () => {
    const values = Array.from({ length: 1000 }, () => generateEntropy(1)[0])
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const buckets = new Set(values.map(v => Math.floor(v * 10)))

    // 6 standard errors of a uniform mean (0.289 / sqrt(1000) = 0.009)
    expect(mean).to.be.closeTo(0.5, 0.055)
    expect(buckets.size).to.equal(10)
    expect(new Set(values).size).to.equal(values.length)
  })

  it('refuses a dimension outside 1..16 with a typed error', () => {
    for (const k of [0, 17, 1.5, Number.NaN]) {
      expect(() => generateEntropy(k)).to.throw().with.property('name', 'InvalidDimensionError')
    }
  })
})

describe('normalizeEntropy', () => {
  it('centres and scales to unit length', () => {
    const e = normalizeEntropy([0.9, 0.1, 0.5])
    expect(e.reduce((a, b) => a + b, 0)).to.be.closeTo(0, 1e-12)
    expect(Math.hypot(...e)).to.be.closeTo(1, 1e-12)
    expect(e[0]).to.be.closeTo(0.7071067811865476, 1e-12)
    expect(e[1]).to.be.closeTo(-0.7071067811865476, 1e-12)
  })

  it('gives zeros, not NaN, for a vector with no spread', () => {
    expect(normalizeEntropy([0, 0])).to.deep.equal([0, 0])
    expect(normalizeEntropy([0.3, 0.3, 0.3])).to.deep.equal([0, 0, 0])
    expect(normalizeEntropy([0.7])).to.deep.equal([0])
  })
})

describe('createEntropyPacket', () => {
  it('builds an EP the codec accepts, with the clock and load passed in', () => {
    const ep = createEntropyPacket(2, { now: 1234, load: 0.25 })

    expect(ep.timestamp).to.equal(1234)
    expect(ep.nodeLoad).to.equal(0.25)
    expect(ep.entropyVector).to.have.lengthOf(2)
    expect(decodeEntropyPacket(encodeEntropyPacket(ep)).entropyVector).to.deep.equal(ep.entropyVector.map(Math.fround))
  })

  it('measures the load itself when none is given', () => {
    const ep = createEntropyPacket(3)

    expect(ep.nodeLoad).to.be.at.least(0).and.at.most(1)
    expect(ep.timestamp).to.be.closeTo(Date.now(), 5000)
  })
})
