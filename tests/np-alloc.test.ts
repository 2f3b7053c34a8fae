// lib/np's result buffers (lib/np/alloc.ts): small results are views cut from shared slabs. What
// that must never change: every result is its own memory (no two live arrays overlap, writing one
// never shows in another), zeros are zeros however much was written before, and what the grader
// sends over the wire is a compact copy, never a whole slab.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyOf, resultBuffer, SLAB_MAX, zeroedBuffer } from "../lib/np/alloc.ts";
import { np } from "../lib/np/index.ts";
import { encodeValue, transferables } from "../grader/protocol/index.ts";

/** [start, end) in bytes of each array within its buffer, grouped by buffer. */
function overlaps(arrays: Float64Array[]): string[] {
  const found: string[] = [];
  const byBuffer = new Map<ArrayBufferLike, [number, number, number][]>();
  arrays.forEach((a, i) => {
    const list = byBuffer.get(a.buffer) ?? [];
    list.push([a.byteOffset, a.byteOffset + a.byteLength, i]);
    byBuffer.set(a.buffer, list);
  });
  for (const list of byBuffer.values()) {
    list.sort((x, y) => x[0] - y[0]);
    for (let k = 1; k < list.length; k++) if (list[k]![0] < list[k - 1]![1]) found.push(`arrays ${list[k - 1]![2]} and ${list[k]![2]}`);
  }
  return found;
}

test("small results share slabs without overlapping, at every size up to SLAB_MAX and past it", () => {
  const sizes = [1, 8, 9, 10, 63, 64, 65, 160, 511, 512, 1000, SLAB_MAX, SLAB_MAX + 1, 5000];
  const arrays: Float64Array[] = [];
  for (let round = 0; round < 40; round++) for (const n of sizes) arrays.push(round % 2 ? resultBuffer(n) : zeroedBuffer(n));
  assert.equal(overlaps(arrays), []);
  arrays.forEach((a, i) => assert.is(a.length, sizes[i % sizes.length]!));
  // Some do share a buffer (the point of the slabs).
  assert.ok(new Set(arrays.map((a) => a.buffer)).size < arrays.length);
  // Each holds what was written into it.
  arrays.forEach((a, i) => a.fill(i));
  arrays.forEach((a, i) => assert.ok(a.every((x) => x === i), `array ${i}`));
});

test("zeroed buffers and np.zeros are zeros after any amount of writing into earlier results", () => {
  for (let round = 0; round < 200; round++) {
    resultBuffer(9 + (round % 300)).fill(7);
    const z = zeroedBuffer(9 + ((round * 37) % SLAB_MAX));
    assert.ok(z.every((x) => x === 0), `round ${round}`);
    assert.ok(np.zeros([4, 40]).data.every((x) => x === 0));
  }
});

test("a copy is independent of its source, and np results never alias their operands", () => {
  const A = np.add(np.zeros([3, 5]), 1);
  const B = A.copy();
  B.data[0] = 99;
  assert.is(A.data[0], 1);
  const C = copyOf(A.data);
  C[1] = 42;
  assert.is(A.data[1], 1);
  const D = np.multiply(A, 2);
  D.data.fill(-1);
  assert.ok(A.data.every((x) => x === 1) && B.data.slice(1).every((x) => x === 1));
});

test("the wire form of a slab-backed array is a compact copy: its own buffer, of its own length, moved not cloned", () => {
  const A = np.multiply(np.ones([4, 10]), 3);
  assert.ok(A.data.buffer.byteLength > A.data.byteLength, "this array is a view into a larger slab");
  const wire = encodeValue(A, () => 0) as { $: string; data: Float64Array };
  assert.is(wire.$, "nd");
  assert.is(wire.data.byteOffset, 0);
  assert.is(wire.data.buffer.byteLength, 40 * 8);
  assert.equal(transferables(wire), [wire.data.buffer]);
  // The slab itself is never handed to the transport.
  assert.not.ok(transferables({ a: A.data }).includes(A.data.buffer as ArrayBuffer));
});

test.run();
