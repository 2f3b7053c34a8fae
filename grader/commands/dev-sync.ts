/**
 * `npm run dev:sync` — writes every stub in exercises/ from its solution. Learner files that differ
 * from what would be generated are backed up first (a learner's work is never lost).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT, findExercise, listExercises, paths } from "../exercises.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { backupFile, writeFileAtomic } from "../fs-safe.ts";

export async function devSyncCommand(argv: string[], root = ROOT): Promise<number> {
  const only = argv.find((a) => !a.startsWith("-"));
  const exercises = only ? [findExercise(only, listExercises(root))] : listExercises(root);
  let written = 0;
  for (const ex of exercises) {
    const solution = paths.solution(ex, root);
    const stub = stubFromSolution(readFileSync(solution, "utf8"), relative(root, solution));
    const target = paths.learner(ex, join(root, "exercises"));
    const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
    if (current === stub) continue;
    if (current !== undefined) {
      const backup = backupFile(target, root);
      console.log(`  backed up ${relative(root, target)} → ${relative(root, backup)}`);
    }
    writeFileAtomic(target, stub);
    console.log(`  wrote ${relative(root, target)}`);
    written++;
  }
  console.log(written ? `dev:sync wrote ${written} stub${written === 1 ? "" : "s"}.` : "dev:sync: every stub is up to date.");
  return 0;
}
