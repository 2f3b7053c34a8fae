/**
 * Learner folders for the trust tests (tests/trust*.test.ts): the solutions everywhere but the files
 * under test, graded in full, and the assertion that only the attacked exercises lose points.
 */
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, findExercise, listExercises, paths } from "../../grader/exercises.ts";
import { Runner } from "../../grader/runner/index.ts";
import type { ExerciseResult } from "../../grader/types.ts";
import { messagesOf } from "./grade-fixture.ts";

export const work = mkdtempSync(join(tmpdir(), "dnn-trust-"));
export const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
export const summary = (r: ExerciseResult) => `${r.id} ${r.status} ${r.points}/${r.maxPoints}\n${messagesOf(r)}`;

/** A learner folder: the solutions everywhere, and these files. */
export function workbook(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const ex of listExercises()) writeFileSync(join(dir, `${ex.slug}.ts`), solution(ex.slug));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/**
 * Grades the exercises from `from` on (the ones before a mistake are graded before it can act), in
 * order, in one executor as the CLI does. `limits` gives some exercises their own time limit (a
 * broken exercise that can only time out need not wait the whole course's limit); the others get
 * `timeLimitMs`, by default 10 s: far more than any exercise takes (exercise 10: about 0.4 s), as
 * the limit counts wall time and an exercise that must pass may not time out on a starved machine
 * (a first module load took over 4 s at a load of 12 on two cores).
 */
export async function gradeAll(
  dir: string,
  options: { timeLimitMs?: number; memoryMb?: number; from?: string; limits?: Record<string, number> } = {},
): Promise<Map<string, ExerciseResult>> {
  const timeLimitMs = options.timeLimitMs ?? 10_000;
  const runner = new Runner({ learnerDir: dir, hiddenSeed: 7, timeLimitMs, memoryMb: options.memoryMb ?? 384 });
  try {
    const exercises = listExercises().filter((e) => e.id >= (options.from ?? "00"));
    if (!options.limits) return new Map((await runner.gradeAll(exercises)).map((r) => [r.id, r]));
    runner.warmUp();
    const results = new Map<string, ExerciseResult>();
    for (const ex of exercises) {
      // The runner reads its time limit as each exercise starts.
      runner.options.timeLimitMs = options.limits[ex.id] ?? timeLimitMs;
      results.set(ex.id, await runner.grade(ex));
    }
    return results;
  } finally {
    await runner.close();
  }
}

/** Every exercise but `attacked` passes in full; `attacked` does not pass. */
export function contained(results: Map<string, ExerciseResult>, attacked: string[], what: string): void {
  for (const [id, r] of results) {
    if (attacked.includes(id)) {
      assert.ok(r.status !== "passed", `${what}: the attacked exercise must not pass\n${summary(r)}`);
      assert.ok(r.points < r.maxPoints, `${what}: ${summary(r)}`);
    } else {
      assert.is(r.status, "passed", `${what}: ${summary(r)}`);
      assert.is(r.points, r.maxPoints, `${what}: ${summary(r)}`);
    }
    assert.is(r.points, r.checks.reduce((s, c) => s + c.points, 0), `${what}: points are the checks' sum\n${summary(r)}`);
    assert.ok(r.checks.every((c) => c.points <= c.maxPoints && c.points >= 0), `${what}: points within bounds`);
  }
}
