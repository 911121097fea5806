import * as vega from 'vega'
import { compile } from 'vega-lite'
import type { SoakSeriesPoint } from './soak-checks.ts'

const METRICS: Array<{ key: keyof SoakSeriesPoint, title: string }> = [
  { key: 'heapMB', title: 'heap after gc, without code, MB' },
  { key: 'codeMB', title: 'V8 code (JIT, bytecode), MB' },
  { key: 'rssMB', title: 'RSS after the collection (judged), MB' },
  { key: 'rssRunningMB', title: 'RSS as the process ran, MB' },
  { key: 'anonMB', title: 'RSS: anonymous (own memory), MB' },
  { key: 'fileMB', title: 'RSS: mapped from files (code), MB' },
  { key: 'heapTotalMB', title: 'heap held, MB' },
  { key: 'externalMB', title: 'buffers outside the heap, MB' },
  { key: 'listeners', title: 'listeners' },
  { key: 'handles', title: 'open handles' },
  { key: 'connections', title: 'connections per node' },
  { key: 'table', title: 'table entries' }
]

/**
 * The soak's series as an SVG (vega-lite, rendered headless by vega): one
 * panel per metric, one line per process (the soak's own, holding the
 * churning nodes; the relay; the long-lived node), minutes on x
 */
export async function plotSoak (series: readonly SoakSeriesPoint[], title: string): Promise<string> {
  // a series a run did not sample (an older run's, or /proc's parts elsewhere) draws no line
  const values = series.flatMap(point => METRICS.filter(({ key }) => point[key] != null).map(({ key, title }) => ({ minute: point.minute, process: point.process, metric: title, value: point[key] })))
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: METRICS.map(m => m.title) } },
    spec: {
      width: 560,
      height: 110,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'minute', type: 'quantitative', title: 'minutes' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'process', type: 'nominal', title: 'process' }
      }
    },
    resolve: { scale: { y: 'independent' } }
  }
  const view = new vega.View(vega.parse(compile(spec as any).spec), { renderer: 'none' })

  return view.toSVG()
}
