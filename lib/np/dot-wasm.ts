// np.dot's fast path: the WebAssembly SIMD kernel of lib/np/wasm/dot.wat (f64x2, a 4×4 register
// tile) behind GotoBLAS-style blocking done here. Operands are copied block by block into the
// module's memory, already in the layout the kernel reads: a non-transposed B (and a transposed A,
// `A.T` views) is copied row by row (memcpy) with a padded stride, while A and Bᵀ are packed into
// k-major slivers; finished rows of C are copied out right after the kernel writes them. The
// module is compiled synchronously on first use and its memory is reused
// (grown on demand; it holds two blocks and one panel of ≤ NC columns of C, ~4.5 MB + 8·m·min(n, NC) bytes).
// If WebAssembly is unavailable, `gemmWasm` returns false and np.dot uses JS.
import { DOT_WASM_BASE64, MR, NR } from "./dot-wasm-bytes.ts";

if (MR !== 4 || NR !== 4) throw new Error("dot-wasm.ts packs slivers of 4: regenerate with MR = NR = 4 or update packSlivers");

type Kernel = {
  memory: WebAssembly.Memory;
  macro: (pa: number, astep: number, lda: number, pb: number, bstep: number, ldb: number, pc: number, ldc: number, mb: number, nb: number, kb: number, acc: number) => void;
};

// Block sizes: an MC×KC block of A (256 KB, L2), a KC×NC block of B (4 MB; with one row block of
// A, as in the course's 20-row products, B streams through once either way); a KC×NR sliver of B
// (one 64-byte line per k with the raw layout) stays in L1 while the MR-row slivers of A stream.
const KC = 256;
const MC = 128;
const NC = 2048;
const SCRATCH = 1024; // bytes 0..MR*NR*8 are the kernel's edge-tile scratch
const A_OFF = SCRATCH;
const A_BYTES = KC * (MC + 16) * 8;
const B_OFF = A_OFF + A_BYTES;
const B_BYTES = KC * (NC + 16) * 8;
const C_OFF = B_OFF + B_BYTES;
const MAX_BYTES = 1 << 30;

let kernel: Kernel | null | undefined;
let f64 = new Float64Array(0);

function load(): Kernel | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bin = atob(DOT_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return inst.exports as unknown as Kernel;
  } catch {
    return null;
  }
}

/** A row stride (in elements) ≥ w, a multiple of NR, that is an odd multiple of 64 bytes (no 4 KB aliasing). */
function stride(w: number): number {
  let ld = Math.ceil(w / 8) * 8;
  if ((ld / 8) % 2 === 0) ld += 8;
  return ld;
}

/** F[o + p*ld + t] = x[(p0+p)*w + c0 + t] for p < kb, t < cb: rows of a row-major (·×w) x, memcpy'd. */
function copyRows(F: Float64Array, o: number, ld: number, x: Float64Array, w: number, c0: number, cb: number, p0: number, kb: number): void {
  if (cb >= 32) {
    for (let p = 0, s = p0 * w + c0, d = o; p < kb; p++, s += w, d += ld) F.set(x.subarray(s, s + cb), d);
  } else {
    // Narrow rows: a subarray per row costs more than the copy.
    for (let p = 0, s = p0 * w + c0, d = o; p < kb; p++, s += w, d += ld) for (let t = 0; t < cb; t++) F[d + t] = x[s + t]!;
  }
}

/**
 * Packs rows r0..r0+rb, columns p0..p0+kb of a row-major (·×k) x into slivers of 4 rows, each kb×4
 * k-major, at F[o..]: sliver q holds x[r0+4q+t, p0+p] at o + q*4*kb + p*4 + t. Rows past rb are left as they are.
 */
function packSlivers(F: Float64Array, o: number, x: Float64Array, k: number, r0: number, rb: number, p0: number, kb: number): void {
  let r = r0;
  for (; r + 4 <= r0 + rb; r += 4, o += 4 * kb) {
    const s0 = r * k + p0, s1 = s0 + k, s2 = s1 + k, s3 = s2 + k;
    for (let p = 0, d = o; p < kb; p++, d += 4) {
      F[d] = x[s0 + p]!;
      F[d + 1] = x[s1 + p]!;
      F[d + 2] = x[s2 + p]!;
      F[d + 3] = x[s3 + p]!;
    }
  }
  for (let t = 0; r < r0 + rb; r++, t++) {
    const s = r * k + p0;
    for (let p = 0, d = o + t; p < kb; p++, d += 4) F[d] = x[s + p]!;
  }
}

/**
 * C (m×n, row-major, overwritten) = A·B, like `gemm` in dot.ts. Returns false (C untouched) if the
 * WebAssembly kernel is unavailable or the product needs more memory than it allows.
 */
export function gemmWasm(m: number, n: number, k: number, a: Float64Array, at: boolean, b: Float64Array, bt: boolean, c: Float64Array): boolean {
  if (kernel === undefined) kernel = load();
  if (kernel === null) return false;
  const need = C_OFF + m * Math.min(n, NC) * 8 + 64; // C is computed one panel of ≤ NC columns at a time
  if (need > MAX_BYTES) return false;
  const mem = kernel.memory;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  if (f64.buffer !== mem.buffer) f64 = new Float64Array(mem.buffer);
  const F = f64;
  const macro = kernel.macro;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kb = Math.min(KC, k - p0);
      let bstep: number, ldb: number;
      const bo = B_OFF / 8;
      if (!bt) {
        // B rows as they are, at a padded stride: the kernel reads NR consecutive columns per k.
        const ld = stride(nb);
        copyRows(F, bo, ld, b, n, j0, nb, p0, kb);
        bstep = NR * 8;
        ldb = ld * 8;
      } else {
        // b holds Bᵀ (n×k): pack columns j of B (rows of b) into kb×NR slivers.
        packSlivers(F, bo, b, k, j0, nb, p0, kb);
        bstep = NR * kb * 8;
        ldb = NR * 8;
      }
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mb = Math.min(MC, m - i0);
        let astep: number, lda: number;
        const ao = A_OFF / 8;
        if (at) {
          // a holds Aᵀ (k×m): MR consecutive rows of A are contiguous in each row of a.
          const ld = stride(mb);
          copyRows(F, ao, ld, a, m, i0, mb, p0, kb);
          astep = MR * 8;
          lda = ld * 8;
        } else {
          packSlivers(F, ao, a, k, i0, mb, p0, kb);
          astep = MR * kb * 8;
          lda = MR * 8;
        }
        // The panel C[:, j0:j0+nb] sits at C_OFF with row stride nb.
        macro(A_OFF, astep, lda, B_OFF, bstep, ldb, C_OFF + i0 * nb * 8, nb * 8, mb, nb, kb, p0 > 0 ? 1 : 0);
        if (p0 + kb === k) {
          // These rows of the panel are final: copy them out while they are still in cache.
          const co = C_OFF / 8 + i0 * nb;
          if (nb === n) c.set(F.subarray(co, co + mb * n), i0 * n);
          else for (let i = 0; i < mb; i++) c.set(F.subarray(co + i * nb, co + (i + 1) * nb), (i0 + i) * n + j0);
        }
      }
    }
  }
  return true;
}
