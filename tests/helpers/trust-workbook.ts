/**
 * Learner folders for the trust tests (tests/trust*.test.ts): the solutions everywhere but the files
 * under test, the graders that grade them (the exercises a mistake or an attack can reach), and the
 * assertion that only the attacked exercises lose points.
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
 * Grades learner folders made by `workbook`, as the CLI grades a course: in order, in one executor,
 * which is replaced only after it had to be stopped (a timeout, a crash, timers left behind). The
 * executor's folder is `work`, and each folder's files are graded by their paths, so one executor
 * serves folder after folder (an attack that outlived its folder would show in the next one too).
 * Every exercise gets `timeLimitMs`, by default 10 s: far more than any exercise takes (exercise
 * 10: about 0.4 s), as the limit counts wall time and an exercise that must pass may not time out
 * on a starved machine (a first module load took over 4 s at a load of 12 on two cores). A broken
 * exercise that can only time out gets a limit of its own (`limits`, by id).
 */
export function folderGrader(options: { timeLimitMs?: number; memoryMb?: number } = {}) {
  const runner = new Runner({ learnerDir: work, hiddenSeed: 7, timeLimitMs: options.timeLimitMs ?? 10_000, memoryMb: options.memoryMb ?? 384 });
  runner.warmUp();
  return {
    /** Grades the exercises `ids` (by default the whole course) of the folder `dir`, in order. */
    async grade(dir: string, ids?: readonly string[], limits: Record<string, number> = {}): Promise<Map<string, ExerciseResult>> {
      // The runner reads its limits as each exercise starts; a grader grades one folder at a time.
      runner.options.timeLimitsMs = limits;
      const results = new Map<string, ExerciseResult>();
      for (const ex of ids ? ids.map((id) => findExercise(id)) : listExercises()) results.set(ex.id, await runner.grade(ex, paths.learner(ex, dir)));
      return results;
    },
    close: () => runner.close(),
  };
}

/** The exercises from `id` on, in the course's order: the ones before a mistake are graded before it can act. */
export const from = (id: string): string[] => listExercises().filter((e) => e.id >= id).map((e) => e.id);

/**
 * The exercises a mistake in exercise `id` could reach: the next two in the course (graded right
 * after it, in the executor it left behind or in the one that replaced it) and every exercise
 * whose solution imports it (graded with the reference version of it instead).
 */
export function reachable(id: string): string[] {
  const exercises = listExercises();
  const slug = findExercise(id, exercises).slug;
  const importsIt = new RegExp(`^import\\s+(?!type\\b)[^;]*from\\s+"\\./${slug}\\.ts"`, "m");
  const next = exercises.filter((e) => e.id > id).slice(0, 2);
  const importers = exercises.filter((e) => e.id > id && importsIt.test(solution(e.slug)));
  return exercises.filter((e) => next.includes(e) || importers.includes(e)).map((e) => e.id);
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
