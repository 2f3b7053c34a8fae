/**
 * The measurement behind lib/np/alloc.ts's policy for result buffers: the cost of allocating a
 * result and writing every element, per element, for a zero-filled `new Float64Array(n)`, for
 * Node's uninitialized `Buffer.allocUnsafeSlow`, and for a view cut from shared slabs of 8, 32 and 64 KB
 * (small sizes), across sizes, interleaved (a shared machine's noise hits all alike), in process
 * CPU time. Run: node --import tsx bench/alloc.ts
 * Not a test; the figures depend on the machine.
 */
import { median } from "./measure.ts";

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const src = new Float64Array(1 << 20).map((_, i) => Math.sin(i));
let sink = 0;

/** Views cut from shared slabs of `bytes` (a bump allocator: a fresh slab is zero-filled, and nothing is reused). */
function slabs(bytes: number): (n: number) => Float64Array {
  let slab = new ArrayBuffer(0);
  let used = bytes;
  return (n: number) => {
    if (used + n * 8 > bytes) {
      slab = new ArrayBuffer(bytes);
      used = 0;
    }
    const out = new Float64Array(slab, used, n);
    used += n * 8;
    return out;
  };
}
const policies: Record<string, (n: number) => Float64Array> = {
  zeroed: (n: number) => new Float64Array(n),
  slab8k: slabs(8192),
  slab32k: slabs(32768),
  slab64k: slabs(65536),
  uninitialized: (n: number) => {
    const b = Buffer.allocUnsafeSlow(n * 8);
    return new Float64Array(b.buffer, b.byteOffset, n);
  },
};

/** One result of n elements, every element written (what an element-wise op does). */
function op(alloc: (n: number) => Float64Array, n: number): void {
  const out = alloc(n);
  for (let i = 0; i < n; i++) out[i] = src[i]! * 2;
  sink += out[n - 1]!;
}

console.log("elements   zero-filled   uninitialized   8 KB slab   32 KB slab   64 KB slab   (ns per element, allocation + one write each)");
for (const n of [8, 9, 64, 160, 256, 512, 1024, 2048, 4096, 27_600, 110_400, 1_000_000]) {
  const reps = Math.max(10, Math.floor(4e6 / n));
  const samples: Record<string, number[]> = { zeroed: [], uninitialized: [], slab8k: [], slab32k: [], slab64k: [] };
  for (let s = 0; s < 9; s++) {
    for (const [name, alloc] of Object.entries(policies)) {
      // A slab holds at least eight results of the size.
      if (name === "slab8k" && n * 8 > 1024) continue;
      if (name === "slab32k" && n * 8 > 4096) continue;
      if (name === "slab64k" && n * 8 > 8192) continue;
      for (let w = 0; w < Math.min(reps, 50); w++) op(alloc, n);
      const t = cpuMs();
      for (let r = 0; r < reps; r++) op(alloc, n);
      samples[name]!.push(((cpuMs() - t) * 1e6) / reps / n);
    }
  }
  const of = (name: string) => (samples[name]!.length ? median(samples[name]!).toFixed(2) : "");
  console.log(`${String(n).padStart(8)}   ${of("zeroed").padStart(11)}   ${of("uninitialized").padStart(13)}   ${of("slab8k").padStart(9)}   ${of("slab32k").padStart(10)}   ${of("slab64k").padStart(10)}`);
}
if (sink === 42) console.log("");
