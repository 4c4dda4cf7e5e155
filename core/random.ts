/** A seeded pseudo-random source uniform in [0, 1): the same seed gives the same sequence. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit PRNG. Plenty for repeatable noise, fault injection and generated test
 * data; never for anything that must be unpredictable.
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
