// Result buffers for operations that write every element of their result (element-wise ops, the
// WebAssembly np.dot), and zero-filled buffers for the ones that accumulate (sums, zeros). The
// policy, measured by bench/alloc.ts (allocation + one write per element; ns per element, medians;
// "before" on a 2-core Xeon, the others on a 2-core EPYC virtual machine, where an allocation outside
// V8's heap costs 1–3 µs however small):
//   elements                 8      9     64    160    256    512   1024   2048   27600    1e6
//   new Float64Array        6.0  253.3   87.8   32.3   17.2    9.5    6.1    4.5     3.0    1.7
//   8 KB slab view         10.3   16.2   21.2
//   32 KB slab view         6.9    8.1    4.8   12.0    6.8    5.1
//   64 KB slab view         6.9    8.0    3.9    4.3    4.6    2.9    3.2
//   uninitialized         241.9  233.2   68.1   25.9   14.7    6.6    4.9    4.6     3.1    1.5
//   (before: 8 KB slabs)   13.1  167.3   15.8           7.4           4.7    3.7     3.0    7.5
// - Up to 8 elements (64 bytes) a Float64Array lives on V8's heap: nothing is cheaper.
// - Past that its memory is allocated outside the heap, at a cost per allocation (malloc, the
//   backing store's bookkeeping, the GC's external-memory accounting) that dwarfs writing a few
//   hundred elements: results of 9 to SLAB_MAX elements (4 KB) are views cut from a shared 32 KB
//   ArrayBuffer, a bump allocator (as Node's own Buffer pool is): a fresh slab is zero-filled and
//   nothing in it is ever handed out twice, so a view is zeroed too. The costs: such an array's
//   `.buffer` is shared with its neighbours (use byteOffset and length, or copy, before handing the
//   buffer on: structured clone copies a view's whole buffer, which is why the grader's protocol
//   sends copies), and a small array that outlives its neighbours keeps its slab alive. That is
//   why the slabs are 32 KB, not the 64 KB that measured faster still: what long-lived small arrays
//   can hold is at most the small results allocated meanwhile, in 32 KB pieces. Measured: a training
//   iteration cuts 0.19 slabs on the capstone's 784→20→7→5→1 network (m = 1380) and 1.05 on a
//   2→8→4→1 network (m = 40), so an array kept from every iteration holds 6 KB or 34 KB per iteration.
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
export const SLAB_MAX = 512;
const SLAB_BYTES = 32768;
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
  if (n > ON_HEAP_MAX && n <= SLAB_MAX) return slabView(n);
  if (n >= UNINITIALIZED_MIN && nodeBuffer) {
    const b = nodeBuffer.allocUnsafeSlow(n * 8);
    return new Float64Array(b.buffer, b.byteOffset, n);
  }
  return new Float64Array(n);
}

/** A zero-filled Float64Array of n elements (for results that accumulate, and np.zeros). */
export function zeroedBuffer(n: number): Float64Array {
  return n > ON_HEAP_MAX && n <= SLAB_MAX ? slabView(n) : new Float64Array(n);
}

/** A copy of `src` in a buffer of its own (cut from a slab when small). */
export function copyOf(src: Float64Array): Float64Array {
  const out = resultBuffer(src.length);
  out.set(src);
  return out;
}

/** The next n elements of the current slab (a fresh one when they do not fit): zero, never handed out before. */
function slabView(n: number): Float64Array {
  const bytes = n * 8;
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = new Float64Array(slab, slabUsed, n);
  slabUsed += bytes;
  return out;
}
