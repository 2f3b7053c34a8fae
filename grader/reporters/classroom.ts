/**
 * GitHub Classroom's result: the payload its grading reporter action
 * (classroom-resources/autograding-grading-reporter) reads, base64-encoded, from a step output.
 * One test per check; the points Classroom records are the tests' sum, out of `max_score`.
 */
import type { CheckResult } from "../types.ts";
import type { Reporter } from "./types.ts";

type ClassroomTest = { name: string; status: "pass" | "fail" | "error"; score: number; message: string; line_no: number; execution_time: string };

const statusOf = (c: Partial<CheckResult>): ClassroomTest["status"] => (c.status === "passed" ? "pass" : c.status === "failed" || c.status === "not-started" ? "fail" : "error");

export const classroom: Reporter = (report) => {
  const tests: ClassroomTest[] = report.results.flatMap((ex) => {
    const cases: Partial<CheckResult>[] = ex.checks.length ? ex.checks : [{ name: "loads and exports its functions", status: ex.status === "not-started" ? "not-started" : "error", points: 0, maxPoints: ex.maxPoints, message: ex.message }];
    return cases.map((c) => ({
      name: `${ex.id} ${ex.name}: ${c.name}`,
      status: statusOf(c),
      score: Math.min(Math.max(c.points ?? 0, 0), c.maxPoints ?? 0),
      message: [c.message ?? (c.status === "not-started" ? "not started" : ""), c.expected && `expected:\n${c.expected}`, c.actual && `actual:\n${c.actual}`, c.hint && `hint: ${c.hint}`].filter(Boolean).join("\n"),
      line_no: 0,
      execution_time: `${((ex.durationMs ?? 0) / 1000 / Math.max(cases.length, 1)).toFixed(2)}s`,
    }));
  });
  const failing = tests.some((t) => t.status !== "pass");
  const erred = tests.some((t) => t.status === "error");
  return JSON.stringify({ version: 1, status: erred ? "error" : failing ? "fail" : "pass", max_score: report.totals.maxPoints, tests }, null, 2) + "\n";
};
