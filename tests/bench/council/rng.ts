/** Deterministic randomness for the council benchmark's city (one stream per purpose). */
import { hashSeed, mulberry32 } from '@sasaeai/core';

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(): number;
  uuid(): string;
}

export function rngFor(seed: number, purpose: string): Rng {
  const next = mulberry32((seed ^ hashSeed(purpose)) >>> 0);
  // Exact: the generator's floats are 32-bit integers over 2^32.
  const u32 = () => next() * 4294967296;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    uuid: () => {
      const a = hex(u32());
      const b = hex(u32());
      const c = hex(u32());
      const d = hex(u32());
      const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    },
  };
}

/** Picks an index by cumulative weights (binary search), for many draws from one list. */
export function cumulativePicker(weights: readonly number[]) {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (rng: Rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
