/**
 * An exercise's result as HTML: what the terminal's pretty report (grader/reporters/pretty.ts)
 * shows for one exercise — every check with its symbol, the messages and named mistakes, expected
 * vs actual (a line diff when they span lines), where the code threw, the hint, the lesson link and
 * what the code printed — as a list a screen reader can walk.
 */
import { diffLines } from "diff";
import type { CheckResult, ExerciseResult } from "../types.ts";
import type { UiText } from "./text.ts";

export const SYMBOL: Record<ExerciseResult["status"] | CheckResult["status"], string> = {
  passed: "✔",
  failed: "✘",
  error: "✘",
  timeout: "⧗",
  "not-started": "○",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function comparison(expected: string, actual: string, t: UiText): string {
  if (!expected.includes("\n") && !actual.includes("\n")) {
    return `<dl class="compare"><dt>${t.expected}</dt><dd><code class="expected">${escapeHtml(expected)}</code></dd><dt>${t.actual}</dt><dd><code class="actual">${escapeHtml(actual)}</code></dd></dl>`;
  }
  const lines: string[] = [];
  for (const part of diffLines(expected.endsWith("\n") ? expected : expected + "\n", actual.endsWith("\n") ? actual : actual + "\n")) {
    for (const line of part.value.replace(/\n$/, "").split("\n")) {
      if (part.added) lines.push(`<ins>+ ${escapeHtml(line)}</ins>`);
      else if (part.removed) lines.push(`<del>- ${escapeHtml(line)}</del>`);
      else lines.push(`<span>  ${escapeHtml(line)}</span>`);
    }
  }
  return `<p class="diff-legend">${t.diffLegend}</p><pre class="diff">${lines.join("\n")}</pre>`;
}

/** A failure's explanation without the call or hidden case it happened in, to spot repeats (as pretty.ts does). */
function problemOf(message: string): string {
  return message
    .split("\n")
    .filter((line) => !/^\w+\(.*\)( with .*)?$/.test(line))
    .join("\n")
    .replace(/^Hidden case \d+ of \d+(?: \([^)]*(?:\([^)]*\)[^)]*)*\))?: /, "")
    .replace(/\b\d+(\.\d+)?\b/g, "#");
}

const para = (text: string, cls = "") => `<p${cls ? ` class="${cls}"` : ""}>${escapeHtml(text).replace(/\n/g, "<br>")}</p>`;

function where(location: string | undefined, frame: string | undefined, t: UiText): string {
  return (location ? `<p class="location">${t.at} <code>${escapeHtml(location)}</code></p>` : "") + (frame ? `<pre class="frame">${escapeHtml(frame)}</pre>` : "");
}

function lessonLink(href: string | undefined, t: UiText): string {
  return href ? `<p class="read"><a href="${escapeHtml(href)}">${t.read}</a></p>` : "";
}

function checkItem(check: CheckResult, hint: string | undefined, repeated: boolean, t: UiText): string {
  const head = `<span class="sym" aria-hidden="true">${SYMBOL[check.status]}</span> <span class="name">${escapeHtml(check.name)}</span> <span class="visually-hidden">${t.status[check.status]}</span>`;
  const cls = `check ${check.status}`;
  if (check.status === "passed") return `<li class="${cls}">${head}${check.message ? ` <span class="note">(${escapeHtml(check.message)})</span>` : ""}</li>`;
  if (check.status === "not-started") return `<li class="${cls}">${head} <span class="note">${t.notStarted}</span></li>`;
  if (repeated) return `<li class="${cls}">${head} <span class="note">${t.sameProblem}</span></li>`;
  const parts = [head];
  if (check.message) parts.push(para(check.message, "message"));
  parts.push(where(check.location, check.codeFrame, t));
  if (check.expected !== undefined && check.actual !== undefined) parts.push(comparison(check.expected, check.actual, t));
  if (hint) parts.push(para(hint, "hint"));
  parts.push(lessonLink(check.lesson, t));
  return `<li class="${cls}">${parts.join("")}</li>`;
}

/** The report of one graded exercise. `hints`: the spec's hints; `shown`: how many the learner has seen. */
export function renderReport(r: ExerciseResult, hints: string[], shown: number, t: UiText, seed?: number): string {
  const score = r.status === "not-started" ? t.status["not-started"] : r.status === "timeout" ? t.status.timeout : `${r.points}/${r.maxPoints}`;
  const out: string[] = [];
  out.push(`<h2 class="report-title"><span class="sym" aria-hidden="true">${SYMBOL[r.status]}</span> ${escapeHtml(`${r.id} ${r.name}`)} <span class="score">${escapeHtml(score)}</span> <span class="visually-hidden">${t.status[r.status]}</span></h2>`);
  out.push(`<p class="file"><code>${escapeHtml(r.file)}</code> ${escapeHtml(r.title)}</p>`);
  if (r.message) out.push(para(r.message, `message ${r.status}`) + where(r.location, r.codeFrame, t));
  let hinted = false;
  const seen = new Set<string>();
  const items: string[] = [];
  for (const check of r.status === "not-started" ? [] : r.checks) {
    const failing = check.status === "failed" || check.status === "error";
    const problem = failing && check.message ? problemOf(check.message) : undefined;
    const repeated = problem !== undefined && seen.has(problem);
    if (problem !== undefined) seen.add(problem);
    let hint: string | undefined;
    if (failing && !repeated && !hinted) {
      const n = Math.min(Math.max(0, shown - 1), hints.length - 1);
      hint = check.hint ? `${t.hint}: ${check.hint}` : hints.length ? `${t.hint} ${n + 1}/${hints.length}: ${hints[n]}` : undefined;
      if (hint) hinted = true;
    }
    items.push(checkItem(check, hint, repeated, t));
  }
  if (items.length) out.push(`<ul class="checks" aria-label="${t.checks}">${items.join("")}</ul>`);
  if (r.status === "not-started") {
    out.push(para(t.nextNotStarted));
    out.push(lessonLink(r.lesson, t));
  } else if (r.status === "passed") {
    out.push(para(t.allPass(r.checks.length), "passed"));
  }
  if (r.output) {
    out.push(`<p class="output-title">${t.printed}</p><pre class="output">${escapeHtml(r.output.trimEnd().split("\n").slice(0, 40).join("\n"))}</pre>`);
  }
  out.push(`<p class="duration">${t.gradedIn(r.durationMs)}${seed === undefined ? "" : ` · ${escapeHtml(t.seed(seed))}`}</p>`);
  return out.join("\n");
}
