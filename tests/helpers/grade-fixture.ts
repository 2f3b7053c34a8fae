/**
 * Grading fixture files: a wrong (or hostile, or correct-but-different) learner file under
 * tests/fixtures/, graded as if it were the learner's exercise file.
 *
 *   const grader = fixtureGrader();
 *   const r = await grader.grade("02", "mistakes/02_linear_forward/no-bias.ts");
 *   await grader.close();
 *
 * Fixture files import exactly as an exercise does ("../lib/np/index.ts", "./02_linear_forward.ts"):
 * the grader maps lib/ to the workbook's and other exercises to their reference versions.
 */
import { join } from "node:path";
import { ROOT, findExercise } from "../../grader/exercises.ts";
import { Runner } from "../../grader/runner/index.ts";
import type { ExerciseResult } from "../../grader/types.ts";

export const FIXTURES = join(ROOT, "tests", "fixtures");

export function fixtureGrader(options: { hiddenSeed?: number } = {}) {
  const runner = new Runner({ learnerDir: FIXTURES, hiddenSeed: options.hiddenSeed ?? 20260526 });
  return {
    runner,
    grade: (exercise: string, file: string): Promise<ExerciseResult> => runner.grade(findExercise(exercise), join(FIXTURES, file)),
    close: () => runner.close(),
  };
}

/** Every message of a result (the exercise's and its checks'), joined, for assertions on key words. */
export function messagesOf(r: ExerciseResult): string {
  return [r.message, ...r.checks.map((c) => c.message)].filter(Boolean).join("\n");
}
