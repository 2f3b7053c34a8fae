/**
 * The shape of an exercise spec: the single source of truth about an exercise inside the grader.
 * Its number and name come from the spec's file name (see ../exercises.ts).
 */
import type { RandomState } from "../../lib/np/index.ts";

export type Module = Record<string, unknown>;

export interface CheckContext {
  /** The learner's module (exercises/NN_name.ts or a submission's copy). */
  readonly mod: Module;
  /** The reference solution's module (solutions/NN_name.ts). */
  readonly ref: Module;
  /** The reference outputs (grader/reference/NN_name.json), or {} when the exercise has none. */
  readonly reference: Record<string, unknown>;
  /** A generator for hidden randomized cases, seeded per grading run (the seed is reported). */
  readonly rng: RandomState;
  /**
   * Calls the learner's export `name` with `args`. Fails the check when the export is missing, when
   * the function changes one of its inputs or returns a Promise; rethrows the learner's exceptions
   * marked as theirs, so the report shows their file and line.
   */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /** Calls the reference solution's export `name` (a fresh copy of every input is passed). */
  solve<T = any>(name: string, ...args: unknown[]): T;
  /** Loads another exercise's learner module, e.g. their own forward pass for a gradient check. */
  learnerModule(slug: string): Promise<Module | undefined>;
}

export type Check = {
  name: string;
  /** Defaults to 1. */
  points?: number;
  /** A hint tied to this check, shown when it fails (the exercise's hints come after it). */
  hint?: string;
  /** A lesson section for this check, like "05_backward_propagation#derivatives". */
  lesson?: string;
  /** Throws a CheckFailure to fail; may return how close the answer was ("exact", "within tolerance …"). */
  run(ctx: CheckContext): void | string | Promise<void | string>;
};

export type ExerciseSpec = {
  title: string;
  /** The lesson section to read: "02_forward_propagation#vectorized" (file in lessons/<lang>/, anchor). */
  lesson: string;
  /** Questions that lead, gentle to specific. At least two. */
  hints: string[];
  /** Exports the learner file must have, with their parameter lists: `{ linearForward: "(A, W, b)" }`. */
  exports: Record<string, string>;
  checks: Check[];
  /** Per-exercise time limit for all of its checks together; default 5000 ms. */
  timeLimitMs?: number;
};

export const DEFAULT_TIME_LIMIT_MS = 5000;

export function defineExercise(spec: ExerciseSpec): ExerciseSpec {
  return spec;
}

/** The parameter names of a signature like "(A, W, b)" or "(dA, cache, activation)". */
export function parameterNames(signature: string): string[] {
  const inner = signature.trim().replace(/^\(/, "").replace(/\)$/, "").trim();
  return inner ? inner.split(",").map((p) => p.trim().replace(/[?=:].*$/, "").trim()) : [];
}
