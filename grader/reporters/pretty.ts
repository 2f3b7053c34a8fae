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
  if (check.lesson) {
    const read = `Read: ${check.lesson}`;
    const command = lessonCommand(check.lesson);
    const oneLine = `${read}  (${command})`;
    parts.push(indent(c.dim(!command ? read : oneLine.length <= width - 2 ? oneLine : `${read}\n  or: ${command}`), 2));
  }
  return parts.join("\n");
}

/** "npm run lesson -- 2#vectorized" for "lessons/en/02_forward_propagation.md#vectorized": the section in the terminal. */
function lessonCommand(link: string): string {
  const m = /(?:^|\/)(\d{2})_[\w-]+\.md#([\w-]+)$/.exec(link);
  return m ? `npm run lesson -- ${Number(m[1])}#${m[2]}` : "";
}

/** The call line a check's message starts with ("linearForward(A, W, b) with A (3, 2), …"). */
const CALL_LINE = /^[\w.]+\(.*\)( with .*)?$/;
/** Where a hidden case's message starts: "Hidden case 2 of 5 (A (7, 4), W (2, 7)): ". */
const HIDDEN_CASE = /^Hidden case (\d+) of (\d+)(?: \([^)]*(?:\([^)]*\)[^)]*)*\))?: /;

/**
 * The sentences of a failure that diagnose it, numbers blanked, to spot a diagnosis already given:
 * not the call, not which case, not the generic "N values differ" measurement.
 */
function diagnosesOf(message: string): Set<string> {
  const text = message
    .split("\n")
    .filter((line) => !CALL_LINE.test(line))
    .join("\n")
    .replace(HIDDEN_CASE, "");
  const out = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?])\s+(?=[A-Z])|\n/)) {
    const s = sentence.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, "#").trim();
    if (s.length < 25 || /values differ|largest absolute difference|tolerance|disagrees with the numerical gradient|The largest gap/.test(s)) continue;
    out.add(s);
  }
  // A failure with no diagnosing sentence is compared whole.
  if (!out.size) out.add(text.replace(/\b\d+(\.\d+)?\b/g, "#"));
  return out;
}

/** "hidden case 2 of 5", or the call, for the one line that refers to a diagnosis given above. */
function caseOf(message: string): string {
  const hidden = HIDDEN_CASE.exec(message);
  if (hidden) return `hidden case ${hidden[1]} of ${hidden[2]}`;
  const call = message.split("\n").find((line) => CALL_LINE.test(line));
  return call ? call.replace(/ with .*$/, "") : "";
}

/** The exercise's next hint (one not revealed before: the last one the learner asked for, the first one free). */
function exerciseHint(r: ExerciseResult, o: ReporterOptions): string | undefined {
  const hints = o.hints?.[r.id] ?? [];
  if (!hints.length) return undefined;
  const n = Math.min(Math.max(0, (o.hintsShown?.[r.id] ?? 0) - 1), hints.length - 1);
  return `Stuck? Hint ${n + 1}/${hints.length} for ${r.id}: ${hints[n]}${n + 1 < hints.length ? `  (more: npm run hint -- ${r.id})` : ""}`;
}

/** How many lines of printed output the report shows; the JSON report has all the judge kept. */
export const OUTPUT_LINES = 20;

/** What the learner's code printed, under the name of the check (and call) that printed it; says what was cut. */
function printedOutput(c: ChalkInstance, r: ExerciseResult): string[] {
  const all = r.output!.trimEnd().split("\n");
  const lines = [c.dim("Your code printed (by check; console.log output is shown, never graded):")];
  const shown = all.slice(0, OUTPUT_LINES);
  for (const line of shown) {
    const label = /^\[(.+)\]$/.exec(line);
    if (label) lines.push(`  ${c.cyan(`while checking: ${label[1]}`)}`);
    else lines.push(`    ${c.dim(line)}`);
  }
  const cut = all.length - shown.length;
  if (cut > 0) lines.push(`  ${c.yellow(`… ${cut} more line${cut === 1 ? "" : "s"} not shown here (all of it: npm run grade -- ${r.id} --reporter json).`)}`);
  return lines;
}

/** The compiler's warnings for the file, each in numpy's terms when a rule knows it. */
function typeWarnings(c: ChalkInstance, r: ExerciseResult, width: number): string[] {
  const list = r.typeWarnings ?? [];
  if (!list.length) return [];
  const MAX = 5;
  const lines = [c.yellow(wrap(`⚠ The type checker sees ${list.length} problem${list.length === 1 ? "" : "s"} in ${r.file} (warnings: the checks above decide the grade)`, width - 2))];
  for (const w of list.slice(0, MAX)) {
    lines.push(`  ${c.cyan(w.location)}  ${c.dim(`TS${w.code}`)} ${wrap(w.message.split("\n")[0]!, width - 8).split("\n").join("\n    ")}`);
    if (w.numpy) lines.push(indent(c.yellow(wrap(`→ ${w.numpy}`, width - 6)), 4));
  }
  if (list.length > MAX) lines.push(`  ${c.dim(`… and ${list.length - MAX} more: npm run check`)}`);
  return lines;
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
  // One mistake often fails several checks and cases with the same explanation: give it once, then
  // one line for each further case that shows it.
  const given: Set<string>[] = [];
  let failing = 0;
  for (const check of r.status === "not-started" ? [] : r.checks) {
    if (o.detail === "first-failing" && check.status === "passed") continue;
    const fails = check.status === "failed" || check.status === "error";
    if (fails) failing++;
    const diagnoses = fails && check.message ? diagnosesOf(check.message) : undefined;
    const seen = diagnoses && given.findIndex((d) => [...diagnoses].some((s) => d.has(s)));
    if (diagnoses && seen !== undefined && seen >= 0) {
      const where = caseOf(check.message!);
      lines.push(indent(`${paint(c, check.status)(SYMBOL[check.status])} ${c.bold(check.name)} ${c.dim(`— the same mistake as above${where ? ` (${where})` : ""}`)}`, 2));
      continue;
    }
    if (diagnoses) given.push(diagnoses);
    // The hint under a failure is that check's own; the exercise's hints come after the checks.
    lines.push(indent(checkDetail(c, check, fails && check.hint ? `Hint: ${check.hint}` : undefined, width - 2), 2));
  }
  if (failing) {
    const hint = exerciseHint(r, o);
    if (hint) lines.push(indent(c.yellow(wrap(hint, width - 2)), 2));
  }
  if (r.status === "not-started") {
    lines.push(indent(`Next: open ${r.file}, replace each notImplemented() with your code, and save.`, 2));
    if (!o.watching) lines.push(indent(c.dim("Then grade again, or keep `npm run watch` open: it re-grades on every save."), 2));
    if (r.lesson) lines.push(indent(c.dim(`Read first: ${r.lesson}`), 2));
  } else if (r.status === "passed") {
    lines.push(indent(c.green(`All ${r.checks.length} checks pass. Compare with the reference: solutions/${r.id}_${r.name}.ts`), 2));
  }
  for (const line of typeWarnings(c, r, width)) lines.push(indent(line, 2));
  if (r.output) for (const line of printedOutput(c, r)) lines.push(indent(line, 2));
  return lines.join("\n");
}

/** The hidden seed, and the command that grades the same hidden cases again. */
export function seedLine(report: GradeReport, exercise?: string): string {
  const which = exercise ? ` ${exercise}` : "";
  return `hidden cases: seed ${report.hiddenSeed} (this workbook keeps it; npm run grade --${which} --seed ${report.hiddenSeed} grades the same cases anywhere)`;
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
  // The seed matters when something fails: it names the hidden cases that will be graded again.
  const failing = shown.filter((r) => r.status === "failed" || r.status === "error" || r.status === "timeout");
  out.push("");
  if (failing.length) out.push(indent(c.dim(wrap(seedLine(report, failing.length === 1 ? failing[0]!.id : undefined), width - 1)), 1), "");
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
