/**
 * JUnit XML: one <testsuite> per exercise, one <testcase> per check.
 */
import type { CheckResult, ExerciseResult } from "../types.ts";
import type { Reporter } from "./types.ts";

const escape = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

function body(c: Pick<CheckResult, "message" | "expected" | "actual" | "location">): string {
  return [c.message, c.location && `at ${c.location}`, c.expected && `expected:\n${c.expected}`, c.actual && `actual:\n${c.actual}`]
    .filter(Boolean)
    .join("\n");
}

function testcase(ex: ExerciseResult, c: CheckResult): string {
  const open = `    <testcase classname="${escape(`${ex.id}_${ex.name}`)}" name="${escape(c.name)}" time="0">`;
  const msg = escape((c.message ?? c.status).split("\n")[0]!);
  switch (c.status) {
    case "passed":
      return `${open}</testcase>`;
    case "failed":
      return `${open}\n      <failure message="${msg}" type="failed">${escape(body(c))}</failure>\n    </testcase>`;
    case "not-started":
      return `${open}\n      <failure message="not started" type="not-started">${escape(body(c))}</failure>\n    </testcase>`;
    default:
      return `${open}\n      <error message="${msg}" type="${c.status}">${escape(body(c))}</error>\n    </testcase>`;
  }
}

export const junit: Reporter = (report) => {
  const suites = report.results.map((ex) => {
    const cases = ex.checks.length
      ? ex.checks
      : [{ name: "loads and exports its functions", status: ex.status, points: 0, maxPoints: 0, message: ex.message, location: ex.location } as CheckResult];
    const failures = cases.filter((c) => c.status === "failed" || c.status === "not-started").length;
    const errors = cases.filter((c) => c.status === "error" || c.status === "timeout").length;
    return [
      `  <testsuite name="${escape(`${ex.id} ${ex.name}`)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${(ex.durationMs / 1000).toFixed(3)}">`,
      ...cases.map((c) => testcase(ex, c)),
      `  </testsuite>`,
    ].join("\n");
  });
  const all = report.results.flatMap((r) => (r.checks.length ? r.checks : [{ status: r.status }]));
  const failures = all.filter((c) => c.status === "failed" || c.status === "not-started").length;
  const errors = all.filter((c) => c.status === "error" || c.status === "timeout").length;
  const time = report.results.reduce((s, r) => s + r.durationMs, 0) / 1000;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="dnn-workbook" tests="${all.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
};
