// Seeded pseudo-random numbers for the demo generator. Output must be byte-identical for a seed,
// so nothing here may touch Math.random or the clock. sfc32 is fast, passes PractRand to 2^40 and
// needs only 32-bit integer maths; sub-streams are derived by hashing a label with the seed so that
// adding a principal never shifts the random stream of another.

/** 32-bit FNV-1a then a murmur3 finaliser: stable across runs and platforms. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Exponential with the given mean (for gaps between events of a Poisson process). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Approximately normal (Irwin–Hall of 4), clipped by the caller where needed. */
  normal(mean: number, sd: number): number {
    const s = this.next() + this.next() + this.next() + this.next();
    return mean + (s - 2) * sd * 1.732;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  private chars(alphabet: string, n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(n: number): string {
    return this.chars(HEX, n);
  }

  alnum(n: number): string {
    return this.chars(ALNUM, n);
  }

  /** Upper-case base32-like, the alphabet of AWS access key and unique ids. */
  upper(n: number): string {
    return this.chars(UPPER_ALNUM, n);
  }

  /** A version-4-shaped UUID (lower-case), as CloudTrail eventID / requestID look. */
  uuid(): string {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()].map((x) => x.toString(16).padStart(8, "0"));
    return `${w[0]}-${w[1].slice(0, 4)}-4${w[1].slice(5, 8)}-${HEX[8 + (this.u32() & 3)]}${w[2].slice(1, 4)}-${w[2].slice(4)}${w[3]}`;
  }
}

/** An independent stream for a labelled part of the simulation. */
export function deriveRng(seed: number, ...labels: Array<string | number>): Rng {
  return new Rng(hashString(labels.join("\u0001"), seed));
}
