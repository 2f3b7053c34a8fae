/**
 * The untouched stubs, generated from solutions/ into a temporary folder: the workbook's own tests
 * grade these, never exercises/, which holds the learner's work (solved, half-solved or broken).
 *
 *   const stubs = pristineStubs();   // …/dnn-stubs-XXXX/exercises, one NN_name.ts per exercise
 *
 * Once per test process; removed when it exits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stubFromSolution } from "../../grader/authoring/stub.ts";
import { ROOT, listExercises, paths } from "../../grader/exercises.ts";

let dir: string | undefined;

export function pristineStubs(): string {
  if (dir) return dir;
  const root = mkdtempSync(join(tmpdir(), "dnn-stubs-"));
  dir = join(root, "exercises");
  mkdirSync(dir);
  for (const ex of listExercises()) {
    const file = paths.solution(ex, ROOT);
    writeFileSync(paths.learner(ex, dir), stubFromSolution(readFileSync(file, "utf8"), file));
  }
  process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  return dir;
}
