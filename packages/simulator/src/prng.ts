/**
 * A seeded pseudo-random generator (xoshiro128**): the simulator's only
 * source of randomness, so a run is reproduced exactly from its seed
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number
  /** uniform integer in [0, n) */
  int(n: number): number
  /** uniform in [min, max) */
  range(min: number, max: number): number
  /** k values in [0, 1), like an entropy vector */
  vector(k: number): number[]
  /** a new generator seeded from this one, for an independent stream */
  fork(): Random
}

function splitmix32 (seed: number): () => number {
  let state = seed >>> 0

  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function createRandom (seed: number): Random {
  const init = splitmix32(seed)
  const s = new Uint32Array([init(), init(), init(), init()])

  const nextUint32 = (): number => {
    const result = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)), 9) >>> 0
    const t = s[1] << 9
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = (s[3] << 11) | (s[3] >>> 21)
    return result
  }

  const random: Random = {
    next: () => nextUint32() / 0x1_0000_0000,
    int: n => Math.floor(random.next() * n),
    range: (min, max) => min + random.next() * (max - min),
    vector: k => Array.from({ length: k }, () => random.next()),
    fork: () => createRandom(nextUint32())
  }

  return random
}
