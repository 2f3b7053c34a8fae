// Result buffers for operations that write every element of their result (element-wise ops, the
// WebAssembly np.dot): they need no zero-filling. The policy, measured (bench/alloc.ts): a
// `new Float64Array(n)` is calloc'd and, past 64 bytes, lives outside V8's heap; from
// UNINITIALIZED_MIN elements on, Node's uninitialized buffers (malloc, no memset: Buffer.allocUnsafeSlow,
// never the shared pool) save the zero-fill, ~1 ns per element. Below that the two cost the
// same, and a Float64Array of ≤ 8 elements is allocated on V8's heap, the cheapest of all. Every
// array keeps its own ArrayBuffer (no slab shared between arrays): `A.data.buffer` is A's alone,
// and a long-lived small array never pins the memory of others.
type NodeBuffer = { allocUnsafeSlow(size: number): { buffer: ArrayBuffer; byteOffset: number } };

/** Elements from which a result skips the zero-fill (where the platform allows it). */
export const UNINITIALIZED_MIN = 2048;

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
