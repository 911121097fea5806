/**
 * @packageDocumentation
 *
 * A headless swarm of real LVS libp2p nodes in one process: `runSwarm()`
 * and the `npm run swarm` command measure convergence, traffic (from
 * libp2p's own connection counters) and heap on this machine.
 *
 * @example
 *
 * ```ts
 * import { runSwarm } from '@lvs/swarm'
 *
 * const result = await runSwarm({ nodes: 10, loss: 0.6 })
 * console.log(result.converged, result.seconds, result.bytesPerNodePerMinute)
 * ```
 */

export { runSwarm, resolveSwarmOptions, InvalidSwarmOptionError, DEFAULT_SWARM_OPTIONS } from './swarm.ts'
export type { SwarmOptions, SwarmProgress, SwarmResult } from './swarm.ts'
export { describeStraggler } from './swarm-stragglers.ts'
export type { Straggler } from './swarm-stragglers.ts'
export { runSoak, resolveSoakOptions, DEFAULT_SOAK_OPTIONS } from './soak.ts'
export type { SoakOptions, SoakResult, SoakCheck, SoakProgress } from './soak.ts'
export { plotSoak } from './soak-plot.ts'
export { judgeEquilibrium } from './soak-equilibrium.ts'
export type { HonestNodes } from './soak-equilibrium.ts'
export { fitTrend, keepsGrowing } from './soak-trend.ts'
export type { Trend } from './soak-trend.ts'
export { FLOOR_WINDOW_MINUTES, GROWTH_LIMITS, MIN_JUDGED_MINUTES, WARM_UP_MINUTES, growthChecks, heapFloors, soakTrends } from './soak-checks.ts'
export type { SoakSeriesPoint, SoakTrends } from './soak-checks.ts'
export { runNetns, netnsNodeScript, DEFAULT_NETNS_OPTIONS } from './netns.ts'
export { makeHosts, netnsUnavailable, NetnsUnavailableError } from './netns-hosts.ts'
export type { Hosts, HostsOptions } from './netns-hosts.ts'
export type { NetnsOptions, NetnsResult } from './netns.ts'
export { calibrationErrors, fitByteModel, predictBytes } from './byte-model.ts'
export type { ByteModel, ModelInput, ModelRun } from './byte-model.ts'
export type { JoinResult } from './swarm-join.ts'
