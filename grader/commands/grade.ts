/**
 * `npm run grade [exercise] [--solutions] [--reporter NAME] [--output FILE]`
 */
import { availableParallelism } from "node:os";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, UsageError, findExercise, listExercises } from "../exercises.ts";
import { isReporterName, reporters } from "../reporters/index.ts";
import type { ReporterName } from "../reporters/index.ts";
import { MAX_SEED, Runner } from "../runner/index.ts";
import { totalsOf } from "../types.ts";
import type { ExerciseResult, GradeReport } from "../types.ts";
import { hintsShownById, peekProgress, workbookSeed } from "../progress.ts";

export type GradeOptions = {
  exercise?: string;
  solutions?: boolean;
  /** Grade another folder of exercise files (a learner's copy). */
  dir?: string;
  reporter?: string;
  output?: string;
  seed?: string;
  color: boolean;
  width: number;
  hintsShown?: Record<string, number>;
};

/** Which folder is graded, and how to name it in the report. */
export function learnerDirOf(o: Pick<GradeOptions, "solutions" | "dir">): { dir: string; source: string } {
  if (o.dir) return { dir: resolve(o.dir), source: o.dir };
  return o.solutions ? { dir: join(ROOT, "solutions"), source: "solutions" } : { dir: join(ROOT, "exercises"), source: "exercises" };
}

/**
 * How many exercises a whole-course grade runs at once, each in its own executor: one unless
 * DNN_WORKBOOK_LANES=N asks for more (at most 4). Two lanes start a second executor; on a busy
 * two-core machine that was slower, not faster (measured), so they are not the default.
 */
export function gradingLanes(): number {
  const asked = Number(process.env.DNN_WORKBOOK_LANES);
  return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 4, Math.max(1, availableParallelism())) : 1;
}

/** `--seed N`: numpy's legacy seeds, 0 … 2³² − 1; anything else is a usage error. */
export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_SEED) {
    throw new UsageError(`--seed takes a whole number from 0 to ${MAX_SEED} (numpy's seeds), not "${text}".`);
  }
  return Number(text);
}

export async function gradeReport(o: GradeOptions, runner?: Runner): Promise<{ report: GradeReport; hints: Record<string, string[]> }> {
  const all = listExercises();
  const selected = o.exercise ? [findExercise(o.exercise, all)] : all;
  const { dir, source } = learnerDirOf(o);
  // The workbook's own seed unless --seed says otherwise: rerunning grades the same hidden cases.
  const hiddenSeed = o.seed === undefined ? workbookSeed() : parseSeed(o.seed);
  const own = !runner;
  runner ??= new Runner({ learnerDir: dir, hiddenSeed, lanes: selected.length > 1 ? gradingLanes() : 1 });
  try {
    const results = await runner.gradeAll(selected);
    return {
      report: { workbook: "dnn-workbook", version: 1, source, hiddenSeed: runner.hiddenSeed, results, totals: totalsOf(results) },
      hints: runner.hints,
    };
  } finally {
    if (own) await runner.close();
  }
}

export async function gradeCommand(o: GradeOptions): Promise<number> {
  const name = o.reporter ?? "pretty";
  if (!isReporterName(name)) {
    throw new UsageError(`Unknown reporter "${name}". Choose one of: ${Object.keys(reporters).join(", ")}.`);
  }
  const { report, hints } = await gradeReport(o);
  const detail = o.exercise ? "all" : "first-failing";
  if (name === "pretty") await typeCheckShown(report, detail);
  const text = reporters[name as ReporterName](report, {
    color: o.output ? false : o.color,
    detail,
    width: o.width,
    hints,
    // The hints the learner has seen (npm run hint, watch mode), so the report shows the next one.
    hintsShown: o.hintsShown ?? hintsShownById(peekProgress(), listExercises()),
  });
  if (o.output) {
    writeFileSync(o.output, text);
    process.stderr.write(`Wrote the ${name} report to ${o.output}\n`);
  } else {
    process.stdout.write(text);
  }
  const broken = report.results.flatMap((r) => r.checks.filter((c) => c.graderError).map((c) => `${r.id} ${r.name}: ${c.name}`));
  if (broken.length) {
    process.stderr.write(`The grader itself failed in ${broken.length} check${broken.length === 1 ? "" : "s"} (a bug in dnn-workbook, not in your code): ${broken.join("; ")}\n`);
    return 3;
  }
  return report.results.every((r) => r.status === "passed") ? 0 : 1;
}

/**
 * The type checker's warnings for the exercises the report shows in detail (the one asked for, or
 * the first not passing) that do not pass and have the learner's code in them: that is where a
 * warning can explain something. The compiler takes about a second to start, so it is loaded only
 * then, and its findings are kept by the file's contents: grading an unchanged file again costs
 * nothing (watch mode keeps a warm compiler instead).
 */
async function typeCheckShown(report: GradeReport, detail: "all" | "first-failing"): Promise<void> {
  const shown = detail === "all" ? report.results : report.results.filter((r) => r.status !== "passed").slice(0, 1);
  if (process.env.DNN_WORKBOOK_TYPECHECK === "0") return;
  const written = shown.filter((r) => r.status !== "not-started" && r.status !== "passed" && existsSync(resolve(r.file)));
  if (!written.length) return;
  const cacheDir = join(ROOT, "node_modules", ".cache", "dnn-workbook", "typecheck");
  const keyOf = (file: string) => createHash("sha1").update("1\0").update(file).update("\0").update(readFileSync(file)).digest("hex");
  let checker: { check(file: string): NonNullable<ExerciseResult["typeWarnings"]>; dispose(): void } | undefined;
  for (const r of written) {
    const file = resolve(r.file);
    const cached = join(cacheDir, `${keyOf(file)}.json`);
    let warnings: NonNullable<ExerciseResult["typeWarnings"]>;
    try {
      warnings = JSON.parse(readFileSync(cached, "utf8"));
    } catch {
      checker ??= new (await import("../typecheck/index.ts")).TypeChecker();
      warnings = checker.check(file);
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(cached, JSON.stringify(warnings));
      } catch {
        // a read-only workbook: no cache
      }
    }
    if (warnings.length) r.typeWarnings = warnings;
  }
  checker?.dispose();
}
