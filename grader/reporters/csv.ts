/**
 * A gradebook: one row per learner, the points of each exercise, the total and the maximum.
 *
 *     learner,00_shapes,01_initialize,…,total,max,status,reason
 *     alice,4,6,…,70,70,graded,
 *     mallory,0,0,…,0,70,error,"killed after 95 s (wall-clock limit)"
 *
 * Unlike the other reporters it works on a list of (learner, GradeReport): batch grading's result.
 * `status` is "graded", or "error" when the submission could not be graded at all (then every
 * exercise counts 0 and `reason` says why); for a graded submission `reason` names the exercises
 * that ended in an error or a timeout.
 */
import type { GradeReport } from "../types.ts";

export type GradebookColumn = { slug: string; maxPoints: number };

export type GradebookRow = {
  learner: string;
  /** The learner's folder name in the submissions folder, as it is (the learner name is its printable form). */
  folder?: string;
  /** From a roster (--roster): the student's id and email. */
  studentId?: string;
  email?: string;
  /** What was found in the submission but not graded (stale copies, links, special files). */
  notes?: string[];
  status: "graded" | "error";
  /** Why the submission (or some of its exercises) could not be graded. */
  reason?: string;
  report?: GradeReport;
  durationMs?: number;
};

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The exercises of a graded row that ended in an error or a timeout: "03_activation_forward: timeout". */
export function troubleOf(report: GradeReport): string {
  return report.results
    .filter((r) => r.status === "error" || r.status === "timeout")
    .map((r) => `${r.id}_${r.name}: ${r.status}`)
    .join("; ");
}

/** Control characters never reach a gradebook. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "?");

export function csv(rows: GradebookRow[], columns: GradebookColumn[]): string {
  const max = columns.reduce((s, c) => s + c.maxPoints, 0);
  // The roster's columns, when a roster was given.
  const roster = rows.some((r) => r.studentId !== undefined || r.email !== undefined);
  const who = (row: GradebookRow) => (roster ? [row.learner, row.studentId ?? "", row.email ?? ""] : [row.learner]);
  const lines = [[...(roster ? ["learner", "student_id", "email"] : ["learner"]), ...columns.map((c) => c.slug), "total", "max", "status", "reason"].map(csvField).join(",")];
  for (const row of rows) {
    const bySlug = new Map((row.report?.results ?? []).map((r) => [`${r.id}_${r.name}`, r]));
    const points = columns.map((c) => (row.status === "graded" ? (bySlug.get(c.slug)?.points ?? 0) : 0));
    const total = points.reduce((s, p) => s + p, 0);
    const reason = [row.reason ?? (row.report ? troubleOf(row.report) : ""), ...(row.notes ?? [])].filter(Boolean).join("; ");
    lines.push([...who(row), ...points, total, max, row.status, reason].map((v) => csvField(typeof v === "string" ? printable(v) : v)).join(","));
  }
  return lines.join("\n") + "\n";
}
