// Prints np.dot's speed (GFLOP/s, single thread) on the shapes the course uses.
// Run: node --import tsx lib/np/bench-dot.ts      (not a test; numbers depend on the machine)
import { np } from "./index.ts";
import type { NDArray } from "./ndarray.ts";

type Case = { name: string; a: () => NDArray; b: () => NDArray; flops: number };

function bench({ name, a, b, flops }: Case): void {
  np.random.seed(0);
  const A = a();
  const B = b();
  // Warm up (JIT), then time enough repetitions for ~0.5 s.
  for (let i = 0; i < 3; i++) np.dot(A, B);
  let reps = 1;
  let ms = 0;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) np.dot(A, B);
    ms = performance.now() - t0;
    if (ms > 500) break;
    reps *= 2;
  }
  const perCall = ms / reps;
  console.log(`${name.padEnd(34)} ${perCall.toFixed(2).padStart(8)} ms   ${((flops / (perCall / 1000)) / 1e9).toFixed(2).padStart(5)} GFLOP/s`);
}

const cases: Case[] = [
  { name: "256x256 · 256x256", a: () => np.random.randn(256, 256), b: () => np.random.randn(256, 256), flops: 2 * 256 ** 3 },
  { name: "W·X: 20x784 · 784x2000", a: () => np.random.randn(20, 784), b: () => np.random.randn(784, 2000), flops: 2 * 20 * 784 * 2000 },
  { name: "W.T·dZ: (20x784).T · 20x2000", a: () => np.random.randn(20, 784).T, b: () => np.random.randn(20, 2000), flops: 2 * 784 * 20 * 2000 },
  { name: "dZ·X.T: 20x2000 · (784x2000).T", a: () => np.random.randn(20, 2000), b: () => np.random.randn(784, 2000).T, flops: 2 * 20 * 2000 * 784 },
];

console.log(`np.dot on Node ${process.version}`);
for (const c of cases) bench(c);
