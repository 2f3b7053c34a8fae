/**
 * The course's exercises, derived from the spec files' names: `grader/specs/02_linear_forward.ts`
 * is exercise "02", name "linear_forward", learner file `exercises/02_linear_forward.ts`, reference
 * `solutions/02_linear_forward.ts`, reference outputs `grader/reference/02_linear_forward.json`.
 * Nothing about an exercise's identity is written anywhere else.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The workbook's root folder (the one with package.json). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export type ExerciseRef = {
  /** "02" */
  id: string;
  /** "linear_forward" */
  name: string;
  /** "02_linear_forward": the base name of every file of the exercise */
  slug: string;
};

const SPEC_FILE = /^(\d{2})_([a-z][a-z0-9_]*)\.ts$/;

export function listExercises(root = ROOT): ExerciseRef[] {
  return readdirSync(join(root, "grader", "specs"))
    .map((file) => SPEC_FILE.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, id, name]) => ({ id: id!, name: name!, slug: `${id}_${name}` }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const paths = {
  spec: (ex: ExerciseRef, root = ROOT) => join(root, "grader", "specs", `${ex.slug}.ts`),
  solution: (ex: ExerciseRef, root = ROOT) => join(root, "solutions", `${ex.slug}.ts`),
  reference: (ex: ExerciseRef, root = ROOT) => join(root, "grader", "reference", `${ex.slug}.json`),
  /** The learner's file inside a folder of exercises (`exercises/`, `solutions/`, a submission). */
  learner: (ex: ExerciseRef, dir: string) => join(dir, `${ex.slug}.ts`),
  /** The lesson file a spec names, in the reader's language (DNN_WORKBOOK_LANG=ko links the Korean lessons). */
  lesson: (lesson: string, lang = process.env.DNN_WORKBOOK_LANG === "ko" ? "ko" : "en") => {
    const [file, anchor] = lesson.split("#");
    return `lessons/${lang}/${file}.md${anchor ? `#${anchor}` : ""}`;
  },
};

/**
 * Finds an exercise by what a person types: "2", "02", "linear_forward", "02_linear_forward",
 * "exercises/02_linear_forward.ts". Throws a message listing the exercises when nothing matches.
 */
export function findExercise(query: string, exercises = listExercises()): ExerciseRef {
  const q = query.trim().replace(/^.*[\\/]/, "").replace(/\.ts$/, "");
  const found =
    exercises.find((e) => e.slug === q || e.name === q) ??
    (/^\d{1,2}$/.test(q) ? exercises.find((e) => Number(e.id) === Number(q)) : undefined);
  if (found) return found;
  const names = exercises.map((e) => `  ${e.id} ${e.name}`).join("\n");
  throw new UsageError(`There is no exercise "${query}". The exercises are:\n${names}`);
}

/** A mistake in how a command was called: the CLI prints the message alone, without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}
