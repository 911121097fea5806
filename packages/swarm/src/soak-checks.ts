import { fitTrend, keepsGrowing } from './soak-trend.ts'
import type { ProcessSample } from './soak-sample.ts'
import type { Trend } from './soak-trend.ts'

/** Which process a sample is of: the soak's own (the hostile node), the relay, the long-lived node */
export type SoakProcess = 'soak' | 'relay' | 'node'

export type SoakSeriesPoint = { minute: number, process: SoakProcess } & Omit<ProcessSample, 'views'>

export interface SoakCheck {
  name: string
  ok: boolean
  detail: string
}

/**
 * Samples of the first 20 minutes (or the first third of a shorter run)
 * are warm-up: joining, JIT, caches filling, and the state departed peers
 * leave reaching its plateau. With the soak's bounds (5 minutes) that
 * state lives 20 minutes at most: a table entry the stretched liveness
 * timeout (3 minutes x 4 at 12 live nodes) plus the retention, a peer
 * store record its address age plus its peer age plus the 10-minute sweep
 */
export const WARM_UP_MINUTES = 20

/**
 * A trend is judged only over at least this many minutes after warm-up:
 * over a few minutes a heap that is still filling its caches looks like a
 * leak of gigabytes an hour. Shorter runs report their trends unjudged
 */
export const MIN_JUDGED_MINUTES = 20

/**
 * Growth per hour after warm-up beyond which a series "keeps growing" (and
 * by more than twice the fit's standard error: see keepsGrowing). Heap and
 * RSS of the relay and of the long-lived node: 1 MB an hour, the goal. The
 * soak's own process holds the hostile node, closed on and dialing again
 * all the time: 4 MB an hour. Listeners and handles of any process: 30 an
 * hour (a leak of one per cycle is thousands)
 */
export const GROWTH_LIMITS: Record<SoakProcess, { heapMB: number, rssMB: number, listeners: number, handles: number }> = {
  soak: { heapMB: 4, rssMB: 4, listeners: 30, handles: 30 },
  relay: { heapMB: 1, rssMB: 1, listeners: 30, handles: 30 },
  node: { heapMB: 1, rssMB: 1, listeners: 30, handles: 30 }
}

/**
 * The heap judged is its floor: the lowest sample of each window of this
 * many minutes after warm-up. Work in flight stands above it for seconds
 * to a minute: the DHT's self-query (every 5 minutes) and reprovides
 * (every few minutes with the soak's shortened provider records) run
 * queries, kad-dht pings a full k-bucket's oldest contacts before it lets
 * a new one in, libp2p redials departed peers the DHT kept alive: dials
 * and queries a sample can catch (before `withAddressedContacts`, a DHT
 * lookup for each departed contact, up to 24 at once and 6 MB). Memory
 * kept raises the floor; memory in flight does not (the fit over every
 * sample is reported beside it, `heapAllMB`)
 */
export const FLOOR_WINDOW_MINUTES = 5

/**
 * The series fitted: the heap's floor (judged), the heap at every sample
 * (reported), RSS after the sample's collection (judged), RSS as the
 * process ran and RSS's anonymous and file-backed parts (reported; fitted
 * where sampled, else over no points), listeners and handles
 */
export type SoakSeries = 'heapMB' | 'heapAllMB' | 'rssMB' | 'rssRunningMB' | 'anonMB' | 'fileMB' | 'listeners' | 'handles'

export type SoakTrends = Record<SoakProcess, Record<SoakSeries, Trend>>

/** Where warm-up ends in a run of `minutes` */
export function warmUpEnd (minutes: number): number {
  return Math.min(WARM_UP_MINUTES, minutes / 3)
}

/** The lowest heap sample of each whole window of FLOOR_WINDOW_MINUTES from `warm` on (a last, partial window is left out) */
export function heapFloors (points: readonly SoakSeriesPoint[], warm: number): SoakSeriesPoint[] {
  const last = Math.max(warm, ...points.map(point => point.minute))
  const whole = Math.floor((last - warm) / FLOOR_WINDOW_MINUTES)
  const lowest = new Map<number, SoakSeriesPoint>()

  for (const point of points) {
    const window = Math.floor((point.minute - warm) / FLOOR_WINDOW_MINUTES)
    const low = lowest.get(window)

    if (window < whole && (low == null || point.heapMB < low.heapMB)) {
      lowest.set(window, point)
    }
  }

  return [...lowest.values()]
}

/** The trend per hour of each series of each process, after warm-up */
export function soakTrends (series: readonly SoakSeriesPoint[], minutes: number): SoakTrends {
  const warm = warmUpEnd(minutes)
  const trends: Partial<SoakTrends> = {}

  for (const process of ['soak', 'relay', 'node'] as const) {
    const points = series.filter(point => point.process === process && point.minute >= warm)
    const fit = (key: Exclude<SoakSeries, 'heapAllMB'>, over = points): Trend => fitTrend(over.flatMap(point => {
      const y = point[key]
      return y == null ? [] : [{ x: point.minute / 60, y }]
    }))
    trends[process] = { heapMB: fit('heapMB', heapFloors(points, warm)), heapAllMB: fit('heapMB'), rssMB: fit('rssMB'), rssRunningMB: fit('rssRunningMB'), anonMB: fit('anonMB'), fileMB: fit('fileMB'), listeners: fit('listeners'), handles: fit('handles') }
  }

  return trends as SoakTrends
}

/** One check per process: no series keeps growing after warm-up (judged when `judgedMinutes` reach MIN_JUDGED_MINUTES) */
export function growthChecks (trends: SoakTrends, judgedMinutes: number): SoakCheck[] {
  const judged = judgedMinutes >= MIN_JUDGED_MINUTES

  return (['soak', 'relay', 'node'] as const).map(process => {
    const growing = judged ? (['heapMB', 'rssMB', 'listeners', 'handles'] as const).filter(key => keepsGrowing(trends[process][key], GROWTH_LIMITS[process][key])) : []
    const show = (key: SoakSeries, unit: string): string => {
      const t = trends[process][key]
      return t.points < 3 ? `${key} -` : `${key} ${t.slope >= 0 ? '+' : ''}${t.slope.toFixed(2)} ± ${t.stderr.toFixed(2)}${unit}/h`
    }

    return {
      name: `the ${process === 'soak' ? "soak's own process" : process === 'relay' ? 'relay' : 'long-lived node'} stops growing after warm-up`,
      ok: growing.length === 0,
      detail: `${judged ? '' : `not judged (${judgedMinutes.toFixed(1)} minutes after warm-up, fewer than ${MIN_JUDGED_MINUTES}): `}${growing.length > 0 ? `growing: ${growing.join(', ')}; ` : ''}heap floor: ${show('heapMB', ' MB')} (the lowest of each ${FLOOR_WINDOW_MINUTES} minutes), every sample: ${show('heapAllMB', ' MB')} (not judged), ${show('rssMB', ' MB')} (after V8 gave back its free pages), as it ran: ${show('rssRunningMB', ' MB')} (not judged), ${show('listeners', '')}, ${show('handles', '')} (${trends[process].heapAllMB.points} samples after warm-up; limits ${JSON.stringify(GROWTH_LIMITS[process])} per hour)`
    }
  })
}
