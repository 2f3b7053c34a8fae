// Result buffers for operations that write every element of their result (element-wise ops, the
// WebAssembly np.dot): they need no zero-filling. The policy, measured by bench/alloc.ts
// (allocation + one write per element, on a 2-core Xeon; ns per element, medians):
//   elements          8      9     64    256   1024   2048   27600    1e6
//   new Float64Array 13.1  167.3  15.8    7.4    4.7    3.7     3.0    7.5
//   8 KB slab view   12.8   14.0   7.3    5.0
//   uninitialized   181.5  165.7  18.1    6.6    3.6    2.9     2.5    5.3
// - Up to 8 elements (64 bytes) a Float64Array lives on V8's heap: nothing is cheaper.
// - Past that its memory is allocated outside the heap, ~0.4–1.5 µs each however small: results
//   of 9 to SLAB_MAX elements are views cut from a shared 8 KB ArrayBuffer (as Node's own Buffer
//   pool does). The cost: such an array's `.buffer` is shared with its neighbours (use byteOffset
//   and length, or copy, before handing the buffer on), and a long-lived small array keeps its
//   8 KB slab alive.
// - From UNINITIALIZED_MIN elements on, in Node, uninitialized memory (Buffer.allocUnsafeSlow:
//   malloc without memset, never the shared pool) saves the zero-fill, 0.5–2 ns per element.
// - In between, and outside Node, a plain zero-filled Float64Array.
// What no policy here removes: a large result's first writes page-fault whenever glibc has handed
// the memory of earlier, collected results back to the kernel (heap trimming; the GC frees them
// in batches, later than numpy's reference counting does). Measured: np.dot(W.T, dZ), an 8.6 MB
// result, ~1000–1500 faults and 2.5–3.9 ms of system time per call, 6.2–7.8 ms in all; with
// MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_MMAP_THRESHOLD_=67108864 in the environment, no faults
// and 5.1–5.4 ms (a 20×1380 multiply: 9.0 → 6.5 ns per element). That is a setting for the whole
// process, read by glibc at start-up, so not lib/np's to make.
type NodeBuffer = { allocUnsafeSlow(size: number): { buffer: ArrayBuffer; byteOffset: number } };

/** Up to this many elements a Float64Array lives on V8's heap: the cheapest allocation there is. */
const ON_HEAP_MAX = 8;
/** Small results, from ON_HEAP_MAX + 1 to SLAB_MAX elements, are cut from shared SLAB_BYTES slabs. */
export const SLAB_MAX = 64;
const SLAB_BYTES = 8192;
let slab = new ArrayBuffer(0);
let slabUsed = SLAB_BYTES;

/** Elements from which a result skips the zero-fill (where the platform allows it). */
export const UNINITIALIZED_MIN = 1024;

const nodeBuffer: NodeBuffer | undefined = (() => {
  const B = (globalThis as { Buffer?: Partial<NodeBuffer> }).Buffer;
  return typeof B?.allocUnsafeSlow === "function" ? (B as NodeBuffer) : undefined;
})();

/**
 * A Float64Array of n elements whose contents are unspecified: the caller must write every one
 * before anyone else can see it. Zero-filled below UNINITIALIZED_MIN, or outside Node.
 */
export function resultBuffer(n: number): Float64Array {
  if (n > ON_HEAP_MAX && n <= SLAB_MAX) {
    const bytes = n * 8;
    if (slabUsed + bytes > SLAB_BYTES) {
      slab = new ArrayBuffer(SLAB_BYTES);
      slabUsed = 0;
    }
    const out = new Float64Array(slab, slabUsed, n);
    slabUsed += bytes;
    return out;
  }
  if (n >= UNINITIALIZED_MIN && nodeBuffer) {
    const b = nodeBuffer.allocUnsafeSlow(n * 8);
    return new Float64Array(b.buffer, b.byteOffset, n);
  }
  return new Float64Array(n);
}
