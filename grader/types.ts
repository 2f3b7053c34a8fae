/**
 * The grader's data model. Grading produces these values; only reporters turn them into text.
 */

export type CheckStatus = "passed" | "failed" | "error" | "timeout" | "not-started";
export type ExerciseStatus = "passed" | "failed" | "not-started" | "error" | "timeout";

export type CheckResult = {
  name: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  /** What went wrong (or, for a pass, how close it was: "exact", "within tolerance …"). */
  message?: string;
  /** The expected and actual values in numpy's print format. */
  expected?: string;
  actual?: string;
  /** The learner's file and line where an exception was thrown, e.g. `exercises/02_linear_forward.ts:14:11`. */
  location?: string;
  /** The learner's source line at `location`, with a caret under the column. */
  codeFrame?: string;
  hint?: string;
  lesson?: string;
  /** The named mistake the answer matched, as a stable id ("db-without-1-over-m"): for class summaries. */
  mistake?: string;
  /** The grader itself failed in this check (a bug in the workbook, not in the learner's code). */
  graderError?: true;
};

/**
 * A problem the TypeScript compiler sees in the learner's file. Grading never depends on it: the
 * checks decide; a type error that changes what the code does also fails a check, with its own words.
 */
export type TypeWarning = {
  /** `exercises/05_cost.ts:12:9` */
  location: string;
  /** The compiler's code, e.g. 2365. */
  code: number;
  /** The compiler's message. */
  message: string;
  /** The same problem in numpy's terms, when a rule knows it ("arrays have no `+`: use np.add(a, b)"). */
  numpy?: string;
};

export type ExerciseResult = {
  /** "02" */
  id: string;
  /** "linear_forward" */
  name: string;
  title: string;
  status: ExerciseStatus;
  points: number;
  maxPoints: number;
  checks: CheckResult[];
  durationMs: number;
  /** The file that was graded, relative to the workbook (or the submission). */
  file: string;
  /** A whole-exercise problem: the file does not load, it timed out, it called process.exit … */
  message?: string;
  location?: string;
  codeFrame?: string;
  /** What the learner's code printed with console.log while it was graded (truncated). */
  output?: string;
  lesson?: string;
  /** What the TypeScript compiler says about the learner's file (warnings: they never change the grade). */
  typeWarnings?: TypeWarning[];
};

export type Totals = {
  exercises: number;
  passedExercises: number;
  points: number;
  maxPoints: number;
  checks: number;
  passedChecks: number;
};

export type GradeReport = {
  workbook: "dnn-workbook";
  version: 1;
  /** Which folder was graded: "exercises", "solutions" or a submission folder. */
  source: string;
  /** The seed of the hidden randomized cases, so a failing case can be reproduced. */
  hiddenSeed: number;
  results: ExerciseResult[];
  totals: Totals;
};

export function totalsOf(results: ExerciseResult[]): Totals {
  const checks = results.flatMap((r) => r.checks);
  return {
    exercises: results.length,
    passedExercises: results.filter((r) => r.status === "passed").length,
    points: results.reduce((s, r) => s + r.points, 0),
    maxPoints: results.reduce((s, r) => s + r.maxPoints, 0),
    checks: checks.length,
    passedChecks: checks.filter((c) => c.status === "passed").length,
  };
}
