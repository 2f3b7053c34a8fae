// Result buffers for operations that write every element of their result (element-wise ops, the
// WebAssembly np.dot): they need no zero-filling. The policy, measured by bench/alloc.ts
// (allocation + one write per element, zero-filled vs uninitialized, on a 2-core Xeon):
//   elements         8     64    256   1024   2048   27600   1e6
//   zero-filled   13.6   17.1    9.3    6.1    5.3     4.9   6.5  ns/element
//   uninitialized 93.7   18.5    9.4    5.5    4.7     4.1   6.0
// A `new Float64Array(n)` is calloc'd, and past 64 bytes lives outside V8's heap; from
// UNINITIALIZED_MIN elements on, Node's uninitialized buffers (Buffer.allocUnsafeSlow: malloc, no
// memset, never the shared pool) save the zero-fill, 0.5–0.8 ns per element. Below that they cost
// the same or more, and up to 8 elements a Float64Array lives on V8's heap, the cheapest of all.
// Every array keeps its own ArrayBuffer (no slab shared between arrays): `A.data.buffer` is A's
// alone, and a long-lived small array never pins the memory of others.
type NodeBuffer = { allocUnsafeSlow(size: number): { buffer: ArrayBuffer; byteOffset: number } };

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
  if (n >= UNINITIALIZED_MIN && nodeBuffer) {
    const b = nodeBuffer.allocUnsafeSlow(n * 8);
    return new Float64Array(b.buffer, b.byteOffset, n);
  }
  return new Float64Array(n);
}
