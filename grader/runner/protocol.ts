/**
 * Messages between the grading worker and the main thread.
 */
import type { ExerciseRef } from "../exercises.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";

export type WorkerData = {
  root: string;
  learnerDir: string;
  solutionsDir: string;
  graderDir: string;
  libDir: string;
};

export type GradeRequest = {
  type: "grade";
  exercise: ExerciseRef;
  /** The learner's file, absolute. */
  file: string;
  /** How to show the file to people: "exercises/02_linear_forward.ts". */
  displayFile: string;
  /** Makes every learner module load anew. */
  gen: number;
  hiddenSeed: number;
};

export type WorkerMessage =
  | { type: "ready" }
  /** The spec is loaded: the time limit runs from now. */
  | { type: "begin"; title: string; timeLimitMs: number; maxPoints: number; checks: { name: string; points: number }[]; lesson: string; hints: string[] }
  | { type: "check"; result: CheckResult }
  | { type: "result"; result: ExerciseResult }
  /** An exception nobody caught (a timer in learner code, say), attributed to the current exercise. */
  | { type: "uncaught"; message: string };

/** Written to stdout by the worker after an exercise (followed by its gen): the end of its output. */
export const OUTPUT_END = "\u0000dnn-workbook:end-of-output:";
