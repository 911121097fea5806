/**
 * Entropy coefficient: the seed profile's value (DESIGN.md section 3). The
 * entropy push is alpha x |err|, so it vanishes at the equilibrium.
 */
export const DEFAULT_ALPHA = 0.05

/**
 * Peer-pull coefficient. Each cycle shrinks the error by at least
 * (1 - beta + alpha) = 0.75: two nodes from [5,1] and [-2,-3] are within
 * 1 % of their initial distance after at most ceil(ln 0.01 / ln 0.75) = 17
 * cycles in the worst case (budget 40, goal 20); see README.
 */
export const DEFAULT_BETA = 0.3

/** Cycle interval while far from the equilibrium, ms (DESIGN.md section 3) */
export const MIN_INTERVAL_MS = 50

/** Cycle interval once converged, ms (DESIGN.md section 3: `maxInterval`) */
export const MAX_INTERVAL_MS = 10_000

/**
 * Growth of the interval per converged cycle: from 50 ms to 10 s in
 * ceil(log(200) / log(1.5)) = 14 quiet cycles
 */
export const INTERVAL_GROWTH = 1.5

/**
 * Error, relative to the shard's spread scale, under which a node counts as
 * converged and its interval may stretch
 */
export const CONVERGED_EPSILON = 1e-3
