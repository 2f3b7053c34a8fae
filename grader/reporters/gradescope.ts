/**
 * Gradescope's results.json: a score, and one test per check with its own output.
 * https://gradescope-autograders.readthedocs.io/en/latest/specs/
 */
import type { CheckResult } from "../types.ts";
import type { Reporter } from "./types.ts";

type GradescopeTest = {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "text";
  visibility: "visible";
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

export const gradescope: Reporter = (report) => {
  const tests: GradescopeTest[] = report.results.flatMap((ex) => {
    const cases: Partial<CheckResult>[] = ex.checks.length
      ? ex.checks
      : [{ name: "loads and exports its functions", status: ex.status === "not-started" ? "not-started" : "error", maxPoints: ex.maxPoints, points: 0, message: ex.message, location: ex.location, codeFrame: ex.codeFrame }];
    return cases.map((c, i) => ({
      name: `${ex.id} ${ex.name}: ${c.name}`,
      number: `${Number(ex.id)}.${i + 1}`,
      score: c.points ?? 0,
      max_score: c.maxPoints ?? 0,
      status: c.status === "passed" ? "passed" : "failed",
      output: outputOf(c) + (i === 0 && ex.message && ex.checks.length ? `\n${ex.message}` : ""),
      output_format: "text",
      visibility: "visible",
    }));
  });
  const { points, maxPoints, passedExercises, exercises } = report.totals;
  return (
    JSON.stringify(
      {
        score: points,
        max_score: maxPoints,
        output: `${passedExercises}/${exercises} exercises passed, ${points}/${maxPoints} points.`,
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
