// numpy's legacy random stream (np.random.seed / rand / randn): MT19937 seeded with
// init_genrand, 53-bit doubles from two 32-bit draws, Gaussians by the Marsaglia polar method
// with one cached value. Both rand and randn are bit-for-bit numpy's; for randn that takes C's
// log() as glibc computes it (see log-glibc.ts).
import { resultBuffer } from "./alloc.ts";
import { NpError, describeValue } from "./errors.ts";
import { NDArray } from "./ndarray.ts";
import { logGlibc } from "./log-glibc.ts";

const N = 624;
const M = 397;

/** A snapshot of a generator, for get_state/set_state (numpy's tuple, as an object). */
export type RandomStateSnapshot = {
  readonly kind: "MT19937";
  readonly key: readonly number[];
  readonly pos: number;
  readonly hasGauss: boolean;
  readonly gauss: number;
};

function checkSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new NpError(`np.random.seed: seed must be an integer between 0 and 2**32 - 1, got ${describeValue(seed)}.`);
  }
  return seed;
}

function checkDims(dims: readonly unknown[], op: string): number[] {
  if (dims.length > 2) {
    throw new NpError(`${op}(${dims.join(", ")}): lib/np arrays are at most 2-D; pass (rows, cols).`);
  }
  for (const d of dims) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new NpError(
        `${op}: dimensions must be non-negative integers, got ${describeValue(d)}.` +
          (Array.isArray(d) ? `\n${op} takes the dimensions as separate arguments, ${op}(rows, cols), not a shape array.` : ""),
      );
    }
  }
  return dims as number[];
}

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** numpy's _legacy_seeding for an integer: init_genrand(seed), cached Gaussian cleared. */
  seed(seed: number): void {
    let s = checkSeed(seed) >>> 0;
    const mt = this.mt;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i) >>> 0;
      mt[i] = s;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    this.pos = 0;
  }

  /** The next 32-bit output of MT19937. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits, as numpy's legacy random_sample. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal draw, numpy's legacy_gauss. */
  nextGauss(): number {
    if (this.hasGauss) {
      const g = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * logGlibc(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Uniform [0, 1): no arguments → a number, (n) → shape (n,), (r, c) → shape (r, c). */
  rand(): number;
  rand(n: number): NDArray;
  rand(rows: number, cols: number): NDArray;
  rand(...dims: number[]): NDArray | number;
  rand(...dims: number[]): NDArray | number {
    return this.fill(dims, "np.random.rand", () => this.nextDouble());
  }

  /** Standard normal: no arguments → a number, (n) → shape (n,), (r, c) → shape (r, c). */
  randn(): number;
  randn(n: number): NDArray;
  randn(rows: number, cols: number): NDArray;
  randn(...dims: number[]): NDArray | number;
  randn(...dims: number[]): NDArray | number {
    return this.fill(dims, "np.random.randn", () => this.nextGauss());
  }

  /** An integer in [0, max], numpy's random_interval: masked rejection sampling. */
  private interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /**
   * Integers in [low, high) (or [0, low) with one argument), numpy's legacy randint for ranges
   * below 2^32: no size → a number, size n → shape (n,), [r, c] → shape (r, c).
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: number | readonly number[]): NDArray;
  randint(low: number, high?: number, size?: number | readonly number[]): NDArray | number {
    if (high === undefined) [low, high] = [0, low];
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new NpError(`np.random.randint: low and high must be integers, got ${describeValue(low)} and ${describeValue(high)}.`);
    if (high <= low) throw new NpError(`np.random.randint: low >= high (${low} >= ${high}); the range [low, high) must not be empty.`);
    const range = high - low - 1;
    if (range > 0xffffffff) throw new NpError("np.random.randint: ranges of 2**32 or more are not supported.");
    const draw = (): number => {
      // numpy's masked bounded draw; a full 32-bit range takes the raw output.
      if (range === 0xffffffff) return low + this.nextUint32();
      return low + this.interval(range);
    };
    if (size === undefined) return draw();
    const d = checkDims(typeof size === "number" ? [size] : [...size], "np.random.randint");
    const n = d.length === 1 ? d[0]! : d[0]! * d[1]!;
    const out = resultBuffer(n);
    for (let i = 0; i < n; i++) out[i] = draw();
    return new NDArray(out, d, "int64");
  }

  /**
   * A shuffled copy: of 0..n-1 for a number, of the elements of a 1-D array, of the rows of a
   * 2-D array (numpy's legacy permutation, a Fisher–Yates shuffle from the last position down).
   */
  permutation(x: number | NDArray): NDArray {
    const src = typeof x === "number" ? null : x;
    if (src !== null && !(src instanceof NDArray)) throw new NpError(`np.random.permutation: expected a number or an NDArray, got ${describeValue(x)}.`);
    if (src === null && (!Number.isInteger(x) || (x as number) < 0)) throw new NpError(`np.random.permutation: expected a non-negative integer, got ${describeValue(x)}.`);
    const n = src === null ? (x as number) : src.shape[0]!;
    const order = resultBuffer(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    if (src === null) return new NDArray(order, [n], "int64");
    const cols = src.shape.length === 2 ? src.shape[1]! : 1;
    const data = src.data;
    const out = resultBuffer(data.length);
    for (let i = 0; i < n; i++) out.set(data.subarray(order[i]! * cols, order[i]! * cols + cols), i * cols);
    return new NDArray(out, src.shape, src.dtype);
  }

  private fill(dims: number[], op: string, draw: () => number): NDArray | number {
    const d = checkDims(dims, op);
    if (d.length === 0) return draw();
    const size = d.length === 1 ? d[0]! : d[0]! * d[1]!;
    const out = resultBuffer(size);
    for (let i = 0; i < size; i++) out[i] = draw();
    return new NDArray(out, d);
  }

  get_state(): RandomStateSnapshot {
    return { kind: "MT19937", key: Array.from(this.mt), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  set_state(state: RandomStateSnapshot): void {
    if (!state || state.kind !== "MT19937" || !Array.isArray(state.key) || state.key.length !== N) {
      throw new NpError("set_state: expected an object returned by get_state().");
    }
    this.mt.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.gauss;
  }
}

/** The global generator behind np.random.*, seeded like numpy's when it is first used. */
const global = new RandomState(0);

export const random = {
  seed: (seed: number): void => global.seed(seed),
  rand: global.rand.bind(global) as RandomState["rand"],
  randn: global.randn.bind(global) as RandomState["randn"],
  randint: global.randint.bind(global) as RandomState["randint"],
  permutation: (x: number | NDArray): NDArray => global.permutation(x),
  get_state: (): RandomStateSnapshot => global.get_state(),
  set_state: (state: RandomStateSnapshot): void => global.set_state(state),
  RandomState,
};
