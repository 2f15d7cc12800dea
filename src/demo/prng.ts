/**
 * A small seeded pseudo-random generator (mulberry32) so the demo plant is reproducible:
 * the same seed always yields the same serials, MAC suffixes and firmware picks.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  // Fold any number (negative, fractional, huge) into a 32-bit state.
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as T;
    },
  };
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789ABCDEF';
// Dell service tags and similar avoid vowels and look-alike letters.
const ALNUM = '0123456789BCDFGHJKLMNPQRSTVWXYZ';

/**
 * Fills a serial-number pattern: `#` digit, `@` letter, `%` hex digit, `&` letter-or-digit;
 * every other character is kept as written.
 */
export function fillPattern(pattern: string, rng: Rng): string {
  let out = '';
  for (const ch of pattern) {
    switch (ch) {
      case '#': out += rng.pick([...DIGITS]); break;
      case '@': out += rng.pick([...LETTERS]); break;
      case '%': out += rng.pick([...HEX]); break;
      case '&': out += rng.pick([...ALNUM]); break;
      default: out += ch;
    }
  }
  return out;
}
