// A seeded pseudo-random source for generated test inputs: the same seed gives the same
// sequence on every run, so a failing input can be found again from its seed.

/** Numbers in [0, 1) from a linear congruential generator seeded with `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
