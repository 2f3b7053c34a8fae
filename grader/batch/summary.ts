/**
 * What the class got wrong: per exercise, how many passed, the median points, and the named
 * mistakes (by their stable ids, grader/check/expect.ts) with the learners who made them. Written
 * by batch grading as class-summary.md and class-summary.html (one standalone page: inline CSS bar
 * charts, no script, no network, opens from file://).
 */
import type { GradebookColumn, GradebookRow } from "../reporters/csv.ts";

export type MistakeCount = { id: string; checks: string[]; learners: string[] };

export type ExerciseSummary = {
  slug: string;
  maxPoints: number;
  /** Learners whose submission was graded. */
  graded: number;
  passed: number;
  medianPoints: number;
  /** Most frequent first; a learner counts once per mistake. */
  mistakes: MistakeCount[];
};

export type ClassSummary = { learners: number; graded: number; errors: { learner: string; reason: string }[]; exercises: ExerciseSummary[] };

const median = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function classSummary(rows: GradebookRow[], columns: GradebookColumn[]): ClassSummary {
  const graded = rows.filter((r) => r.status === "graded" && r.report);
  const exercises = columns.map((c): ExerciseSummary => {
    const results = graded.map((r) => ({ learner: r.learner, result: r.report!.results.find((x) => `${x.id}_${x.name}` === c.slug) }));
    const mistakes = new Map<string, MistakeCount>();
    for (const { learner, result } of results) {
      for (const check of result?.checks ?? []) {
        if (!check.mistake) continue;
        const m = mistakes.get(check.mistake) ?? { id: check.mistake, checks: [], learners: [] };
        if (!m.checks.includes(check.name)) m.checks.push(check.name);
        if (!m.learners.includes(learner)) m.learners.push(learner);
        mistakes.set(check.mistake, m);
      }
    }
    return {
      slug: c.slug,
      maxPoints: c.maxPoints,
      graded: results.length,
      passed: results.filter((r) => r.result?.status === "passed").length,
      medianPoints: median(results.map((r) => r.result?.points ?? 0)),
      mistakes: [...mistakes.values()].sort((a, b) => b.learners.length - a.learners.length || a.id.localeCompare(b.id)),
    };
  });
  return {
    learners: rows.length,
    graded: graded.length,
    errors: rows.filter((r) => r.status === "error").map((r) => ({ learner: r.learner, reason: r.reason ?? "" })),
    exercises,
  };
}

const pct = (n: number, d: number) => (d ? Math.round((100 * n) / d) : 0);
/** Learners named in a summary: at most this many per mistake, then "and N more". */
const NAMES = 12;
const names = (learners: string[]) => learners.slice(0, NAMES).join(", ") + (learners.length > NAMES ? `, and ${learners.length - NAMES} more` : "");
const md = (s: string) => s.replace(/[\\`*_[\]|<>#]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

export function summaryMarkdown(s: ClassSummary): string {
  const out = [
    "# What the class got wrong",
    "",
    `${s.graded} of ${s.learners} submissions graded${s.errors.length ? `; ${s.errors.length} could not be graded (see the end)` : ""}.`,
    "",
    "| exercise | passed | pass rate | median points |",
    "| --- | ---: | ---: | ---: |",
    ...s.exercises.map((e) => `| ${e.slug} | ${e.passed}/${e.graded} | ${pct(e.passed, e.graded)}% | ${e.medianPoints}/${e.maxPoints} |`),
    "",
  ];
  for (const e of s.exercises) {
    if (!e.mistakes.length) continue;
    out.push(`## ${e.slug}`, "");
    for (const m of e.mistakes.slice(0, 10)) {
      out.push(`- **${m.id}**: ${m.learners.length} of ${e.graded} learners (${m.checks.map(md).join("; ")}): ${md(names(m.learners))}`);
    }
    out.push("");
  }
  if (s.errors.length) {
    out.push("## Not graded", "");
    for (const e of s.errors) out.push(`- ${md(e.learner)}: ${md(e.reason)}`);
    out.push("");
  }
  return out.join("\n");
}

const html = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const bar = (label: string, value: number, max: number, text: string, cls = "") =>
  `<div class="row"><span class="label">${html(label)}</span><span class="track"><span class="bar ${cls}" style="width:${pct(value, max)}%"></span></span><span class="value">${html(text)}</span></div>`;

export function summaryHtml(s: ClassSummary): string {
  const sections = s.exercises
    .filter((e) => e.mistakes.length)
    .map(
      (e) => `<section class="exercise" id="ex-${html(e.slug)}"><h2>${html(e.slug)}</h2>
${e.mistakes
  .slice(0, 10)
  .map((m) => `${bar(m.id, m.learners.length, e.graded, `${m.learners.length} of ${e.graded}`, "mistake")}<p class="who">${html(m.checks.join("; "))}: ${html(names(m.learners))}</p>`)
  .join("\n")}
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>What the class got wrong</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.row { display: grid; grid-template-columns: 16rem 1fr 7rem; gap: .6rem; align-items: center; margin: .25rem 0; }
.label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, monospace; }
.track { background: #eceff4; height: 1rem; border-radius: 3px; display: block; }
.bar { display: block; height: 100%; background: #3f8f5a; border-radius: 3px; }
.bar.mistake { background: #c0563c; }
.value { text-align: right; font-variant-numeric: tabular-nums; }
.who { margin: 0 0 .6rem 16.6rem; color: #5a6272; font-size: .9em; }
</style></head>
<body>
<h1>What the class got wrong</h1>
<p>${s.graded} of ${s.learners} submissions graded${s.errors.length ? `; ${s.errors.length} could not be graded` : ""}.</p>
<section id="pass-rates"><h2>Pass rate and median points per exercise</h2>
${s.exercises.map((e) => bar(e.slug, e.passed, e.graded, `${pct(e.passed, e.graded)}% · median ${e.medianPoints}/${e.maxPoints}`, "pass")).join("\n")}
</section>
${sections}
${s.errors.length ? `<section id="not-graded"><h2>Not graded</h2><ul>${s.errors.map((e) => `<li>${html(e.learner)}: ${html(e.reason)}</li>`).join("")}</ul></section>` : ""}
</body></html>
`;
}
