import { expect } from 'aegir/chai'
import { fitTrend, growthChecks, heapFloors, keepsGrowing, soakTrends } from '../src/index.ts'
import type { SoakSeriesPoint } from '../src/index.ts'

/** A sample every minute for `minutes` of three processes; the relay's heap is `relayHeap(minute)`, plus noise */
function series (minutes: number, relayHeap: (minute: number) => number): SoakSeriesPoint[] {
  let seed = 7
  const noise = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 - 0.5 }
  const points: SoakSeriesPoint[] = []

  for (let minute = 0; minute <= minutes; minute++) {
    for (const process of ['soak', 'relay', 'node'] as const) {
      const heap = process === 'relay' ? relayHeap(minute) : 30
      points.push({ minute, process, heapMB: heap + 2 * noise(), rssMB: heap + 90 + 3 * noise(), codeMB: 3, heapTotalMB: heap + 10, externalMB: 4, listeners: 12, handles: 20 + Math.round(2 * noise()), connections: 5, table: 8 })
    }
  }

  return points
}

describe('the soak\'s growth check', () => {
  it('fits a line: the slope of a straight series, no error', () => {
    const trend = fitTrend([1, 2, 3, 4].map(x => ({ x, y: 2 * x + 1 })))
    expect(trend.slope).to.be.closeTo(2, 1e-12)
    expect(trend.stderr).to.be.closeTo(0, 1e-12)
    expect(keepsGrowing(trend, 1)).to.be.true()
    expect(keepsGrowing(fitTrend([{ x: 0, y: 0 }, { x: 1, y: 9 }]), 1), 'two points judge nothing').to.be.false()
  })

  it('passes an hour of flat, noisy series and fails one that grows 5 MB an hour', () => {
    const flat = growthChecks(soakTrends(series(60, () => 40), 60), 50)
    expect(flat.every(check => check.ok), flat.map(c => c.detail).join('; ')).to.be.true()

    const leaking = growthChecks(soakTrends(series(60, minute => 40 + 5 * minute / 60), 60), 50)
    const relay = leaking.find(check => check.name.includes('relay'))
    expect(relay?.ok).to.be.false()
    expect(relay?.detail).to.match(/growing: heapMB, rssMB/)
    expect(leaking.filter(check => check.ok)).to.have.lengthOf(2)
  })

  it('judges the heap\'s floor: work in flight every fifth minute, growing, passes; memory kept beneath it fails', () => {
    // the relay's heap stands 1 to 7 MB higher at every fifth minute, more as the hour goes on
    const peak = (minute: number): number => minute % 5 === 0 ? 1 + 6 * minute / 60 : 0
    const peaks = growthChecks(soakTrends(series(60, minute => 40 + peak(minute)), 60), 50)
    const relay = peaks.find(check => check.name.includes('relay'))
    expect(relay?.ok, relay?.detail).to.be.true()
    expect(soakTrends(series(60, minute => 40 + peak(minute)), 60).relay.heapAllMB.slope, 'every sample grows past the limit').to.be.above(1)

    const kept = growthChecks(soakTrends(series(60, minute => 40 + 5 * minute / 60 + peak(minute)), 60), 50)
    expect(kept.find(check => check.name.includes('relay'))?.detail).to.match(/growing: heapMB/)
  })

  it('takes one floor per whole window of 5 minutes after warm-up, none from a last, partial one', () => {
    const points = series(61, () => 40).filter(point => point.process === 'relay' && point.minute >= 20)
    const floors = heapFloors(points, 20)
    expect(floors).to.have.lengthOf(8)
    expect(floors.every(floor => floor.minute < 60)).to.be.true()
    expect(floors[0].heapMB).to.equal(Math.min(...points.filter(point => point.minute < 25).map(point => point.heapMB)))
  })

  it('fits RSS\'s anonymous and file-backed parts where a run sampled them, over no points where it did not', () => {
    const parted = series(60, () => 40).map(point => ({ ...point, anonMB: 60 + 3 * point.minute / 60, fileMB: 50 }))
    const trends = soakTrends(parted, 60)
    expect(trends.relay.anonMB.slope).to.be.closeTo(3, 1e-9)
    expect(trends.relay.fileMB.slope).to.be.closeTo(0, 1e-9)
    expect(soakTrends(series(60, () => 40), 60).relay.anonMB.points, 'an older run, without them').to.equal(0)
  })

  it('does not judge a run too short to tell a leak from caches filling', () => {
    const short = growthChecks(soakTrends(series(2, minute => 40 + 100 * minute), 2), 1.3)
    expect(short.every(check => check.ok)).to.be.true()
    expect(short[0].detail).to.match(/^not judged \(1\.3 minutes after warm-up, fewer than 20\)/)
  })
})
