/**
 * The grader engine on a fixture for every outcome: each gets the right status and a message
 * with the words a learner needs, and one bad file never stops the others from being graded.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { Runner } from "../grader/runner/index.ts";
import { ROOT, findExercise } from "../grader/exercises.ts";
import type { ExerciseResult } from "../grader/types.ts";
import { pristineStubs } from "./helpers/pristine.ts";
import { FIXTURES, messagesOf } from "./helpers/grade-fixture.ts";

// The specs' own limit (5 s) for the fixtures that must finish: a busy machine never turns their
// verdicts into timeouts. The infinite loop has a short one (it spins a core for its whole limit):
// loading the file, the one step before the loop that counts against it, takes about 20 ms, so
// 0.5 s leaves the loop most of it.
const LOOP_MS = 500;
const runner = new Runner({ learnerDir: FIXTURES, hiddenSeed: 7 });
const ex = findExercise("02");
/** Grades a fixture; the runner reads its time limit as each exercise starts, and the tests grade one at a time. */
const grade = (name: string, timeLimitMs?: number) => {
  runner.options.timeLimitMs = timeLimitMs;
  return runner.grade(ex, join(FIXTURES, "engine", "02_linear_forward", `${name}.ts`));
};
const statuses = (r: ExerciseResult) => r.checks.map((c) => c.status).join(",");

test("a correct answer passes every check, with full points", async () => {
  const r = await grade("pass");
  assert.is(r.status, "passed", messagesOf(r));
  assert.is(r.points, r.maxPoints);
  assert.ok(r.maxPoints > 0);
  assert.ok(r.checks.every((c) => c.status === "passed"));
  assert.match(r.checks.find((c) => c.name.includes("values"))!.message ?? "", /exact|within tolerance/);
});

test("a wrong value fails the value checks, showing expected and actual in numpy's format", async () => {
  const r = await grade("wrong-value");
  assert.is(r.status, "failed");
  const values = r.checks.find((c) => c.name.includes("values"))!;
  assert.is(values.status, "failed");
  assert.match(values.message!, /largest absolute difference [\d.]+ at \[0, \d\]/);
  assert.match(values.expected!, /^array\(\[\[ 3\.26295337, -1\.23429987\]\]\)$/);
  assert.match(values.actual!, /^array\(\[\[/);
  assert.match(values.message!, /linearForward\(A, W, b\) with A \(3, 2\), W \(1, 3\), b \(1, 1\)/);
  assert.ok(values.hint === undefined || typeof values.hint === "string");
  assert.is(values.lesson, "lessons/en/02_forward_propagation.md#vectorized");
  // The shape is right, so the shape check passes.
  assert.is(r.checks.find((c) => c.name.includes("shape"))!.status, "passed");
});

test("a wrong shape is reported in lecture notation", async () => {
  const r = await grade("wrong-shape");
  assert.is(r.status, "failed");
  const shape = r.checks.find((c) => c.name.includes("shape"))!;
  assert.is(shape.status, "failed");
  assert.match(shape.message!, /Z should be \(n\[l\], m\) = \(1, 2\), but it is \(2, 1\)/);
  assert.match(shape.message!, /transpose/);
});

test("a mutated input fails and names the element that changed", async () => {
  const r = await grade("mutated-input");
  assert.is(r.status, "failed");
  const msg = messagesOf(r);
  assert.match(msg, /linearForward changed its input: A\[0, 0\] was 1\.62434536\d* and is now 0(\.0)?/);
});

test("an exception shows the learner's file and TypeScript line, without grader frames", async () => {
  const r = await grade("throws");
  assert.is(r.status, "error", statuses(r));
  const c = r.checks.find((c) => c.status === "error")!;
  assert.match(c.message!, /linearForward threw Error: only one example at a time, got m = 2/);
  assert.match(c.location!, /engine\/02_linear_forward\/throws\.ts:6:11$/);
  assert.match(c.codeFrame!, /6 \|     throw new Error/);
  assert.not.match(c.message!, /grader\/|node:internal/);
});

test("a numpy error inside learner code names both shapes and the learner's line", async () => {
  const r = await grade("shape-error");
  const c = r.checks.find((c) => c.status === "error")!;
  assert.match(c.message!, /shapes \(3,2\) and \(1,3\) not aligned/);
  assert.match(c.location!, /shape-error\.ts:5:/);
});

test("an untouched stub is 'not started', not a crash", async () => {
  const r = await grade("not-started");
  assert.is(r.status, "not-started");
  assert.is(r.points, 0);
  assert.ok(r.checks.every((c) => c.status === "not-started"));
  assert.is(r.message, undefined);
});

test("a missing export is an error that names the export and the near miss", async () => {
  const r = await grade("missing-export");
  assert.is(r.status, "error");
  assert.match(r.message!, /has no export named linearForward \(it has linearforward: check the spelling\)/);
  assert.match(r.message!, /export function linearForward\(A, W, b\)/);
});

test("an infinite loop is stopped at its time limit (the message names it), and the grader carries on", async () => {
  const r = await grade("timeout", LOOP_MS);
  assert.is(r.status, "timeout");
  assert.match(r.message!, /Timed out after 0\.5 s in the check "returns \[Z, cache\]"/);
  assert.is(r.checks.length, r.maxPoints > 0 ? r.checks.length : 0);
  assert.is(r.points, 0);
  // The next exercise is graded normally by a fresh worker.
  const next = await grade("pass");
  assert.is(next.status, "passed");
});

test("process.exit(0) never counts as a pass", async () => {
  const r = await grade("process-exit");
  assert.is(r.status, "error");
  assert.is(r.points, 0);
  assert.match(messagesOf(r), /process\.exit\(0\) was called/);
  assert.match(r.checks[0]!.location ?? "", /process-exit\.ts:4:/);
  const next = await grade("pass");
  assert.is(next.status, "passed");
});

test("a syntax error points at the line and column", async () => {
  const r = await grade("syntax-error");
  assert.is(r.status, "error");
  assert.match(r.message!, /^Syntax error: Expected "\)" but found ";"/);
  assert.match(r.location!, /syntax-error\.ts:5:\d+$/);
  assert.match(r.codeFrame!, /5 \|   const Z = np\.add\(np\.dot\(W, A\), b;/);
});

test("returning a Promise is named as such", async () => {
  const r = await grade("async");
  assert.is(r.status, "failed");
  assert.match(messagesOf(r), /returned a Promise.*remove "async"/);
});

test("an exception while the module loads is an error with its location", async () => {
  const r = await grade("top-level-throw");
  assert.is(r.status, "error");
  assert.match(r.message!, /failed to load: SyntaxError: .*JSON/);
  assert.match(r.location ?? "", /top-level-throw\.ts:3:/);
});

test("importing the reference solution is refused", async () => {
  const r = await runner.grade(ex, join(FIXTURES, "engine", "imports-solution", "02_linear_forward.ts"));
  assert.is(r.status, "error");
  assert.match(r.message!, /may not import the reference solutions/);
});

test("the solutions pass and the stubs are not started, in one run", async () => {
  const solutions = new Runner({ learnerDir: join(ROOT, "solutions") });
  const stubs = new Runner({ learnerDir: pristineStubs() });
  try {
    for (const id of ["01", "02"]) {
      const s = await solutions.grade(findExercise(id));
      assert.is(s.status, "passed", `${id}: ${messagesOf(s)}`);
      const u = await stubs.grade(findExercise(id));
      assert.is(u.status, "not-started", `${id}: ${messagesOf(u)}`);
      assert.is(u.output, undefined);
    }
  } finally {
    await solutions.close();
    await stubs.close();
  }
});

test.after(() => runner.close());
test.run();
