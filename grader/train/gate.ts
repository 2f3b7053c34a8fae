/**
 * Before training: grade the exercises training runs on, and stop with their names when one does
 * not pass. Training with a wrong exercise fails far from the mistake (a sign error in the update
 * drives the cost to NaN, and the training report can only blame the learning rate); its checks
 * name it where it is.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listExercises } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { Runner } from "../runner/index.ts";
import type { ExerciseResult } from "../types.ts";
import { trainExercise } from "./learner.ts";

/**
 * The exercises `npm run train` runs: the train exercise and every exercise file it imports from
 * the learner's folder, directly or not, in course order.
 */
export function trainingChain(dir: string, exercises: readonly ExerciseRef[] = listExercises()): ExerciseRef[] {
  const seen = new Set<string>();
  const queue = [trainExercise(exercises).slug];
  for (let slug = queue.shift(); slug; slug = queue.shift()) {
    if (seen.has(slug)) continue;
    seen.add(slug);
    let text = "";
    try {
      text = readFileSync(join(dir, `${slug}.ts`), "utf8");
    } catch {
      continue;
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    for (const m of code.matchAll(/from\s+["']\.\/(\d{2}_[a-z0-9_]+)\.ts["']/g)) queue.push(m[1]!);
  }
  return exercises.filter((e) => seen.has(e.slug));
}

export type Gate = { ok: true; results: ExerciseResult[] } | { ok: false; results: ExerciseResult[]; message: string };

const MESSAGES = {
  notFinished: (r: ExerciseResult) => `Your network cannot train yet: exercise ${r.id} (${r.name}) is not finished.`,
  failing: (r: ExerciseResult, check?: string) =>
    `Your network cannot train yet: exercise ${r.id} (${r.name}) does not pass (${r.points}/${r.maxPoints} points${check ? `; first failing check: ${check}` : ""}).`,
  others: (list: string) => `Training also runs exercises that do not pass yet: ${list}.`,
  why: "Training runs your own functions all the way, so a mistake in one of them shows up only as a bad cost curve (or NaN), far from where it is; the exercise's checks name it.",
  next: (r: ExerciseResult) => `Start with exercise ${r.id}: npm run grade -- ${r.id}, then train again. To train anyway: npm run train -- --force`,
};

/** Grades the exercises training runs (in `dir`); not ok names the first that does not pass. */
export async function gradeBeforeTraining(dir: string, hiddenSeed?: number): Promise<Gate> {
  const chain = trainingChain(dir);
  const runner = new Runner({ learnerDir: dir, hiddenSeed });
  let results: ExerciseResult[];
  try {
    results = await runner.gradeAll(chain);
  } finally {
    await runner.close();
  }
  const bad = results.filter((r) => r.status !== "passed");
  if (!bad.length) return { ok: true, results };
  const first = bad[0]!;
  const check = first.checks.find((c) => c.status !== "passed" && c.status !== "not-started")?.name;
  const lines = [first.status === "not-started" ? MESSAGES.notFinished(first) : MESSAGES.failing(first, check)];
  const rest = bad.slice(1);
  const notStarted = rest.filter((r) => r.status === "not-started").map((r) => r.id);
  const failing = rest.filter((r) => r.status !== "not-started").map((r) => `${r.id} ${r.name} (${r.points}/${r.maxPoints})`);
  if (rest.length) lines.push(MESSAGES.others([...failing, ...(notStarted.length ? [`${notStarted.join(", ")} (not started)`] : [])].join("; ")));
  lines.push(MESSAGES.why, MESSAGES.next(first));
  return { ok: false, results, message: lines.join("\n") };
}
