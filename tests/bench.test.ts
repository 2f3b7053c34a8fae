// npm run bench: a smoke test of --quick mode (tiny shapes, one sample, no spawned grade or watch
// runs) and of the timing helpers. Benchmarks are never asserted on: no timing checks here.
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ROOT } from "../grader/exercises.ts";
import { bench } from "../bench/index.ts";
import { formatMs, median, timeIt } from "../bench/measure.ts";

test("median and formatMs", () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 2, 3]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.is(formatMs(1234), "1.23 s");
  assert.is(formatMs(123.4), "123 ms");
  assert.is(formatMs(12.34), "12.3 ms");
  assert.is(formatMs(1.234), "1.23 ms");
});

test("timeIt calls the function: warm-up, calibration and samples", () => {
  let calls = 0;
  const ms = timeIt(() => calls++, { warmup: 2, samples: 3, minSampleMs: 0 });
  assert.ok(ms >= 0);
  assert.is(calls, 2 + 1 + 3);
});

test("bench --quick prints one table with every section", async () => {
  let text = "";
  const { rows } = await bench({ quick: true, dir: join(ROOT, "solutions"), json: false, write: (t) => (text += t) });
  for (const part of ["machine", "node", "numpy", "np.dot", "1. np.dot", "1b. element-wise", "relu", "2. one training iteration", "3. npm run grade", "4. watch mode", "5. npm run train", "W·X", "W.T·dZ", "dZ·A.T"]) {
    assert.ok(text.includes(part), `missing "${part}" in\n${text}`);
  }
  assert.is(rows.filter((r) => r.section.startsWith("1.") && r.measure !== "geometric mean").length, 4);
  assert.ok(rows.filter((r) => r.section.startsWith("1.")).length <= 5, "the products, and their geometric mean when numpy ran");
  assert.ok(rows.filter((r) => r.section.startsWith("1b.")).length >= 5, "the element-wise rows");
  assert.ok(rows.filter((r) => r.section.startsWith("1b.")).every((r) => Number.isFinite(Number(r.ours))), "ns per element for every element-wise row");
  assert.is(rows.filter((r) => r.section.startsWith("2.")).length, 1);
  assert.not.match(rows.find((r) => r.section.startsWith("2."))!.ours, /n\/a/, "the iteration ran with the reference solutions");
  assert.not.ok(text.includes("\r"), "no progress notes when the output is not a terminal");
});

test.run();
