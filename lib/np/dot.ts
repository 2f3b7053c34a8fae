// np.dot: matrix products on Float64Array. Larger 2-D products run on a WebAssembly SIMD kernel
// (dot-wasm.ts); the rest, and any product if WebAssembly is unavailable, on the JS kernel here:
// packed and register-blocked (GotoBLAS-style loops around a 4×2 micro-kernel). Transposed operands (`A.T` views) are read through their
// original buffer while packing, so np.dot(W.T, dZ) and np.dot(dZ, A.T) never copy a transpose.
import { NpError, describeValue } from "./errors.ts";
import { NDArray } from "./ndarray.ts";
import { multiply } from "./elementwise.ts";
import { gemmWasm } from "./dot-wasm.ts";
import { notAligned } from "./validate.ts";
import { resultBuffer, zeroedBuffer } from "./alloc.ts";

type Operand = NDArray | number;

// Products of at least this many multiply-adds (m·n·k) go to the WebAssembly SIMD kernel
// (dot-wasm.ts), 4–5× faster than the JS one below from about 16×16×16 on; below ~8×8×8 copying
// the operands into its memory costs more than it saves.
const WASM_MIN = 512;

// Block sizes (tuned on a 2-core EPYC): an MC×KC block of A (128 KB) and a KC×NC block of B
// (1 MB) are packed; the KC×4 sliver of A and KC×2 sliver of B that one micro-tile streams
// through (12 KB) stay in L1.
const MR = 4; // micro-tile rows
const NR = 2; // micro-tile columns: 4×2 sums + 4 + 2 operands fit in the 16 SSE registers
const KC = 256;
const MC = 64;
const NC = 512;

/** Matrix product (2-D·2-D), matrix·vector, vector·matrix, vector·vector (a number), scaling by a number. */
export function dot(a: number, b: number): number;
export function dot(a: Operand, b: Operand): NDArray;
export function dot(a: Operand, b: Operand): NDArray | number {
  for (const [x, which] of [[a, "first"], [b, "second"]] as const) {
    if (typeof x !== "number" && !(x instanceof NDArray)) {
      throw new NpError(`np.dot: the ${which} operand must be an NDArray or a number, got ${describeValue(x)}.` + (Array.isArray(x) ? "\nWrap plain JS arrays with np.array(...) first." : ""));
    }
  }
  if (typeof a === "number" || typeof b === "number") return multiply(a, b);
  const sa = a.shape;
  const sb = b.shape;
  if (sa.length === 1 && sb.length === 1) {
    if (sa[0] !== sb[0]) throw notAligned(sa, sb);
    const x = a.data;
    const y = b.data;
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  }
  if (sa.length === 2 && sb.length === 1) {
    const [m, k] = sa as [number, number];
    if (k !== sb[0]) throw notAligned(sa, sb);
    return new NDArray(matvec(a, b.data, m, k), [m]);
  }
  if (sa.length === 1) {
    const [k, n] = sb as [number, number];
    if (sa[0] !== k) throw notAligned(sa, sb);
    // v·B = (Bᵀ·v)ᵀ; Bᵀ is a free view.
    return new NDArray(matvec(b.T, a.data, n, k), [n]);
  }
  const [m, k] = sa as [number, number];
  const [k2, n] = sb as [number, number];
  if (k !== k2) throw notAligned(sa, sb);
  // The WebAssembly path writes every element of the result, so it needs no zero-fill; the JS
  // kernel accumulates into zeros.
  let out: Float64Array;
  if (m * n * k >= WASM_MIN && gemmWasm(m, n, k, a._buf, a._t, b._buf, b._t, (out = resultBuffer(m * n)))) return new NDArray(out, [m, n]);
  out = zeroedBuffer(m * n);
  gemm(m, n, k, a._buf, a._t, b._buf, b._t, out);
  return new NDArray(out, [m, n]);
}

export const matmul = dot;

/** y = A·x for A (m×k), which may be a transposed view. */
function matvec(A: NDArray, x: Float64Array, m: number, k: number): Float64Array {
  const y = zeroedBuffer(m);
  const buf = A._buf;
  if (!A._t) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      const o = i * k;
      for (let p = 0; p < k; p++) s += buf[o + p]! * x[p]!;
      y[i] = s;
    }
  } else {
    // buf is Aᵀ (k×m) row-major: accumulate x[p]·(row p of Aᵀ).
    for (let p = 0; p < k; p++) {
      const xp = x[p]!;
      const o = p * m;
      for (let i = 0; i < m; i++) y[i] += xp * buf[o + i]!;
    }
  }
  return y;
}

// Packing buffers, reused between calls (grown on demand) so a product allocates only its result.
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);

/**
 * C (m×n, row-major, zero-filled) += A·B. `a` holds A row-major (m×k), or Aᵀ row-major (k×m)
 * when `at`; likewise `b` holds B (k×n) or Bᵀ (n×k) when `bt`.
 */
export function gemm(m: number, n: number, k: number, a: Float64Array, at: boolean, b: Float64Array, bt: boolean, c: Float64Array): void {
  if (m === 0 || n === 0 || k === 0) return;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kb = Math.min(KC, k - p0);
      const Bp = packBBlock(b, bt, k, n, p0, kb, j0, nb);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mb = Math.min(MC, m - i0);
        const Ap = packABlock(a, at, m, k, i0, mb, p0, kb);
        macroKernel(Ap, Bp, c, n, i0, mb, j0, nb, kb);
      }
    }
  }
}

/** Packs B[p0:p0+kb, j0:j0+nb] as slivers of NR columns, each kb×NR row-major, zero-padded. */
function packBBlock(b: Float64Array, bt: boolean, k: number, n: number, p0: number, kb: number, j0: number, nb: number): Float64Array {
  const panels = Math.ceil(nb / NR);
  if (packB.length < panels * NR * kb) packB = new Float64Array(panels * NR * kb);
  const Bp = packB;
  for (let q = 0; q < panels; q++) {
    const jb = j0 + q * NR;
    const w = Math.min(NR, n - jb);
    const o = q * NR * kb;
    if (!bt && w === NR) {
      for (let p = 0, s = p0 * n + jb, d = o; p < kb; p++, s += n, d += NR) {
        Bp[d] = b[s]!;
        Bp[d + 1] = b[s + 1]!;
      }
    } else if (!bt) {
      for (let p = 0, s = p0 * n + jb, d = o; p < kb; p++, s += n, d += NR) {
        for (let t = 0; t < NR; t++) Bp[d + t] = t < w ? b[s + t]! : 0;
      }
    } else {
      // b holds Bᵀ (n×k): column j of B is row j of b, contiguous in p.
      for (let t = 0; t < NR; t++) {
        const s = (jb + t) * k + p0;
        for (let p = 0; p < kb; p++) Bp[o + p * NR + t] = t < w ? b[s + p]! : 0;
      }
    }
  }
  return Bp;
}

/** Packs A[i0:i0+mb, p0:p0+kb] as slivers of MR rows, each kb×MR (k-major), zero-padded. */
function packABlock(a: Float64Array, at: boolean, m: number, k: number, i0: number, mb: number, p0: number, kb: number): Float64Array {
  const panels = Math.ceil(mb / MR);
  if (packA.length < panels * MR * kb) packA = new Float64Array(panels * MR * kb);
  const Ap = packA;
  for (let q = 0; q < panels; q++) {
    const ib = i0 + q * MR;
    const h = Math.min(MR, m - ib);
    const o = q * MR * kb;
    if (!at) {
      for (let t = 0; t < MR; t++) {
        if (t < h) {
          const s = (ib + t) * k + p0;
          for (let p = 0; p < kb; p++) Ap[o + p * MR + t] = a[s + p]!;
        } else {
          for (let p = 0; p < kb; p++) Ap[o + p * MR + t] = 0;
        }
      }
    } else {
      // a holds Aᵀ (k×m): row i of A is column i of a; MR consecutive rows are contiguous.
      let d = o;
      if (h === MR) {
        for (let p = 0; p < kb; p++) {
          const s = (p0 + p) * m + ib;
          Ap[d] = a[s]!;
          Ap[d + 1] = a[s + 1]!;
          Ap[d + 2] = a[s + 2]!;
          Ap[d + 3] = a[s + 3]!;
          d += MR;
        }
      } else {
        for (let p = 0; p < kb; p++) {
          const s = (p0 + p) * m + ib;
          for (let t = 0; t < MR; t++) Ap[d + t] = t < h ? a[s + t]! : 0;
          d += MR;
        }
      }
    }
  }
  return Ap;
}

/** C[i0:i0+mb, j0:j0+nb] += Ap·Bp, one MR×NR tile at a time, its 8 sums held in registers. */
function macroKernel(Ap: Float64Array, Bp: Float64Array, c: Float64Array, n: number, i0: number, mb: number, j0: number, nb: number, kb: number): void {
  for (let jq = 0; jq < nb; jq += NR) {
    const w = Math.min(NR, nb - jq);
    const pb0 = (jq / NR) * NR * kb;
    for (let iq = 0; iq < mb; iq += MR) {
      const h = Math.min(MR, mb - iq);
      let pa = (iq / MR) * MR * kb;
      let pb = pb0;
      let c00 = 0, c01 = 0, c10 = 0, c11 = 0, c20 = 0, c21 = 0, c30 = 0, c31 = 0;
      const end = pa + MR * kb;
      for (; pa < end; pa += MR, pb += NR) {
        const a0 = Ap[pa]!, a1 = Ap[pa + 1]!, a2 = Ap[pa + 2]!, a3 = Ap[pa + 3]!;
        const b0 = Bp[pb]!, b1 = Bp[pb + 1]!;
        c00 += a0 * b0; c01 += a0 * b1;
        c10 += a1 * b0; c11 += a1 * b1;
        c20 += a2 * b0; c21 += a2 * b1;
        c30 += a3 * b0; c31 += a3 * b1;
      }
      const o = (i0 + iq) * n + j0 + jq;
      if (h === MR && w === NR) {
        c[o] += c00; c[o + 1] += c01;
        c[o + n] += c10; c[o + n + 1] += c11;
        c[o + 2 * n] += c20; c[o + 2 * n + 1] += c21;
        c[o + 3 * n] += c30; c[o + 3 * n + 1] += c31;
      } else {
        // Edge tile: only the rows and columns that exist (the packed padding is zero).
        c[o] += c00;
        if (w > 1) c[o + 1] += c01;
        if (h > 1) { c[o + n] += c10; if (w > 1) c[o + n + 1] += c11; }
        if (h > 2) { c[o + 2 * n] += c20; if (w > 1) c[o + 2 * n + 1] += c21; }
        if (h > 3) { c[o + 3 * n] += c30; if (w > 1) c[o + 3 * n + 1] += c31; }
      }
    }
  }
}
