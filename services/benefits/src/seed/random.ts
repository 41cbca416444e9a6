/**
 * Seeded pseudo-random numbers for the demo data: the sfc32 generator of the members and
 * cases seeds, copied because a subgraph never depends on another one. The same seed and
 * input must give the same rows, so demo screenshots and bench baselines stay comparable.
 */

/** 32-bit FNV-1a; folds a stream label into the seed so each stream is independent. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` names an independent sequence from the same seed, so adding draws to one part of the generator does not shift another. */
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

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() from an empty array');
    return items[Math.floor(this.next() * items.length)];
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
