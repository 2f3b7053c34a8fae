/**
 * The hostile and broken catalog: for each file the grader finishes, the exercise gets the right
 * status and a specific message, the exercise graded after it is still graded correctly, and the
 * whole run ends within the sum of the time limits.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Runner } from "../grader/runner/index.ts";
import { ROOT, findExercise } from "../grader/exercises.ts";
import type { ExerciseResult } from "../grader/types.ts";
import { FIXTURES, messagesOf } from "./helpers/grade-fixture.ts";

// The cases that must time out have a short limit: a loop spins a core for its whole limit. The
// hidden-cases loop comes after the visible checks, which take about 20 ms (35 ms as the first
// file of a fresh executor), so 0.5 s leaves them a wide margin and the loop most of the limit.
// Every other case, and the exercise graded after each, has the specs' own limit (5 s): its
// grading takes a tenth of a second, and a busy machine must not turn its verdict into a timeout.
const LIMIT_MS = 500;
const MUST_TIME_OUT = /loops-forever|timeout-in-hidden/;
const runner = new Runner({ learnerDir: FIXTURES, hiddenSeed: 99, memoryMb: 384 });
// Running out of memory takes a moment on a busy machine: these cases get a longer time limit, and a
// heap limit of 128 MB (an executor holds about 20 MB; the bombs fill the rest, which costs time).
const MEMORY_LIMIT_MS = 8000;
const memoryRunner = new Runner({ learnerDir: FIXTURES, hiddenSeed: 99, timeLimitMs: MEMORY_LIMIT_MS, memoryMb: 128 });
/** Grades a case. The exercise graded after each case is graded by `runner`: the case's own runner, but after a memory case. */
const grade = (exercise: string, file: string) => {
  if (/allocation/.test(file)) return memoryRunner.grade(findExercise(exercise), join(FIXTURES, "hostile", file));
  // The runner reads its time limit as each exercise starts; the tests grade one file at a time.
  runner.options.timeLimitMs = MUST_TIME_OUT.test(file) ? LIMIT_MS : undefined;
  return runner.grade(findExercise(exercise), join(FIXTURES, "hostile", file));
};
const correct = () => {
  runner.options.timeLimitMs = undefined;
  return runner.grade(findExercise("02"), join(FIXTURES, "engine", "02_linear_forward", "pass.ts"));
};

type Case = [file: string, status: ExerciseResult["status"], ...patterns: RegExp[]];
const CASES: Case[] = [
  ["02_linear_forward/deep-recursion.ts", "error", /Maximum call stack/, /recursion never reached its base case/],
  ["02_linear_forward/heap-allocation.ts", "error", /Ran out of memory/],
  ["02_linear_forward/typed-allocation.ts", "error", /Ran out of memory/],
  ["02_linear_forward/exit-1.ts", "error", /process\.exit\(1\) was called/],
  ["02_linear_forward/exit-at-load.ts", "error", /failed to load: .*process\.exit\(0\) was called/],
  ["02_linear_forward/kill-process.ts", "error", /process\.kill is not available while grading/],
  ["02_linear_forward/throw-string.ts", "error", /threw the string "shapes do not match" \(throw an Error instead/],
  ["02_linear_forward/throw-undefined.ts", "error", /threw undefined \(throw an Error instead\)/],
  ["02_linear_forward/throw-object.ts", "error", /threw a plain object \{"code":42,"reason":"nope"\}/],
  ["02_linear_forward/returns-undefined.ts", "failed", /should return \[Z, cache\], but it returned undefined \(did you forget to return it\?\)/],
  ["02_linear_forward/returns-null.ts", "failed", /should return \[Z, cache\], but it returned null/],
  ["02_linear_forward/returns-plain-arrays.ts", "failed", /Z should be an np array, but it is a plain number\[\]\[\] \(1×2\)/],
  ["02_linear_forward/returns-nan.ts", "failed", /It contains NaN/],
  ["02_linear_forward/returns-infinity.ts", "failed", /a NaN or infinite element/],
  ["02_linear_forward/replaces-np-dot.ts", "error", /read only property 'dot'/, /read-only while grading/],
  ["02_linear_forward/replaces-math-random.ts", "error", /read only property 'random'/, /read-only while grading/],
  ["02_linear_forward/replaces-np-random.ts", "error", /read only property 'randn'/],
  ["02_linear_forward/patches-prototype.ts", "error", /read only property 'tolist'/],
  ["02_linear_forward/console-flood.ts", "passed"],
  ["02_linear_forward/reads-file.ts", "error", /imports "node:fs": exercises compute with their inputs only/],
  ["02_linear_forward/writes-file.ts", "failed", /returned a Promise/],
  ["02_linear_forward/spawns.ts", "error", /process\.binding is not available while grading/],
  ["02_linear_forward/builtin-module.ts", "error", /process\.getBuiltinModule\("node:fs"\) is not available while grading/],
  ["02_linear_forward/hard-coded.ts", "failed", /Hidden case 1 of 5/],
  ["02_linear_forward/wrong-arity.ts", "error", /linearForward takes 4 parameters, but it is called with 3: linearForward\(A, W, b\)/],
  ["02_linear_forward/unresolved-import.ts", "error", /imports lib\/numpy\/index\.ts, which does not exist/],
  ["02_linear_forward/imports-grader.ts", "error", /may not import the grader/],
  ["02_linear_forward/async-throw-later.ts", "failed", /threw \(outside the graded call\) Error: thrown from a timer/],
  ["01_initialize/zero-weights-unseeded.ts", "failed", /All weights are zero/],
  ["01_initialize/loops-forever-at-load.ts", "timeout", /Timed out after 0\.5 s/],
  ["02_linear_forward/timeout-in-hidden.ts", "timeout", /in the check "hidden cases/],
];


for (const [file, status, ...patterns] of CASES) {
  test(`${file} → ${status}`, async () => {
    const exercise = file.slice(0, 2);
    const r = await grade(exercise, file);
    const text = messagesOf(r);
    assert.is(r.status, status, `${file}: ${r.status}\n${text}`);
    for (const p of patterns) assert.match(text, p, `${file}: ${text}`);
    if (status !== "passed") assert.ok(r.points < r.maxPoints || r.maxPoints === 0);
    // The exercise graded next is graded as if nothing had happened.
    const next = await correct();
    assert.is(next.status, "passed", `after ${file}: ${messagesOf(next)}`);
    assert.is(next.points, next.maxPoints);
  });
}

test("console output is captured and cut, never flooding the report", async () => {
  const r = await grade("02", "02_linear_forward/console-flood.ts");
  assert.ok(r.output !== undefined && r.output.length < 4200, `${r.output?.length}`);
  assert.match(r.output!, /more characters not shown/);
});

test("reseeding the global generator does not move the hidden cases", async () => {
  const plain = await grade("02", "02_linear_forward/hidden-probe.ts");
  const reseeded = await grade("02", "02_linear_forward/hidden-probe-reseeds.ts");
  const hidden = (r: ExerciseResult) => r.checks.find((c) => c.name.startsWith("hidden"))!.message;
  assert.match(hidden(plain)!, /Hidden case 1 of 5 \(A \(\d+, \d+\)/);
  assert.is(hidden(reseeded), hidden(plain));
  const ok = await grade("02", "02_linear_forward/reseeds.ts");
  assert.is(ok.status, "passed", messagesOf(ok));
});

test("no learner file was written by any of it", () => {
  assert.not.match(readFileSync(join(ROOT, "exercises", "01_initialize.ts"), "utf8"), /^\/\/ gone/);
  assert.not.ok(existsSync(join(ROOT, "hacked.txt")) || existsSync(join(process.cwd(), "hacked.txt")));
});


test.after(async () => {
  await runner.close();
  await memoryRunner.close();
});
test.run();
