// np.dot's WebAssembly SIMD path (lib/np/dot-wasm.ts) against a naive product and the JS kernel:
// every combination of transposed operands, sizes around the tiles and the block sizes,
// non-finite values, and the dispatch from np.dot; the relaxed SIMD (FMA) and base SIMD builds
// against each other and the JS kernel, and the fallbacks when a build does not validate.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray } from "../lib/np/index.ts";
import { gemm } from "../lib/np/dot.ts";
import { gemmWasm, kernelKind, loadKernel } from "../lib/np/dot-wasm.ts";
import type { KernelKind } from "../lib/np/dot-wasm.ts";

/** Loads only the given WebAssembly build, as if the engine rejected the other one. */
function only(kind: Exclude<KernelKind, "js">): KernelKind {
  return loadKernel({ validate: (bytes, k) => k === kind && WebAssembly.validate(bytes) });
}

/** Node has relaxed SIMD (behind the V8 flag np.dot sets) from 20.16 on: process.getBuiltinModule. */
const relaxedExpected = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === "function";

let seed = 12345;
/** Deterministic values in [-1, 1), with a few exact zeros and a spread of magnitudes. */
function rand(len: number): Float64Array {
  const x = new Float64Array(len);
  // The generator's state in a local while it runs (a module variable that leaves the 31-bit
  // integers would be a new heap number at every step).
  let s = seed;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 2 ** 32;
    x[i] = u < 0.02 ? 0 : (u * 2 - 1) * (i % 7 === 3 ? 1e3 : 1);
  }
  seed = s;
  return x;
}

/** C = A·B and Σ|a_ik·b_kj| per entry, in the obvious order; `a` holds Aᵀ when `at`, `b` holds Bᵀ when `bt`. */
function naive(m: number, n: number, k: number, a: Float64Array, at: boolean, b: Float64Array, bt: boolean): { c: Float64Array; scale: Float64Array } {
  // Row i of A and column j of B, each copied contiguous first: the same sums in the same order
  // (p = 0, 1, …), without a cache miss per term on the large shapes.
  const rows = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) rows[i * k + p] = at ? a[p * m + i]! : a[i * k + p]!;
  const cols = new Float64Array(n * k);
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) cols[j * k + p] = bt ? b[j * k + p]! : b[p * n + j]!;
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ri = i * k;
    let j = 0;
    // Four entries of the row at once, each its own sums in the same order: the same results as
    // one entry at a time, without waiting on a single chain of additions.
    for (; j + 4 <= n; j += 4) {
      const c0 = j * k;
      const c1 = c0 + k;
      const c2 = c1 + k;
      const c3 = c2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let p = 0; p < k; p++) {
        const x = rows[ri + p]!;
        const xy0 = x * cols[c0 + p]!;
        const xy1 = x * cols[c1 + p]!;
        const xy2 = x * cols[c2 + p]!;
        const xy3 = x * cols[c3 + p]!;
        s0 += xy0;
        s1 += xy1;
        s2 += xy2;
        s3 += xy3;
        t0 += Math.abs(xy0);
        t1 += Math.abs(xy1);
        t2 += Math.abs(xy2);
        t3 += Math.abs(xy3);
      }
      const o = i * n + j;
      c[o] = s0;
      c[o + 1] = s1;
      c[o + 2] = s2;
      c[o + 3] = s3;
      scale[o] = t0;
      scale[o + 1] = t1;
      scale[o + 2] = t2;
      scale[o + 3] = t3;
    }
    for (; j < n; j++) {
      const cj = j * k;
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const xy = rows[ri + p]! * cols[cj + p]!;
        s += xy;
        t += Math.abs(xy);
      }
      c[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { c, scale };
}

function close(got: Float64Array, want: Float64Array, scale: Float64Array, label: string): void {
  assert.is(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= 1e-12 * scale[i]! + 1e-300 || g === w)) {
      assert.unreachable(`${label}: C[${i}] = ${g}, expected ${w} (scale ${scale[i]})`);
    }
  }
}

/** Element-wise identical (NaN equals NaN). */
function same(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** x, a row-major (rows×cols) matrix, stored transposed: xᵀ, row-major (cols×rows). */
function transposed(x: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c]!;
  return t;
}

type Want = ReturnType<typeof naive>;

/**
 * `each` for the four transpositions of one product: the same A (m×k) and B (k×n), stored as they
 * are or transposed. Their naive product is computed once: naive reads the same rows of A and
 * columns of B whatever the storage, so it would give the same C and scale, bit for bit, four times.
 */
function everyTransposition(m: number, n: number, k: number, each: (m: number, n: number, k: number, at: boolean, bt: boolean, a: Float64Array, b: Float64Array, want: Want) => void): void {
  const a = rand(m * k);
  const b = rand(k * n);
  const want = naive(m, n, k, a, false, b, false);
  const aT = transposed(a, m, k);
  const bT = transposed(b, k, n);
  for (const at of [false, true]) for (const bt of [false, true]) each(m, n, k, at, bt, at ? aT : a, bt ? bT : b, want);
}

function check(m: number, n: number, k: number, at: boolean, bt: boolean, a = rand(m * k), b = rand(k * n), want = naive(m, n, k, a, at, b, bt)): void {
  const label = `${m}x${k}·${k}x${n} ${at ? "Aᵀ" : "A"}·${bt ? "Bᵀ" : "B"}`;
  const a0 = a.slice();
  const b0 = b.slice();
  const cw = new Float64Array(m * n).fill(NaN); // overwritten, not accumulated into
  assert.ok(gemmWasm(m, n, k, a, at, b, bt, cw), `${label}: the WebAssembly kernel is unavailable`);
  close(cw, want.c, want.scale, `${label} wasm`);
  const cj = new Float64Array(m * n);
  gemm(m, n, k, a, at, b, bt, cj);
  close(cw, cj, want.scale, `${label} wasm vs JS`);
  assert.ok(same(a, a0), `${label}: A was modified`);
  assert.ok(same(b, b0), `${label}: B was modified`);
}

test("every transposition, every size 1..9, 15, 16, 17, 33 for m, n and k", () => {
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33];
  for (const m of sizes) for (const n of sizes) for (const k of sizes) everyTransposition(m, n, k, check);
});

test("shapes crossing the block sizes (KC 256, MC 128, NC 2048) and the course's shapes", () => {
  const shapes: [number, number, number][] = [
    [20, 1380, 784], // W·X
    [784, 1380, 20], // W.T·dZ
    [20, 784, 1380], // dZ·A.T
    [129, 1029, 257],
    [131, 5, 513],
    [3, 1031, 300],
    [257, 2, 1],
    [7, 2100, 300],
    [130, 2053, 9],
    [1, 1, 600],
  ];
  for (const [m, n, k] of shapes) everyTransposition(m, n, k, check);
});

test("a large product after a small one and vice versa (the reused memory)", () => {
  check(300, 1100, 40, false, false);
  check(5, 7, 3, true, false);
  check(300, 1100, 40, false, true);
  check(9, 9, 9, true, true);
});

test("NaN and ±Infinity propagate as in IEEE arithmetic (numpy)", () => {
  for (const at of [false, true]) {
    for (const bt of [false, true]) {
      const [m, n, k] = [9, 11, 13];
      const a = rand(m * k);
      const b = rand(k * n);
      a[5] = Infinity; // with a zero somewhere in B's matching row: Inf·0 = NaN
      a[2 * k + 7] = NaN;
      a[40] = -Infinity;
      b[3] = 0;
      b[17] = Infinity;
      b[k * n - 1] = -Infinity;
      check(m, n, k, at, bt, a, b);
    }
  }
  const A = np.array([[Infinity, 1, 0, 0, 0, 0, 0, 0, 0, 0]]);
  const B = np.ones([10, 60]);
  B.data[0] = 0; // Inf·0 in C[0, 0]
  B.data[1] = -1; // Inf·-1 in C[0, 1]
  const C = np.dot(A, B);
  assert.ok(Number.isNaN(C.data[0]!));
  assert.is(C.data[1], -Infinity);
  assert.is(C.data[2], Infinity);
});

test("np.dot on transposed views gives the same as on materialized copies, and leaves them as views", () => {
  np.random.seed(5);
  const W = np.random.randn(20, 78);
  const X = np.random.randn(78, 133);
  const dZ = np.random.randn(20, 133);
  const pairs: [NDArray, NDArray][] = [
    [W, X],
    [W.T, dZ],
    [dZ, X.T],
    [X.T, W.T],
  ];
  for (const [P, Q] of pairs) {
    const before = [P._t, Q._t, P._buf.slice(), Q._buf.slice()];
    const got = np.dot(P, Q);
    assert.equal([P._t, Q._t, P._buf, Q._buf], before, "np.dot changed an operand");
    const Pc = P.copy(); // (materializes a view's .data)
    const Qc = Q.copy();
    const want = naive(Pc.shape[0]!, Qc.shape[1]!, Pc.shape[1]!, Pc.data, false, Qc.data, false);
    close(got.data, want.c, want.scale, `np.dot ${P.shape}·${Q.shape}`);
  }
});

/** C from the relaxed build, the base build and the JS kernel: each within 1e-12 of the naive sum, and of each other. */
function checkKernels(m: number, n: number, k: number, at: boolean, bt: boolean, a = rand(m * k), b = rand(k * n), want = naive(m, n, k, a, at, b, bt)): void {
  const label = `${m}x${k}·${k}x${n} ${at ? "Aᵀ" : "A"}·${bt ? "Bᵀ" : "B"}`;
  const cj = new Float64Array(m * n);
  gemm(m, n, k, a, at, b, bt, cj);
  close(cj, want.c, want.scale, `${label} JS`);
  const results: Float64Array[] = [];
  for (const kind of ["relaxed-simd", "simd"] as const) {
    assert.is(only(kind), kind, `${label}: could not load the ${kind} build`);
    const c = new Float64Array(m * n).fill(NaN); // every element must be overwritten
    assert.ok(gemmWasm(m, n, k, a, at, b, bt, c), `${label}: ${kind} declined`);
    close(c, want.c, want.scale, `${label} ${kind}`);
    close(c, cj, want.scale, `${label} ${kind} vs JS`);
    results.push(c);
  }
  close(results[0]!, results[1]!, want.scale, `${label} relaxed vs base`);
}

test("the relaxed SIMD build is chosen where the engine has it (Node 20.16+: the V8 flag set at run time)", () => {
  const kind = loadKernel();
  assert.ok(kind === "relaxed-simd" || kind === "simd", kind);
  if (relaxedExpected) assert.is(kind, "relaxed-simd");
  assert.is(kernelKind(), kind);
});

test("relaxed, base and JS kernels agree within 1e-12: every transposition, sizes 1, 2, 3, 5, 8, 17, 33", () => {
  if (!relaxedExpected) return;
  const sizes = [1, 2, 3, 5, 8, 17, 33];
  for (const m of sizes) for (const n of sizes) for (const k of sizes) everyTransposition(m, n, k, checkKernels);
  loadKernel();
});

test("relaxed, base and JS kernels agree within 1e-12 past the panels (MC 128, NC 512, KC 256, KT 512) and on the course's shapes", () => {
  if (!relaxedExpected) return;
  const shapes: [number, number, number][] = [
    [129, 513, 257],
    [3, 515, 1031], // odd k over two k-blocks of the row kernel
    [257, 9, 1030],
    [131, 1025, 7],
  ];
  for (const [m, n, k] of shapes) everyTransposition(m, n, k, checkKernels);
  checkKernels(20, 1380, 784, false, false); // W·X
  checkKernels(784, 1380, 20, true, false); // W.T·dZ
  checkKernels(20, 784, 1380, false, true); // dZ·A.T
  loadKernel();
});

test("np.dot through every kernel, on transposed views of every kind, agrees with a naive product", () => {
  np.random.seed(8);
  const W = np.random.randn(21, 67);
  const X = np.random.randn(67, 135);
  const dZ = np.random.randn(21, 135);
  const pairs: [NDArray, NDArray][] = [
    [W, X],
    [W.T, dZ],
    [dZ, X.T],
    [X.T, W.T],
  ];
  const kinds: (() => KernelKind)[] = [() => loadKernel(), () => only("simd"), () => loadKernel({ validate: () => false })];
  for (const load of kinds) {
    const kind = load();
    for (const [P, Q] of pairs) {
      const Pc = P.copy();
      const Qc = Q.copy();
      const want = naive(Pc.shape[0]!, Qc.shape[1]!, Pc.shape[1]!, Pc.data, false, Qc.data, false);
      close(np.dot(P, Q).data, want.c, want.scale, `np.dot ${P.shape}·${Q.shape} (${kind})`);
    }
  }
  loadKernel();
});

test("fallbacks: base SIMD when the relaxed build does not validate, JS when neither does or WebAssembly is missing", () => {
  const seen: string[] = [];
  assert.is(
    loadKernel({
      validate: (bytes, kind) => {
        seen.push(kind);
        return kind !== "relaxed-simd" && WebAssembly.validate(bytes);
      },
    }),
    "simd",
  );
  assert.equal(seen, ["relaxed-simd", "relaxed-simd", "simd"], "the relaxed build is tried again after enabling it, then the base build");
  assert.is(kernelKind(), "simd");
  check(9, 10, 11, true, false);

  assert.is(loadKernel({ validate: () => false }), "js");
  assert.is(kernelKind(), "js");
  const c = new Float64Array(4).fill(7);
  assert.not.ok(gemmWasm(2, 2, 300, rand(600), false, rand(600), false, c), "no kernel: gemmWasm declines");
  assert.equal(Array.from(c), [7, 7, 7, 7], "and leaves C alone");
  const A = np.random.randn(30, 40);
  const B = np.random.randn(40, 50);
  const want = naive(30, 50, 40, A.data, false, B.data, false);
  close(np.dot(A, B).data, want.c, want.scale, "np.dot on the JS kernel");

  assert.is(loadKernel({ validate: () => { throw new Error("engine without that feature"); } }), "js", "a throwing validator counts as a rejection");

  const wasm = globalThis.WebAssembly;
  try {
    (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
    assert.is(loadKernel(), "js");
    close(np.dot(A, B).data, want.c, want.scale, "np.dot without WebAssembly");
  } finally {
    globalThis.WebAssembly = wasm;
  }
  assert.ok(loadKernel() !== "js");
});

test("a product with k = 0 is all zeros, an empty one is empty", () => {
  for (const kind of [() => loadKernel(), () => only("simd")]) {
    kind();
    const c = new Float64Array(6).fill(NaN);
    assert.ok(gemmWasm(2, 3, 0, new Float64Array(0), false, new Float64Array(0), true, c));
    assert.equal(Array.from(c), [0, 0, 0, 0, 0, 0]);
  }
  assert.equal(np.dot(np.zeros([3, 0]), np.zeros([0, 200])).shape, [3, 200]);
  assert.ok(np.dot(np.zeros([3, 0]), np.zeros([0, 200])).data.every((v) => v === 0));
  loadKernel();
});

test.run();
