/**
 * The terminal report: a summary table, the detail of the first exercise that is not passing
 * (or of every check, when one exercise is graded), and a progress bar.
 */
import { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import { diffLines } from "diff";
import type { CheckResult, ExerciseResult, GradeReport } from "../types.ts";
import type { Reporter, ReporterOptions } from "./types.ts";

export const SYMBOL: Record<ExerciseResult["status"] | CheckResult["status"], string> = {
  passed: "✔",
  failed: "✘",
  error: "✘",
  timeout: "⧗",
  "not-started": "○",
};

export function paint(c: ChalkInstance, status: CheckResult["status"]): (s: string) => string {
  switch (status) {
    case "passed":
      return c.green;
    case "not-started":
      return c.dim;
    case "timeout":
      return c.yellow;
    default:
      return c.red;
  }
}

const indent = (text: string, n: number) =>
  text
    .split("\n")
    .map((l) => (l ? " ".repeat(n) + l : l))
    .join("\n");

/**
 * Word-wraps prose to `width` columns (lines that are too long break at spaces; continuation lines
 * keep the indentation of the line they continue). Apply before colouring.
 */
export function wrap(text: string, width: number): string {
  if (width < 20) return text;
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= width) return line;
      const lead = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let rest = line;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(" ", width);
        if (cut <= lead.length) break;
        out.push(rest.slice(0, cut));
        rest = lead + rest.slice(cut + 1).trimStart();
      }
      out.push(rest);
      return out.join("\n");
    })
    .join("\n");
}

export function progressBar(done: number, total: number, width = 20): string {
  const full = total === 0 ? 0 : Math.round((done / total) * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

function summaryLine(c: ChalkInstance, r: ExerciseResult, nameWidth: number): string {
  const label = `${r.id} ${r.name}`.padEnd(nameWidth);
  const score =
    r.status === "not-started"
      ? "not started"
      : r.status === "timeout"
        ? "timed out"
        : r.status === "error" && r.checks.length === 0
          ? "error"
          : `${r.points}/${r.maxPoints}`;
  return `  ${paint(c, r.status)(SYMBOL[r.status])} ${label} ${r.status === "passed" ? c.green(score) : score}`;
}

/** Expected and actual, and a line diff when they span several lines. */
export function comparison(c: ChalkInstance, expected: string, actual: string): string {
  if (!expected.includes("\n") && !actual.includes("\n")) {
    return `${c.dim("expected:")} ${c.green(expected)}\n${c.dim("actual:  ")} ${c.red(actual)}`;
  }
  const lines = [c.dim(`diff (${c.green("- expected")}, ${c.red("+ actual")}):`)];
  for (const part of diffLines(expected.endsWith("\n") ? expected : expected + "\n", actual.endsWith("\n") ? actual : actual + "\n")) {
    const text = part.value.replace(/\n$/, "").split("\n");
    for (const line of text) {
      if (part.added) lines.push(c.red(`+ ${line}`));
      else if (part.removed) lines.push(c.green(`- ${line}`));
      else lines.push(c.dim(`  ${line}`));
    }
  }
  return lines.join("\n");
}

function checkDetail(c: ChalkInstance, check: CheckResult, hint: string | undefined, width = Infinity): string {
  const prose = (text: string) => wrap(text, width - 2);
  const head = `${paint(c, check.status)(SYMBOL[check.status])} ${check.status === "passed" ? check.name : c.bold(check.name)}`;
  if (check.status === "passed") return check.message ? `${head} ${c.dim(`(${check.message})`)}` : head;
  if (check.status === "not-started") return `${head} ${c.dim("not started")}`;
  const parts = [head];
  if (check.message) parts.push(indent(prose(check.message), 2));
  if (check.location) parts.push(indent(c.cyan(`at ${check.location}`), 2));
  if (check.codeFrame) parts.push(indent(c.dim(check.codeFrame), 4));
  if (check.expected !== undefined && check.actual !== undefined) parts.push(indent(comparison(c, check.expected, check.actual), 2));
  if (hint) parts.push(indent(c.yellow(prose(hint)), 2));
  if (check.lesson) parts.push(indent(c.dim(`Read: ${check.lesson}`), 2));
  return parts.join("\n");
}

/** A failure's explanation without the call or hidden case it happened in, to spot repeats. */
function problemOf(message: string): string {
  return message
    .split("\n")
    .filter((line) => !/^\w+\(.*\)( with .*)?$/.test(line))
    .join("\n")
    .replace(/^Hidden case \d+ of \d+(?: \([^)]*(?:\([^)]*\)[^)]*)*\))?: /, "")
    .replace(/\b\d+(\.\d+)?\b/g, "#");
}

/** The hint to show with the first failing check: the check's own, else the next one not seen yet. */
function hintFor(r: ExerciseResult, check: CheckResult, o: ReporterOptions): string | undefined {
  const hints = o.hints?.[r.id] ?? [];
  if (check.hint) return `Hint: ${check.hint}`;
  if (!hints.length) return undefined;
  // The last hint the learner asked for (the first one is free): a report never reveals more.
  const n = Math.min(Math.max(0, (o.hintsShown?.[r.id] ?? 0) - 1), hints.length - 1);
  return `Hint ${n + 1}/${hints.length}: ${hints[n]}${n + 1 < hints.length ? `  (more: npm run hint -- ${r.id})` : ""}`;
}

export function exerciseDetail(c: ChalkInstance, r: ExerciseResult, o: ReporterOptions, width: number): string {
  const title = ` ── ${r.id} ${r.name} `;
  const lines = [c.bold(title + "─".repeat(Math.max(3, width - title.length)))];
  lines.push(`  ${c.dim(r.file)}  ${r.title}`);
  if (r.message) {
    lines.push(indent(paint(c, r.status)(wrap(r.message, width - 2)), 2));
    if (r.location) lines.push(indent(c.cyan(`at ${r.location}`), 2));
    if (r.codeFrame) lines.push(indent(c.dim(r.codeFrame), 4));
  }
  let hinted = false;
  // One mistake often fails several checks with the same explanation: say it once.
  const shown = new Set<string>();
  for (const check of r.status === "not-started" ? [] : r.checks) {
    if (o.detail === "first-failing" && check.status === "passed") continue;
    const failing = check.status === "failed" || check.status === "error";
    const problem = failing && check.message ? problemOf(check.message) : undefined;
    if (problem !== undefined && shown.has(problem)) {
      lines.push(indent(`${paint(c, check.status)(SYMBOL[check.status])} ${c.bold(check.name)} ${c.dim("(the same problem as above)")}`, 2));
      continue;
    }
    if (problem !== undefined) shown.add(problem);
    const hint = failing && !hinted ? hintFor(r, check, o) : undefined;
    if (hint) hinted = true;
    lines.push(indent(checkDetail(c, check, hint, width - 2), 2));
  }
  if (r.status === "not-started") {
    lines.push(indent(`Next: open ${r.file}, replace each notImplemented() with your code, and save.`, 2));
    if (!o.watching) lines.push(indent(c.dim("Then grade again, or keep `npm run watch` open: it re-grades on every save."), 2));
    if (r.lesson) lines.push(indent(c.dim(`Read first: ${r.lesson}`), 2));
  } else if (r.status === "passed") {
    lines.push(indent(c.green(`All ${r.checks.length} checks pass. Compare with the reference: solutions/${r.id}_${r.name}.ts`), 2));
  }
  if (r.output) {
    lines.push(indent(c.dim("Your code printed:"), 2));
    lines.push(indent(c.dim(r.output.trimEnd().split("\n").slice(0, 20).join("\n")), 4));
  }
  return lines.join("\n");
}

export const pretty: Reporter = (report: GradeReport, o: ReporterOptions) => {
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const width = Math.min(o.width, 100);
  const { results, totals } = report;
  const nameWidth = Math.max(...results.map((r) => r.id.length + 1 + r.name.length), 10) + 2;
  const out: string[] = [];
  out.push("", ` ${c.bold.inverse(" dnn-workbook ")}  ·  ${results.length} exercise${results.length === 1 ? "" : "s"}${report.source !== "exercises" ? c.dim(`  ·  ${report.source}`) : ""}`, "");
  for (const r of results) out.push(summaryLine(c, r, nameWidth));
  const shown = o.detail === "all" ? results : results.filter((r) => r.status !== "passed").slice(0, 1);
  for (const r of shown) out.push("", exerciseDetail(c, r, o, width));
  out.push("");
  const bar = progressBar(totals.passedExercises, totals.exercises);
  out.push(
    ` ${c.green(bar)}  ${totals.passedExercises}/${totals.exercises} exercises · ${totals.passedChecks}/${totals.checks} checks · ${totals.points}/${totals.maxPoints} points`,
  );
  if (totals.passedExercises === totals.exercises && totals.exercises > 1) {
    out.push("", c.green(" Every exercise passes. Train your network on real digits: npm run train"));
  }
  out.push("");
  return out.join("\n");
};
