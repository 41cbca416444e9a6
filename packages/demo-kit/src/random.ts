/**
 * Seeded pseudo-random numbers for the demo data generator. Math.random() cannot be
 * seeded, and the demo data must come out byte-identical for the same seed so ids,
 * screenshots and bench baselines stay comparable between runs and machines.
 *
 * The generator is sfc32 (Small Fast Counter): 128 bits of state, passes PractRand
 * for far more numbers than a seed run draws, and needs only 32-bit integer maths.
 */

/** 32-bit FNV-1a; folds a stream label into the seed so each stream is independent. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One weighted choice, prepared once so each pick is a binary search. */
export interface WeightedPicker<T> {
  (): T;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer; the same seed and stream give the same sequence.
   * @param stream a label for an independent sequence from the same seed (e.g. 'orgs',
   *   'members'), so adding draws to one part of the generator does not shift another.
   */
  constructor(seed: number, stream = '') {
    // splitmix32 spreads a small or sequential seed over all 128 bits of state.
    let s = (seed ^ hash32(stream)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // The first outputs of sfc32 are still correlated with the seed; discard them.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() from an empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One element, chosen with probability proportional to its weight. For repeated picks from the same table use picker(). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    return this.picker(entries)();
  }

  /** Prepares a weighted choice over `[value, weight]` entries; weights need not sum to 1. */
  picker<T>(entries: readonly (readonly [T, number])[]): WeightedPicker<T> {
    const values: T[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const [value, weight] of entries) {
      if (!(weight >= 0)) throw new Error(`Negative or invalid weight ${weight}`);
      if (weight === 0) continue;
      total += weight;
      values.push(value);
      cumulative.push(total);
    }
    if (total === 0) throw new Error('picker() needs at least one positive weight');
    return () => {
      const x = this.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      return values[lo];
    };
  }

  /** A normally distributed float (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` random bytes, e.g. the 80 random bits of a ULID. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let word = this.uint32();
      for (let j = i; j < Math.min(n, i + 4); j++) {
        out[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  }

  /** A uniform instant in [from, to), at millisecond precision. */
  dateBetween(from: Date, to: Date): Date {
    const a = from.getTime();
    const b = to.getTime();
    if (b <= a) return new Date(a);
    return new Date(a + Math.floor(this.next() * (b - a)));
  }

  /** A random string of `length` characters from `alphabet`. */
  string(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A uniform instant (ms) in [from, to); `from` when the range is empty. */
  between(from: number, to: number): number {
    return to <= from ? from : from + Math.floor(this.next() * (to - from));
  }

  /** A copy of `items` in random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
