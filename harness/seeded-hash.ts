// Deterministic randomness from a seed, the same on every machine and Node version (Math.random is not):
// a 32-bit integer hash of (seed, n) — the seeded households' per-minute noise, the fleet's meters — and a
// generator of numbers in [0, 1) over n = 0, 1, 2, … (the sample draw of a lot).

/** 32-bit integer hash of (seed, n): deterministic noise. */
export function seededHash(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Numbers in [0, 1): seededHash(seed, 0), (seed, 1), … scaled. */
export function seededRandom(seed: number): () => number {
  let n = 0;
  return () => seededHash(seed >>> 0, n++) / 0x1_0000_0000;
}
