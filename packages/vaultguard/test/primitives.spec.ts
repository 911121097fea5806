import { expect } from 'aegir/chai'
import fc from 'fast-check'
import { MerkleFrontier, canonicalJson, mad, median, merkleRoot } from '../src/index.ts'

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members, writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: -0, y: 1.5e-7 } })).to.equal('{"a":[true,null,"x"],"b":1,"d":{"y":1.5e-7,"z":0}}')
  })

  it('gives the same text whatever the key order', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), value => {
      const reversed = Object.fromEntries(Object.entries(value).reverse())
      expect(canonicalJson(reversed)).to.equal(canonicalJson(value))
      expect(JSON.parse(canonicalJson(value))).to.deep.equal(JSON.parse(JSON.stringify(value)))
    }), { numRuns: 300 })
  })

  it('refuses non-finite numbers, cycles and anything but plain JSON', () => {
    const cyclic: any = { a: 1 }
    cyclic.self = cyclic

    for (const value of [Number.NaN, { a: Number.POSITIVE_INFINITY }, [Number.NEGATIVE_INFINITY], cyclic, new Date(), new Map(), 1n, [undefined], () => {}]) {
      expect(() => canonicalJson(value)).to.throw().with.property('name', 'NotCanonicalError')
    }
  })

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 }
    expect(canonicalJson([shared, shared])).to.equal('[{"x":1},{"x":1}]')
  })
})

describe('Merkle root', () => {
  it('the frontier gives the same root as the whole tree, leaf by leaf', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => Uint8Array.of(i, i * 7))
    const frontier = new MerkleFrontier()
    expect(frontier.root()).to.deep.equal(merkleRoot([]))

    leaves.forEach((leaf, i) => {
      frontier.append(leaf)
      expect(frontier.root(), `${i + 1} leaves`).to.deep.equal(merkleRoot(leaves.slice(0, i + 1)))
    })
  })

  it('changes with any leaf, and with their order', () => {
    const leaves = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]
    expect(merkleRoot(leaves)).to.not.deep.equal(merkleRoot([leaves[1], leaves[0], leaves[2]]))
    expect(merkleRoot(leaves)).to.not.deep.equal(merkleRoot([leaves[0], leaves[1], Uint8Array.of(4)]))
    expect(merkleRoot(leaves.slice(0, 2)), 'a leaf is not a node').to.not.deep.equal(merkleRoot([merkleRoot(leaves.slice(0, 2))]))
  })

  it('a clone of the frontier grows on its own', () => {
    const frontier = new MerkleFrontier()
    frontier.append(Uint8Array.of(1))
    const clone = frontier.clone()
    clone.append(Uint8Array.of(2))

    expect(frontier.length).to.equal(1)
    expect(frontier.root()).to.deep.equal(merkleRoot([Uint8Array.of(1)]))
  })
})

describe('robust statistics', () => {
  it('median and MAD', () => {
    expect(median([3, 1, 2])).to.equal(2)
    expect(median([4, 1, 3, 2])).to.equal(2.5)
    expect(median([])).to.be.NaN()
    expect(mad([1, 1, 2, 2, 4, 6, 9])).to.equal(1)
  })
})
