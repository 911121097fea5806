/**
 * Entropy coefficient: the seed profile's value (docs/cycle.md). The
 * entropy push is alpha x |err|, so it vanishes at the equilibrium.
 */
export const DEFAULT_ALPHA = 0.05

/**
 * Peer-pull coefficient. Each cycle shrinks the error to at most
 * (1 - beta + alpha) = 0.75 of itself: two nodes from [5,1] and [-2,-3] are
 * within 1 % of their initial distance after at most
 * ceil(ln 0.01 / ln 0.75) = 17 cycles whatever the entropy (budget 40, goal
 * 20; 13 with seeded random entropy). The smallest one-decimal beta whose
 * worst case meets the goal: a smaller pull follows a moving target more
 * smoothly (see README for the table).
 */
export const DEFAULT_BETA = 0.3

/** Cycle interval while far from the equilibrium, ms (docs/cycle.md) */
export const MIN_INTERVAL_MS = 50

/** Cycle interval once converged, ms (docs/cycle.md: `maxInterval`) */
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

/**
 * Spread (relative to the largest component) below which `normalize` sees no
 * direction: the mean of k <= 16 components is rounded by about
 * 16 x 2^-52 = 3.6e-15, so anything below 1e-12 is rounding noise, not entropy
 */
export const NORMALIZE_TOLERANCE = 1e-12

/**
 * Rounding floor of the distance to a target, in units of
 * Number.EPSILON x |target|: once the error is about one ulp per component,
 * beta x err is below half an ulp and x + D rounds back to x, so a state
 * stops about 1.3 ulp short of its target (measured over 1000 seeded runs)
 * and a purely relative test with a zero scale would never call it converged
 */
export const ROUNDING_ULPS = 8
