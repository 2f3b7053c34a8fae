/**
 * The learner's training functions: `trainModel` and `predict` from the train exercise's file in
 * a folder (exercises/, solutions/, a submission), and what to say when they cannot run yet.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { NDArray } from "../../lib/np/index.ts";
import { isNotImplemented } from "../../lib/workbook.ts";
import { ROOT, listExercises } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";

export type Params = Record<string, NDArray>;

export type TrainModelOptions = {
  learningRate?: number;
  iterations?: number;
  params?: Params;
  onIteration?: (i: number, cost: number) => void;
  costEvery?: number;
};

export type TrainFunctions = {
  trainModel: (X: NDArray, Y: NDArray, layerDims: number[], options?: TrainModelOptions) => { params: Params; costs: number[] };
  predict: (X: NDArray, params: Params) => NDArray;
  /** The file they come from, relative to the workbook ("exercises/10_train.ts"). */
  file: string;
};

/** The exercise that holds trainModel: the one named "train" (10_train), however it is numbered. */
export function trainExercise(exercises: readonly ExerciseRef[] = listExercises()): ExerciseRef {
  return exercises.find((e) => e.name === "train") ?? { id: "10", name: "train", slug: "10_train" };
}

/** Why training cannot start or stopped; the command prints `message` and exits with 1. */
export class TrainProblem extends Error {
  override name = "TrainProblem";
}

/** Loads trainModel and predict from `dir`; a TrainProblem says what is missing. */
export async function loadTrainFunctions(dir: string, hint: string): Promise<TrainFunctions> {
  const ex = trainExercise();
  const path = join(dir, `${ex.slug}.ts`);
  const file = relative(ROOT, path) || path;
  if (!existsSync(path)) {
    throw new TrainProblem(`There is no ${file}: exercise ${ex.id} (${ex.name}) is where trainModel and predict live.${hint}`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new TrainProblem(`${file} does not load: ${describeError(error, dir)}\nRun npm run grade -- ${ex.id} to see what is wrong.${hint}`);
  }
  for (const name of ["trainModel", "predict"]) {
    if (typeof mod[name] !== "function") {
      throw new TrainProblem(`${file} does not export a function ${name}; exercise ${ex.id} asks for it (export function ${name}(…)).${hint}`);
    }
  }
  return { trainModel: mod.trainModel as TrainFunctions["trainModel"], predict: mod.predict as TrainFunctions["predict"], file };
}

/**
 * The exercise a "not implemented" marker came from: the first frame of the stack inside `dir`
 * (the stub that still calls notImplemented()), else the file that declares the function named
 * in the message ("linearBackward is not implemented yet").
 */
export function unfinishedExercise(error: unknown, dir: string, exercises: readonly ExerciseRef[] = listExercises()): ExerciseRef | undefined {
  const stack = String((error as { stack?: unknown })?.stack ?? "");
  for (const m of stack.matchAll(/(?:file:\/\/)?([^\s()]+?[\\/](\d{2})_([a-z][a-z0-9_]*)\.ts):\d+/g)) {
    const [, path, id, name] = m;
    if (path && path.includes(dir)) return exercises.find((e) => e.id === id) ?? { id: id!, name: name!, slug: `${id}_${name}` };
  }
  const fn = /^(\w+) is not implemented/.exec(String((error as { message?: unknown })?.message ?? ""))?.[1];
  if (!fn || !existsSync(dir)) return undefined;
  const declares = new RegExp(`export\\s+function\\s+${fn}\\b`);
  for (const file of readdirSync(dir).filter((f) => /^\d{2}_[a-z0-9_]+\.ts$/.test(f)).sort()) {
    const text = readFileText(join(dir, file));
    if (declares.test(text)) {
      const [, id, name] = /^(\d{2})_([a-z0-9_]+)\.ts$/.exec(file)!;
      return exercises.find((e) => e.id === id) ?? { id: id!, name: name!, slug: `${id}_${name}` };
    }
  }
  return undefined;
}

function readFileText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** "TypeError: x is not a function (exercises/08_model_backward.ts:31)": the learner's own frame. */
export function describeError(error: unknown, dir: string): string {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown };
  const head = e && typeof e === "object" && "message" in e ? `${String(e.name ?? "Error")}: ${String(e.message)}` : String(error);
  const stack = String(e?.stack ?? "");
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?(?:file:\/\/)?([^\s()]+\.ts):(\d+):\d+\)?\s*$/.exec(line);
    if (m && m[1]!.includes(dir)) return `${head} (${relative(ROOT, m[1]!) || m[1]}:${m[2]})`;
  }
  return head;
}

/**
 * The exercises the train exercise builds on (its file and every sibling file it imports, directly
 * or not) that still call notImplemented(), in course order.
 */
export function unfinishedChain(dir: string, exercises: readonly ExerciseRef[] = listExercises()): ExerciseRef[] {
  const seen = new Set<string>();
  const pending: ExerciseRef[] = [];
  const queue = [trainExercise(exercises).slug];
  for (let slug = queue.shift(); slug; slug = queue.shift()) {
    if (seen.has(slug)) continue;
    seen.add(slug);
    const text = readFileText(join(dir, `${slug}.ts`));
    // Code lines only: a comment may mention notImplemented().
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    if (/\bnotImplemented\s*\(/.test(code)) {
      const [, id, name] = /^(\d{2})_(.+)$/.exec(slug)!;
      pending.push(exercises.find((e) => e.slug === slug) ?? { id: id!, name: name!, slug });
    }
    for (const m of code.matchAll(/from\s+["']\.\/(\d{2}_[a-z0-9_]+)\.ts["']/g)) queue.push(m[1]!);
  }
  return pending.sort((x, y) => x.id.localeCompare(y.id));
}

/** The message for a not-implemented marker that stopped training. */
export function notFinishedMessage(error: unknown, dir: string, hint: string): string {
  const thrown = unfinishedExercise(error, dir);
  const pending = unfinishedChain(dir);
  const what = String((error as { message?: unknown })?.message ?? "").replace(/: replace the notImplemented\(\) call.*$/, "");
  const first = pending[0] ?? thrown;
  const lines = [
    thrown
      ? `Your network cannot train yet: exercise ${thrown.id} (${thrown.name}) is not finished${what ? ` — ${what}` : ""}.`
      : `Your network cannot train yet: ${what || "a function"} is not finished.`,
  ];
  if (pending.length > 1 || (pending.length === 1 && pending[0]!.id !== thrown?.id)) {
    const list = pending.length <= 3 ? pending.map((e) => `${e.id} ${e.name}`).join(", ") : pending.map((e) => e.id).join(", ");
    lines.push(`Training builds on exercises still to finish: ${list}.`);
  }
  lines.push(first ? `Start with exercise ${first.id}: npm run grade -- ${first.id}, then train again.` : "Run npm run grade to see which exercises are left.");
  return lines.join("\n") + hint;
}

export { isNotImplemented };
