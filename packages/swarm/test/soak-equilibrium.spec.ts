import { expect } from 'aegir/chai'
import { judgeEquilibrium } from '../src/index.ts'
import type { NodeCheck } from '../src/soak-node-check.ts'

const MINUTE = 60_000
const inputs = new Map([['a', [0, 0]], ['b', [4, 0]], ['c', [2, 6]], ['gone', [10, 10]]])
const mean = (keys: string[]): number[] => [0, 1].map(j => keys.reduce((sum, key) => sum + (inputs.get(key)?.[j] ?? 0), 0) / keys.length)

function check (keys: string[], target = mean(keys)): NodeCheck {
  return { peerId: 'x', status: 'started', target, state: target, total: target, count: keys.length, held: keys.map(key => [key, 'dormant']), negative: false, audit: { ok: true, length: 0 }, quarantines: 0 }
}

describe('the soak\'s equilibrium check', () => {
  it('needs every honest entry while no departed one may have reached the end of its retention', () => {
    const honest = { inputs, departed: new Map([['gone', 0]]) }
    const all = ['a', 'b', 'c', 'gone']
    expect(judgeEquilibrium([check(all), check(all)], honest, 5 * MINUTE, 10 * MINUTE).ok).to.be.true()
    expect(judgeEquilibrium([check(['a', 'b', 'c']), check(['a', 'b', 'c'])], honest, 5 * MINUTE, 10 * MINUTE).ok, 'dropped before its retention ended').to.be.false()
    // with no retention given (the default, 24 hours), every entry ever announced
    expect(judgeEquilibrium([check(['a', 'b', 'c']), check(['a', 'b', 'c'])], honest, 500 * MINUTE, 0).ok).to.be.false()
  })

  it('lets a departed entry past its retention go, as long as every node counts the same entries and is exact on their mean', () => {
    const honest = { inputs, departed: new Map([['gone', 0]]) }
    const left = ['a', 'b', 'c']
    expect(judgeEquilibrium([check(left), check(left)], honest, 30 * MINUTE, 10 * MINUTE).ok).to.be.true()
    expect(judgeEquilibrium([check(left), check([...left, 'gone'])], honest, 30 * MINUTE, 10 * MINUTE).ok, 'nodes disagree').to.be.false()
    expect(judgeEquilibrium([check(left), check(left, [2, 2.001])], honest, 30 * MINUTE, 10 * MINUTE).ok, 'a target off the mean').to.be.false()
    expect(judgeEquilibrium([check(['a', 'b']), check(['a', 'b'])], honest, 30 * MINUTE, 10 * MINUTE).ok, 'a running node left out').to.be.false()
  })
})
