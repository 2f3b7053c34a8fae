/**
 * The shape of an exercise spec: the single source of truth about an exercise inside the grader.
 * Its number and name come from the spec's file name (see ../exercises.ts).
 */
import type { RandomState } from "../../lib/np/index.ts";
import type { ExportInfo } from "../protocol/index.ts";

export type Module = Record<string, unknown>;

/**
 * What a check works with. The check runs in the judge (trusted code); the learner's code runs in an
 * executor and is reached only through `call`, `construct`, `method` and `set`, whose answers come
 * back as data (the learner's objects stay in the executor; the judge holds stand-ins with their
 * fields). Each such request counts against the exercise's time limit.
 */
export interface CheckContext {
  /** The reference outputs (grader/reference/NN_name.json), or {} when the exercise has none. */
  readonly reference: Record<string, unknown>;
  /** A generator for hidden randomized cases, seeded per grading run (the seed is reported). */
  readonly rng: RandomState;
  /** The learner module's exports, as the executor reported them. */
  readonly exports: Record<string, ExportInfo>;
  /**
   * Calls the learner's export `name` with copies of `args`. Fails the check when the export is
   * missing, when the function changes one of its inputs or returns a Promise; rethrows the learner's
   * exceptions as LearnerError, so the report shows their file and line. Functions among the
   * arguments are callbacks: the executor records their calls, and they are replayed here after the
   * call returns.
   */
  call<T = any>(name: string, ...args: unknown[]): Promise<T>;
  /** Like call, but outside the reported call: undefined when it throws, fails or is missing (for diagnoses). */
  attempt(name: string, ...args: unknown[]): Promise<unknown>;
  /** Calls `name` and returns which elements of argument `index` (an array) it read, in order. */
  traceReads(name: string, args: unknown[], index: number): Promise<number[]>;
  /** `new Name(...args)` for a class the learner's module exports: a stand-in with the instance's fields. */
  construct<T = Record<string, unknown>>(name: string, ...args: unknown[]): Promise<T>;
  /** `obj[method](...args)` on a constructed instance, with call's guarantees; `label` names it ("layer.call"). The stand-in's fields are updated. */
  method<T = unknown>(obj: unknown, method: string, label: string, args: unknown[], params?: string[]): Promise<T>;
  /** `obj[prop] = value` on a constructed instance (as loading weights or training does). */
  set(obj: unknown, prop: string, value: unknown): Promise<void>;
  /** Calls the reference solution's export `name` in the judge (a fresh copy of every input is passed). */
  solve<T = any>(name: string, ...args: unknown[]): T;
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
