import { existsSync } from 'node:fs'
import { expect } from 'aegir/chai'
import { processSample } from '../src/soak-sample.ts'

describe('the soak\'s sample of a process', () => {
  it('reads RSS as the process ran and after its collection, split into anonymous and file-backed parts that add up to it', () => {
    const sample = processSample([])
    expect(sample.rssRunningMB).to.be.above(0)
    expect(sample.rssMB).to.be.above(0)
    expect(sample.spacesMB).to.have.property('old_space').that.is.above(0)
    expect(sample.v8MallocMB).to.be.above(0)

    if (existsSync('/proc/self/smaps_rollup')) {
      expect(sample.anonMB).to.be.above(0)
      expect(sample.fileMB).to.be.above(0)
      // read a moment apart: within a few MB of each other
      expect((sample.anonMB ?? 0) + (sample.fileMB ?? 0)).to.be.closeTo(sample.rssMB, 4)
    } else {
      expect(sample.anonMB).to.be.undefined()
    }
  })
})
