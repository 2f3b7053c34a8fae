// numpy's array printing (np.array_repr / np.array_str with default print options): precision 8,
// unique shortest digits, trailing zeros trimmed, columns padded to equal width, scientific
// notation when numpy would switch, 75-character lines, summaries ("...") above 1000 elements.
// Mirrors numpy/_core/arrayprint.py (FloatingFormat, _formatArray) and Dragon4's rounding.
import type { NDArray } from "./ndarray.ts";

const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

// ---------------------------------------------------------------------------------------------
// Exact decimal digits of a double.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** a = M · 2^E for finite a > 0, M a BigInt. */
function decompose(a: number): [bigint, number] {
  f64[0] = a;
  const hi = u32[LITTLE ? 1 : 0]!;
  const lo = u32[LITTLE ? 0 : 1]!;
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return bexp === 0 ? [frac, -1074] : [frac | (1n << 52n), bexp - 1075];
}

/** round(a · 10^s) to the nearest integer, ties to even (Dragon4's rule), exactly. */
function roundScaled(a: number, s: number): bigint {
  const [M, E] = decompose(a);
  let num = M;
  let den = 1n;
  if (E >= 0) num <<= BigInt(E);
  else den <<= BigInt(-E);
  if (s >= 0) num *= 10n ** BigInt(s);
  else den *= 10n ** BigInt(-s);
  const q = num / den;
  const r2 = (num - q * den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Shortest round-trip digits of a > 0: value = D[0].D[1..] × 10^e. */
function shortest(a: number): [string, number] {
  const s = a.toExponential();
  const k = s.indexOf("e");
  return [s.slice(0, k).replace(".", ""), Number(s.slice(k + 1))];
}

type Positional = { neg: boolean; int: string; frac: string };
type Scientific = { neg: boolean; lead: string; frac: string; exp: number };

/** Dragon4 positional, unique digits, at most `precision` after the point, trailing zeros trimmed. */
function positional(x: number, precision: number): Positional {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return { neg, int: "0", frac: "" };
  const [D, e] = shortest(a);
  if (D.length - 1 - e <= precision) {
    if (e >= 0) {
      const int = D.length > e + 1 ? D.slice(0, e + 1) : D + "0".repeat(e + 1 - D.length);
      return { neg, int, frac: D.slice(e + 1) };
    }
    return { neg, int: "0", frac: "0".repeat(-e - 1) + D };
  }
  // More digits than allowed: round the exact value at `precision` digits. toFixed does that
  // exactly but breaks ties upward; Dragon4 breaks them to even. A tie needs an exact expansion
  // with one more digit, whose shortest form then has at most that many digits: only then use
  // exact BigInt arithmetic.
  let int: string;
  let frac: string;
  if (D.length - 1 - e === precision + 1) {
    const s = roundScaled(a, precision).toString().padStart(precision + 1, "0");
    [int, frac] = [s.slice(0, -precision), s.slice(-precision)];
  } else {
    [int, frac] = a.toFixed(precision).split(".") as [string, string];
  }
  return { neg, int, frac: frac.replace(/0+$/, "") };
}

/** Dragon4 scientific, unique digits, at most `precision` after the point, trailing zeros trimmed. */
function scientific(x: number, precision: number): Scientific {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return { neg, lead: "0", frac: "", exp: 0 };
  const [D, e] = shortest(a);
  if (D.length - 1 <= precision) return { neg, lead: D[0]!, frac: D.slice(1), exp: e };
  let exp = e;
  let s: string;
  if (D.length === precision + 2) {
    // Possibly an exact tie (see positional): round exactly, ties to even.
    s = roundScaled(a, precision - exp).toString();
    if (s.length > precision + 1) {
      exp += 1; // rounded up to the next power of ten (9.999999999 → 10.00000000)
      s = s.slice(0, precision + 1);
    }
  } else {
    const t = a.toExponential(precision);
    const k = t.indexOf("e");
    s = t.slice(0, k).replace(".", "");
    exp = Number(t.slice(k + 1));
  }
  return { neg, lead: s[0]!, frac: s.slice(1).replace(/0+$/, ""), exp };
}

// ---------------------------------------------------------------------------------------------
// numpy's FloatingFormat with floatmode "maxprec", sign "-", suppress_small off.

type ElementFormat = (x: number) => string;

function floatFormat(values: ArrayLike<number>): ElementFormat {
  const finite: number[] = [];
  let hasNonFinite = false;
  let negInf = false;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      finite.push(v);
      const a = Math.abs(v);
      if (a !== 0) {
        if (a > maxAbs) maxAbs = a;
        if (a < minAbs) minAbs = a;
      }
    } else {
      hasNonFinite = true;
      if (v === -Infinity) negInf = true;
    }
  }
  const expFormat = maxAbs > 0 && (maxAbs >= 1e8 || minAbs < 0.0001 || maxAbs / minAbs > 1000);
  let padLeft = 0;
  let padRight = 0;
  let precision = PRECISION;
  let expSize = -1;
  if (finite.length > 0 && expFormat) {
    const parts = finite.map((v) => scientific(v, PRECISION));
    precision = 0;
    for (const p of parts) {
      padLeft = Math.max(padLeft, p.lead.length + (p.neg ? 1 : 0));
      precision = Math.max(precision, p.frac.length);
      expSize = Math.max(expSize, Math.max(2, String(Math.abs(p.exp)).length));
    }
    padRight = expSize + 2 + precision;
  } else if (finite.length > 0) {
    for (const v of finite) {
      const p = positional(v, PRECISION);
      padLeft = Math.max(padLeft, p.int.length + (p.neg ? 1 : 0));
      padRight = Math.max(padRight, p.frac.length);
    }
  }
  if (hasNonFinite) {
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const s = x !== x ? "nan" : x < 0 ? "-inf" : "inf";
      return s.padStart(width);
    }
    if (expFormat) {
      const p = scientific(x, precision);
      const digits = String(Math.abs(p.exp)).padStart(expSize, "0");
      return (
        ((p.neg ? "-" : "") + p.lead).padStart(padLeft) + "." + p.frac.padEnd(precision, "0") + "e" + (p.exp < 0 ? "-" : "+") + digits
      );
    }
    const p = positional(x, PRECISION);
    return ((p.neg ? "-" : "") + p.int).padStart(padLeft) + "." + p.frac.padEnd(padRight);
  };
}

const boolFormat: ElementFormat = (x) => (x !== 0 ? " True" : "False");

/** numpy's IntegerFormat: right-aligned to the longer of str(max) and str(min). */
function intFormat(values: ArrayLike<number>): ElementFormat {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  const width = Math.max(String(lo).length, String(hi).length);
  return (x) => String(x).padStart(width);
}

// ---------------------------------------------------------------------------------------------
// numpy's _formatArray: rows, wrapping and summaries.

function extendLine(s: string, line: string, word: string, width: number, nextPrefix: string): [string, string] {
  let wrap = line.length + word.length > width;
  if (line.length <= nextPrefix.length) wrap = false; // wrapping would not help
  if (wrap) {
    s += line.trimEnd() + "\n";
    line = nextPrefix;
  }
  return [s, line + word];
}

/** Indices shown along an axis of length n: all, or the first and last EDGE_ITEMS with a gap. */
function shown(n: number, summarize: boolean): { lead: number[]; trail: number[]; gap: boolean } {
  const all = Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * EDGE_ITEMS) return { lead: [], trail: all, gap: false };
  return { lead: all.slice(0, EDGE_ITEMS), trail: all.slice(n - EDGE_ITEMS), gap: true };
}

function formatRow(words: string[], gapAt: number, sep: string, hanging: string, width: number): string {
  const elemWidth = width - Math.max(sep.trimEnd().length, 1);
  let s = "";
  let line = hanging;
  for (let i = 0; i < words.length; i++) {
    if (i === gapAt) {
      [s, line] = extendLine(s, line, "...", elemWidth, hanging);
      line += sep;
    }
    [s, line] = extendLine(s, line, words[i]!, elemWidth, hanging);
    if (i < words.length - 1) line += sep;
  }
  s += line;
  return "[" + s.slice(hanging.length) + "]";
}

function formatBody(A: NDArray, sep: string, prefix: string, width: number): string {
  const data = A.data;
  const summarize = data.length > THRESHOLD;
  const is2d = A.shape.length === 2;
  const rows = is2d ? A.shape[0]! : 1;
  const cols = is2d ? A.shape[1]! : A.shape[0]!;
  const R = is2d ? shown(rows, summarize) : { lead: [], trail: [0], gap: false };
  const C = shown(cols, summarize);
  const rowIdx = [...R.lead, ...R.trail];
  const colIdx = [...C.lead, ...C.trail];
  // The element format is fitted to the elements that are shown, as numpy's is.
  const vals: number[] = [];
  for (const i of rowIdx) for (const j of colIdx) vals.push(data[i * cols + j]!);
  const fmt = A.dtype === "bool" ? boolFormat : A.dtype === "int64" ? intFormat(vals) : floatFormat(vals);
  const nextPrefix = " " + " ".repeat(prefix.length);
  const gapAt = C.gap ? C.lead.length : -1;
  const rowText = (i: number, hanging: string, w: number) =>
    formatRow(
      colIdx.map((j) => fmt(data[i * cols + j]!)),
      gapAt,
      sep,
      hanging,
      w,
    );
  if (!is2d) return rowText(0, nextPrefix, width);
  const hanging = nextPrefix;
  const inner = hanging + " ";
  const lineSep = sep.trimEnd() + "\n";
  let s = "";
  R.lead.forEach((i) => (s += hanging + rowText(i, inner, width - 1) + lineSep));
  if (R.gap) s += hanging + "..." + lineSep;
  R.trail.forEach((i, k) => (s += hanging + rowText(i, inner, width - 1) + (k < R.trail.length - 1 ? lineSep : "")));
  return "[" + s.slice(hanging.length) + "]";
}

function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** numpy's repr(A): `array([[1., 2.]])`. */
export function arrayRepr(A: NDArray): string {
  // numpy subtracts the closing ")" from the line width.
  const body = A.size === 0 ? "[]" : formatBody(A, ", ", "array(", LINE_WIDTH - 1);
  // numpy ≥ 2.2 adds the shape when it cannot be read off the text (summaries, empty 2-D).
  const extras: string[] = [];
  if ((A.size === 0 && A.shape.length !== 1) || A.size > THRESHOLD) extras.push(`shape=${shapeTuple(A.shape)}`);
  if (A.size === 0) extras.push(`dtype=${A.dtype}`);
  if (extras.length === 0) return "array(" + body + ")";
  const head = "array(" + body + ",";
  const extra = extras.join(", ") + ")";
  const lastLine = head.length - (head.lastIndexOf("\n") + 1);
  return head + (lastLine + extra.length + 1 > LINE_WIDTH ? "\n      " : " ") + extra;
}

/** numpy's str(A), what print(A) shows: `[[1. 2.]]`. */
export function arrayStr(A: NDArray): string {
  if (A.size === 0) return "[]";
  return formatBody(A, " ", "", LINE_WIDTH);
}

/** Formats one number the way numpy prints a float64 scalar (repr of np.float64 → Python float). */
export function formatScalar(x: number): string {
  if (x !== x) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  // Python's float repr: shortest digits, scientific below 1e-4 or from 1e16.
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [D, e] = shortest(a);
    const m = D.length > 1 ? D[0] + "." + D.slice(1) : D;
    return (x < 0 ? "-" : "") + m + "e" + (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");
  }
  const p = positional(x, 400);
  return (p.neg ? "-" : "") + p.int + "." + (p.frac || "0");
}

export const formatArray = arrayRepr;
