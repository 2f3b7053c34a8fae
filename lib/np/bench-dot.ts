// Prints np.dot's speed (GFLOP/s, single thread) on the shapes the course uses.
// Run: node --import tsx lib/np/bench-dot.ts   (not a test; the numbers depend on the machine)
import { np } from "./index.ts";
import type { NDArray } from "./ndarray.ts";
import { kernelKind } from "./dot-wasm.ts";

type Case = { name: string; a: () => NDArray; b: () => NDArray; flops: number };

function bench({ name, a, b, flops }: Case): void {
  np.random.seed(0);
  const A = a();
  const B = b();
  // Warm up (JIT), then report the best of several timed runs: on a shared machine the best is
  // the most repeatable figure (other processes only ever make a run slower).
  for (let i = 0; i < 3; i++) np.dot(A, B);
  let best = Infinity;
  const until = performance.now() + 1500;
  for (let r = 0; r < 200 && (r < 10 || performance.now() < until); r++) {
    const t0 = performance.now();
    np.dot(A, B);
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${name.padEnd(34)} ${best.toFixed(2).padStart(8)} ms   ${(flops / (best / 1000) / 1e9).toFixed(2).padStart(5)} GFLOP/s`);
}

const cases: Case[] = [
  { name: "256x256 · 256x256", a: () => np.random.randn(256, 256), b: () => np.random.randn(256, 256), flops: 2 * 256 ** 3 },
  { name: "W·X: 20x784 · 784x1380", a: () => np.random.randn(20, 784), b: () => np.random.randn(784, 1380), flops: 2 * 20 * 784 * 1380 },
  { name: "W.T·dZ: (20x784).T · 20x1380", a: () => np.random.randn(20, 784).T, b: () => np.random.randn(20, 1380), flops: 2 * 784 * 20 * 1380 },
  { name: "dZ·X.T: 20x1380 · (784x1380).T", a: () => np.random.randn(20, 1380), b: () => np.random.randn(784, 1380).T, flops: 2 * 20 * 1380 * 784 },
];

console.log(`np.dot on Node ${process.version}, ${kernelKind()} kernel`);
for (const c of cases) bench(c);
