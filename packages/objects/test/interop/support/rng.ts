/** Small seeded PRNG (mulberry32): reproducible cases from a printed seed, no dependency. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(digits: number): string {
    let s = '';
    for (let i = 0; i < digits; i++) s += this.int(16).toString(16);
    return s;
  }
}

/** Seed of this run: OSVIF_INTEROP_SEED to replay a failure, else a fixed default (stable CI). */
export function interopSeed(): number {
  const env = process.env.OSVIF_INTEROP_SEED;
  return env && /^\d+$/.test(env) ? Number(env) : 20260707;
}
