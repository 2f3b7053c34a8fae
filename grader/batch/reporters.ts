/**
 * Batch grading's reporters: each renders the whole batch (every learner's report) as one text.
 * The per-learner files (results.json, gradescope.json) use the single-report reporters.
 */
import { csv } from "../reporters/csv.ts";
import type { GradebookColumn, GradebookRow } from "../reporters/csv.ts";
import { gradescope } from "../reporters/gradescope.ts";
import { junit } from "../reporters/junit.ts";
import type { ReporterOptions } from "../reporters/types.ts";
import type { GradeReport } from "../types.ts";

export type BatchReporter = (rows: GradebookRow[], columns: GradebookColumn[], options?: Partial<ReporterOptions>) => string;

const QUIET: ReporterOptions = { color: false, detail: "all", width: 100 };

/** Control characters are not allowed in XML 1.0, and never shown. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "?");
const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A learner's report, or (for a submission that could not be graded) one where every exercise is an error with the reason. */
export function reportOf(row: GradebookRow, columns: GradebookColumn[]): GradeReport {
  if (row.report) return row.report;
  const results = columns.map((c) => {
    const [, id, name] = /^(\d{2})_(.+)$/.exec(c.slug)!;
    return { id: id!, name: name!, title: name!.replace(/_/g, " "), status: "error" as const, points: 0, maxPoints: c.maxPoints, checks: [], durationMs: 0, file: `exercises/${c.slug}.ts`, message: row.reason };
  });
  const maxPoints = columns.reduce((s, c) => s + c.maxPoints, 0);
  return {
    workbook: "dnn-workbook",
    version: 1,
    source: row.learner,
    hiddenSeed: 0,
    results,
    totals: { exercises: results.length, passedExercises: 0, points: 0, maxPoints, checks: 0, passedChecks: 0 },
  };
}

export const batchReporters = {
  csv,
  json: (rows, columns) =>
    JSON.stringify(
      {
        workbook: "dnn-workbook",
        version: 1,
        exercises: columns,
        submissions: rows.map((r) => ({ learner: r.learner, folder: r.folder, studentId: r.studentId, email: r.email, status: r.status, reason: r.reason, notes: r.notes, durationMs: r.durationMs, report: r.report })),
      },
      null,
      2,
    ) + "\n",
  /** One <testsuite> per learner and exercise, named "learner / 02 linear_forward". */
  junit: (rows, columns) => {
    const suites = rows.flatMap((row) => {
      const text = junit(reportOf(row, columns), QUIET);
      return [...text.matchAll(/<testsuite name="([^"]*)"[\s\S]*?<\/testsuite>/g)].map((m) =>
        m[0].replace(`<testsuite name="${m[1]}"`, `<testsuite name="${xml(printable(row.learner))} / ${m[1]}"`).replace(/classname="/g, `classname="${xml(printable(row.learner))}.`),
      );
    });
    const count = (re: RegExp) => suites.reduce((s, x) => s + (x.match(re)?.length ?? 0), 0);
    return [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<testsuites name="dnn-workbook" tests="${count(/<testcase /g)}" failures="${count(/<failure /g)}" errors="${count(/<error /g)}">`,
      ...suites,
      `</testsuites>`,
      "",
    ].join("\n");
  },
  /** Gradescope results.json of every learner, by learner. */
  gradescope: (rows, columns, options?: Partial<ReporterOptions>) =>
    JSON.stringify(Object.fromEntries(rows.map((r) => [r.learner, JSON.parse(gradescope(reportOf(r, columns), { ...QUIET, ...options }))])), null, 2) + "\n",
} satisfies Record<string, BatchReporter>;

export type BatchReporterName = keyof typeof batchReporters;

export function isBatchReporterName(name: string): name is BatchReporterName {
  return Object.hasOwn(batchReporters, name);
}
