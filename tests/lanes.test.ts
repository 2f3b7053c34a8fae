/**
 * A whole-course grade on two lanes (two executors at once): the same results in the same order as
 * one lane, and a loop or a memory bomb still costs only its own exercise (an exercise stopped for
 * memory while the other lane ran is graded again alone).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, listExercises } from "../grader/exercises.ts";
import { Runner } from "../grader/runner/index.ts";
import type { ExerciseResult } from "../grader/types.ts";
import { contained, solution, summary, work, workbook } from "./helpers/trust-workbook.ts";

async function grade(dir: string, lanes: number, options: { timeLimitMs?: number; timeLimitsMs?: Record<string, number>; memoryMb?: number } = {}) {
  const runner = new Runner({ learnerDir: dir, hiddenSeed: 11, lanes, timeLimitMs: options.timeLimitMs ?? 4000, timeLimitsMs: options.timeLimitsMs, memoryMb: options.memoryMb ?? 384 });
  const order: string[] = [];
  try {
    const results = await runner.gradeAll(listExercises(), (r) => order.push(r.id));
    return { results, order };
  } finally {
    await runner.close();
  }
}

const outline = (r: ExerciseResult) => `${r.id} ${r.status} ${r.points}/${r.maxPoints} [${r.checks.map((c) => `${c.status}:${c.points}`).join(" ")}]`;

test("two lanes grade the solutions exactly as one lane does, reported in the course's order", async () => {
  const dir = join(ROOT, "solutions");
  const one = await grade(dir, 1);
  const two = await grade(dir, 2);
  const ids = listExercises().map((e) => e.id);
  assert.equal(two.order, ids, "onResult comes in order");
  assert.equal(two.results.map((r) => r.id), ids);
  assert.equal(two.results.map(outline), one.results.map(outline));
  assert.ok(two.results.every((r) => r.status === "passed"), two.results.map(outline).join("\n"));
});

test("two lanes: a loop in 03 and a memory bomb in 04 cost only 03 and 04", async () => {
  const dir = workbook("lanes-loop-memory", {
    "03_activation_forward.ts": solution("03_activation_forward").replace(/(export function relu\([^)]*\)[^{]*\{\n)/, "$1  while (true) {}\n"),
    // Touched memory (filled arrays), so the process's resident memory grows: the watchdog's case.
    "04_model_forward.ts": solution("04_model_forward").replace(/(export function modelForward\([^)]*\)[^{]*\{\n)/, "$1  const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 22).fill(1));\n"),
  });
  // The loop spins a core for its whole limit: 03 has one of its own. Loading 03, the one step before
  // the loop that counts against it, takes about 20 ms (35 ms as the first file of a fresh
  // executor), so 0.5 s leaves the loop most of it. The other exercises keep 3 s, far above their
  // slowest correct run (exercise 10: about 0.4 s, 0.7 s on a loaded machine).
  const { results, order } = await grade(dir, 2, { timeLimitMs: 3000, timeLimitsMs: { "03": 500 }, memoryMb: 256 });
  assert.equal(order, listExercises().map((e) => e.id));
  const byId = new Map(results.map((r) => [r.id, r]));
  contained(byId, ["03", "04"], "a loop in 03 and a memory bomb in 04 on two lanes");
  assert.is(byId.get("03")!.status, "timeout", summary(byId.get("03")!));
  assert.match(summary(byId.get("04")!), /Ran out of memory|timed out|Timed out/i);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
