/**
 * A Markdown report, for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment: a table
 * of the exercises, the totals, and what went wrong in each exercise that is not passing.
 */
import type { CheckResult, ExerciseResult } from "../types.ts";
import type { Reporter } from "./types.ts";

const ICON: Record<ExerciseResult["status"], string> = {
  passed: "✅",
  failed: "❌",
  error: "❌",
  timeout: "⏱️",
  "not-started": "⚪",
};

/** Text for a table cell: one line, no pipes. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function firstProblem(r: ExerciseResult): CheckResult | undefined {
  return r.checks.find((c) => c.status !== "passed");
}

export const markdown: Reporter = (report) => {
  const { passedExercises, exercises, points, maxPoints, passedChecks, checks } = report.totals;
  const lines = [
    `## dnn-workbook: ${passedExercises}/${exercises} exercises · ${points}/${maxPoints} points`,
    "",
    "| | exercise | status | points |",
    "|:-:|:--|:--|--:|",
    ...report.results.map((r) => `| ${ICON[r.status]} | ${r.id} ${cell(r.title || r.name)} | ${r.status} | ${r.points}/${r.maxPoints} |`),
    "",
    `${passedChecks}/${checks} checks passed.`,
  ];
  const failing = report.results.filter((r) => r.status !== "passed" && r.status !== "not-started");
  if (failing.length) {
    lines.push("", "### To fix", "");
    for (const r of failing) {
      const c = firstProblem(r);
      const what = c ? `${c.name}: ${c.message ?? c.status}` : (r.message ?? r.status);
      const where = c?.location ?? r.location;
      lines.push(`- **${r.id} ${r.name}** — ${cell(what)}${where ? ` (\`${where}\`)` : ""}`);
    }
  }
  return lines.join("\n") + "\n";
};
