import type { GuardCounts } from './reporter.ts'
import type { ShardView } from './types.ts'
import type { Metrics } from '@libp2p/interface'

/** What the gauges read from the service */
export interface MetricsSource {
  views(): ShardView[]
  quarantined(shard: string): number
  /** bytes of LVS messages (SDMs, entropy, beacons, evidence) sent and received */
  bytes(): { sent: number, received: number }
  /** what the guard and the node did since start */
  guard(): GuardCounts
  /** writes of the tables that failed since the last that succeeded, and when that one was (ms, 0: none yet) */
  persist(): { failures: number, lastWrite: number }
}

/**
 * LVS gauges through libp2p's metrics (`@libp2p/prometheus-metrics`
 * exposes them as `lvs_*`): computed when scraped, never on the hot path
 */
export function registerMetrics (metrics: Metrics, source: MetricsSource): void {
  const perShard = (read: (view: ShardView) => number) => (): Record<string, number> =>
    Object.fromEntries(source.views().map(view => [view.shard, read(view)]))

  metrics.registerMetricGroup('lvs_cycles_total', { label: 'shard', help: 'drift cycles run since start', calculate: perShard(view => view.cycles) })
  metrics.registerMetricGroup('lvs_cycle_interval_ms', { label: 'shard', help: 'current cycle interval', calculate: perShard(view => view.interval) })
  metrics.registerMetricGroup('lvs_publish_interval_ms', { label: 'shard', help: 'least time between SDMs, from the bandwidth controller', calculate: perShard(view => view.publishInterval) })
  metrics.registerMetricGroup('lvs_spread', { label: 'shard', help: 'largest distance between live states', calculate: perShard(view => view.spread) })
  metrics.registerMetricGroup('lvs_entries', { label: 'shard', help: 'entries counted in the equilibrium', calculate: perShard(view => view.count) })
  metrics.registerMetricGroup('lvs_converged', { label: 'shard', help: '1 once the state sits at the equilibrium', calculate: perShard(view => view.converged ? 1 : 0) })
  metrics.registerMetricGroup('lvs_quarantined_peers', { label: 'shard', help: 'peers the guard holds in quarantine', calculate: () => Object.fromEntries(source.views().map(view => [view.shard, source.quarantined(view.shard)])) })
  metrics.registerMetricGroup('lvs_guard_events_total', {
    label: 'event',
    help: 'since start: alerts, quarantines, anomalies (input jumps), evidence (keys condemned), rejected messages, refused sync entries, errors the node went on from',
    calculate: () => {
      const counts = source.guard()
      return { alert: counts.alerts, quarantine: counts.quarantines, anomaly: counts.anomalies, evidence: counts.evidence, rejected: counts.rejected, refused_entry: counts.refusedEntries, error: counts.errors }
    }
  })
  metrics.registerMetric('lvs_persist_failures', { help: 'writes of the tables to the datastore that failed since the last one that succeeded (0: all well)', calculate: () => source.persist().failures })
  metrics.registerMetric('lvs_persisted_timestamp_seconds', { help: 'when the tables were last written to the datastore, seconds since the epoch (0: not yet)', calculate: () => source.persist().lastWrite / 1000 })
  metrics.registerMetricGroup('lvs_message_bytes_total', { label: 'direction', help: 'bytes of LVS messages sent and received', calculate: () => ({ ...source.bytes() }) })
}
