import { expect } from 'aegir/chai'
import { calibrationErrors, fitByteModel, predictBytes } from '../src/byte-model.ts'

describe('byte model', () => {
  it('finds the costs of runs it was made from, and tells how far each run is from it', () => {
    const truth = { perMessage: 1500, perConnection: 700 }
    const runs = [[20, 5], [30, 8], [25, 12]].map(([messagesPerMinute, connectionsPerNode], i) => ({ nodes: 10 * (i + 1), messagesPerMinute, connectionsPerNode, bytesPerMinute: predictBytes(truth, { messagesPerMinute, connectionsPerNode }) }))
    const model = fitByteModel(runs)
    expect(model.perMessage).to.be.closeTo(1500, 1e-6)
    expect(model.perConnection).to.be.closeTo(700, 1e-6)
    expect(calibrationErrors(model, runs).every(e => Math.abs(e) < 1e-9)).to.equal(true)

    const off = [...runs.slice(0, 2), { ...runs[2], bytesPerMinute: runs[2].bytesPerMinute * 1.3 }]
    expect(Math.max(...calibrationErrors(fitByteModel(off), off).map(Math.abs)), 'a run the costs do not explain shows').to.be.above(0.01)
  })

  it('refuses runs that cannot tell the two costs apart', () => {
    expect(() => fitByteModel([{ nodes: 10, messagesPerMinute: 10, connectionsPerNode: 5, bytesPerMinute: 1000 }])).to.throw(RangeError)
    expect(() => fitByteModel([10, 20].map(n => ({ nodes: n, messagesPerMinute: n, connectionsPerNode: n / 2, bytesPerMinute: 100 * n })))).to.throw(RangeError)
  })
})
