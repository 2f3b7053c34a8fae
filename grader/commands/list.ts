/**
 * `npm run list` — every exercise with its status, points, lesson, and the hints seen. What
 * passes is graded now (never read from the progress file); the current exercise is marked ▸.
 */
import { parseArgs } from "node:util";
import chalk, { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import { UsageError, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { progressBar } from "../reporters/pretty.ts";
import { SYMBOL, paint as paintStatus } from "../reporters/pretty.ts";
import { totalsOf } from "../types.ts";
import type { ExerciseResult } from "../types.ts";
import { loadProgress } from "../progress.ts";
import { gradeReport } from "./grade.ts";
import type { Runner } from "../runner/index.ts";
import { specOf } from "./hint.ts";

export type ListRow = {
  exercise: ExerciseRef;
  /** Undefined while it has not been graded yet (watch mode's start-up). */
  result?: ExerciseResult;
  /** The lesson section's file, "lessons/en/02_forward_propagation.md#vectorized". */
  lesson?: string;
  hints: number;
  hintsShown: number;
  current: boolean;
};

const CURRENT = "▸";

/** Points, also for an exercise not started (its symbol says so): a short column fits narrow terminals. */
function score(r: ExerciseResult | undefined): string {
  if (!r) return "…";
  return r.maxPoints > 0 ? `${r.points}/${r.maxPoints}` : "–";
}

function paint(c: ChalkInstance, r: ExerciseResult | undefined): (s: string) => string {
  return r ? paintStatus(c, r.status) : c.dim;
}

/** The table of exercises (also what `l` shows in watch mode). */
export function formatList(c: ChalkInstance, rows: ListRow[], o: { lang?: string; width?: number } = {}): string {
  const nameWidth = Math.max(10, ...rows.map((r) => r.exercise.id.length + 1 + r.exercise.name.length));
  const scoreWidth = Math.max(5, ...rows.map((r) => score(r.result).length));
  const hintsWidth = "hints 0/0".length;
  const lang = o.lang ?? "en";
  // The lesson column, as long as the terminal allows: with the section, the file, the file's name.
  const forms = [
    (row: ListRow) => (row.lesson ?? "").replace(/^lessons\/en\//, `lessons/${lang}/`),
    (row: ListRow) => (row.lesson ?? "").replace(/^lessons\/en\//, `lessons/${lang}/`).replace(/#.*$/, ""),
    (row: ListRow) => (row.lesson ?? "").replace(/^.*\//, "").replace(/#.*$/, ""),
  ];
  const widthOf = (form: (row: ListRow) => string) => Math.max(0, ...rows.map((r) => form(r).length));
  const lessonOf = forms.find((f) => 6 + nameWidth + 2 + scoreWidth + 2 + widthOf(f) + 2 + hintsWidth <= (o.width ?? Infinity)) ?? forms[2]!;
  const lessonWidth = widthOf(lessonOf);
  return rows
    .map((row) => {
      const { exercise: ex, result: r } = row;
      const mark = row.current ? c.cyan(CURRENT) : " ";
      const symbol = paint(c, r)(r ? SYMBOL[r.status] : "·");
      const name = `${ex.id} ${ex.name}`.padEnd(nameWidth);
      const points = score(r).padEnd(scoreWidth);
      const lesson = lessonOf(row).padEnd(lessonWidth);
      const hints = row.hints ? `hints ${Math.min(row.hintsShown, row.hints)}/${row.hints}` : "";
      return `  ${mark} ${symbol} ${row.current ? c.bold(name) : name}  ${r?.status === "passed" ? c.green(points) : points}  ${c.dim(lesson)}  ${c.dim(hints)}`.trimEnd();
    })
    .join("\n");
}

/** The whole-course progress line, as the grade report prints it. */
export function progressLine(c: ChalkInstance, results: ExerciseResult[], exercises: number): string {
  const t = totalsOf(results);
  return ` ${c.green(progressBar(t.passedExercises, exercises))}  ${t.passedExercises}/${exercises} exercises · ${t.passedChecks}/${t.checks} checks · ${t.points}/${t.maxPoints} points`;
}

/**
 * The current exercise, as watch mode would resume: the progress file's while it does not pass,
 * else the first one not passing.
 */
export function currentOf(exercises: ExerciseRef[], results: ExerciseResult[], saved: string | undefined): ExerciseRef | undefined {
  const passes = (e: ExerciseRef) => results.find((r) => r.id === e.id)?.status === "passed";
  return exercises.find((e) => e.slug === saved && !passes(e)) ?? exercises.find((e) => !passes(e));
}

/** `runner`: grades with this one (its folder and seed) instead of a new one (tests list one folder again and again). */
export async function listCommand(argv: string[], runner?: Runner): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { solutions: { type: "boolean" }, dir: { type: "string" }, lang: { type: "string" } },
  });
  if (positionals.length) throw new UsageError(`list takes no exercise (npm run grade -- ${positionals[0]} shows one in detail).`);
  const c = new Chalk({ level: chalk.level });
  const exercises = listExercises();
  const progress = loadProgress();
  const { report, hints } = await gradeReport({ solutions: values.solutions, dir: values.dir, color: chalk.level > 0, width: process.stdout.columns || 80 }, runner);
  const current = currentOf(exercises, report.results, progress.current);
  const rows: ListRow[] = [];
  for (const ex of exercises) {
    const result = report.results.find((r) => r.id === ex.id);
    const spec = result?.lesson && hints[ex.id] ? undefined : await specOf(ex).catch(() => undefined);
    rows.push({
      exercise: ex,
      result,
      lesson: result?.lesson ?? (spec ? paths.lesson(spec.lesson) : undefined),
      hints: (hints[ex.id] ?? spec?.hints ?? []).length,
      hintsShown: progress.hintsShown[ex.slug] ?? 0,
      current: ex.slug === current?.slug,
    });
  }
  const lang = values.lang === "ko" ? "ko" : "en";
  const out = [
    "",
    ` ${c.bold.inverse(" dnn-workbook ")}  ·  ${exercises.length} exercise${exercises.length === 1 ? "" : "s"}${report.source !== "exercises" ? c.dim(`  ·  ${report.source}`) : ""}`,
    "",
    formatList(c, rows, { lang, width: process.stdout.columns || 80 }),
    "",
    progressLine(c, report.results, exercises.length),
    "",
  ];
  if (current) out.push(c.dim(` ${CURRENT} the current exercise · details: npm run grade -- ${current.id} · hints: npm run hint -- ${current.id} · watch mode: npm run watch`), "");
  process.stdout.write(out.join("\n"));
  return 0;
}
