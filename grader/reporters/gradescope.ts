/**
 * Gradescope's results.json: one test per check with its own output. The top-level `score` is
 * computed from the tests (their sum), so the two can never disagree.
 * https://gradescope-autograders.readthedocs.io/en/latest/specs/
 *
 * Visibility: every test is `visible` by default, except the hidden randomized cases, which are
 * `after_due_date` (their inputs and expected values are not shown before then); both are options.
 * A check where the grader itself failed shows the learner a plain sentence; the details go to a
 * test only the instructor sees.
 */
import type { CheckResult } from "../types.ts";
import type { GradescopeVisibility, Reporter } from "./types.ts";

/** The checks of hidden randomized cases, by the name every spec gives them. */
export const isHiddenCheck = (name: string) => /^hidden cases\b/.test(name);

const GRADER_FAILED = "The grader itself failed in this check: this is not your code's fault, and your instructor can see what happened. It counts 0 points until it is fixed.";

type GradescopeTest = {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "text";
  visibility: GradescopeVisibility;
};

function outputOf(c: Partial<CheckResult>): string {
  return [
    c.status === "passed" ? (c.message ? `passed (${c.message})` : "passed") : c.message ?? c.status,
    c.location && `at ${c.location}`,
    c.codeFrame,
    c.expected && `expected:\n${c.expected}`,
    c.actual && `actual:\n${c.actual}`,
    c.hint && `hint: ${c.hint}`,
    c.lesson && `read: ${c.lesson}`,
  ]
    .filter(Boolean)
    .join("\n");
}

export const gradescope: Reporter = (report, options) => {
  const visibility = options?.gradescope?.visibility ?? "visible";
  const hiddenVisibility = options?.gradescope?.hiddenVisibility ?? "after_due_date";
  const graderFailures: string[] = [];
  const tests: GradescopeTest[] = report.results.flatMap((ex) => {
    const cases: Partial<CheckResult>[] = ex.checks.length
      ? ex.checks
      : [{ name: "loads and exports its functions", status: ex.status === "not-started" ? "not-started" : "error", maxPoints: ex.maxPoints, points: 0, message: ex.message, location: ex.location, codeFrame: ex.codeFrame }];
    return cases.map((c, i) => {
      const name = `${ex.id} ${ex.name}: ${c.name}`;
      if (c.graderError) graderFailures.push(`${name}\n${outputOf(c)}`);
      return {
        name,
        number: `${Number(ex.id)}.${i + 1}`,
        score: Math.min(Math.max(c.points ?? 0, 0), c.maxPoints ?? 0),
        max_score: c.maxPoints ?? 0,
        status: c.status === "passed" ? "passed" : "failed",
        output: c.graderError ? GRADER_FAILED : outputOf(c) + (i === 0 && ex.message && ex.checks.length ? `\n${ex.message}` : ""),
        output_format: "text",
        visibility: isHiddenCheck(c.name ?? "") ? hiddenVisibility : visibility,
      };
    });
  });
  if (graderFailures.length) {
    tests.push({ name: "grader failures (instructors only)", number: "99.1", score: 0, max_score: 0, status: "failed", output: graderFailures.join("\n\n"), output_format: "text", visibility: "hidden" });
  }
  const { maxPoints, passedExercises, exercises } = report.totals;
  const points = tests.reduce((sum, t) => sum + t.score, 0);
  return (
    JSON.stringify(
      {
        score: tests.reduce((sum, t) => sum + t.score, 0),
        max_score: maxPoints,
        output: `${passedExercises}/${exercises} exercises passed, ${points}/${maxPoints} points.${graderFailures.length ? ` ${GRADER_FAILED}` : ""}`,
        output_format: "text",
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
      },
      null,
      2,
    ) + "\n"
  );
};
