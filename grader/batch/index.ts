/**
 * Batch grading: `npm run grade -- --submissions DIR [exercise …] [--reporter csv|json|junit|gradescope]
 * [--output FILE] [--out DIR] [--jobs N] [--seed N] [--memory MB] [--keep] [--quiet]`
 *
 * DIR holds one folder per learner: a copy of their exercises/ (`DIR/alice/01_initialize.ts …`) or
 * of their whole workbook (`DIR/alice/exercises/…`). Each submission is compiled (./compile.ts) and
 * graded in its own sandboxed child process (./sandbox.ts), `--jobs` at a time (default: every
 * core). Writes `<out>/<learner>/results.json` (the JSON report), `<out>/<learner>/gradescope.json`
 * (Gradescope's results.json) and `<out>/gradebook.csv`; the chosen reporter goes to stdout or
 * --output. A submission that cannot be graded gets a row with status "error", 0 points and the
 * reason; it never stops or skews the others.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ROOT, UsageError, findExercise, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { DEFAULT_TIME_LIMIT_MS } from "../check/spec.ts";
import type { ExerciseSpec } from "../check/spec.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { json } from "../reporters/json.ts";
import { gradescope } from "../reporters/gradescope.ts";
import type { GradebookColumn, GradebookRow } from "../reporters/csv.ts";
import { Runner } from "../runner/index.ts";
import { parseSeed } from "../commands/grade.ts";
import { totalsOf } from "../types.ts";
import type { GradeReport } from "../types.ts";
import { compileMirror, compileSubmission } from "./compile.ts";
import type { CompiledFile } from "./compile.ts";
import { progressBar } from "./progress.ts";
import { batchReporters, isBatchReporterName, reportOf } from "./reporters.ts";
import { ChildLink } from "./sandbox.ts";
import { NETWORK_WARNING, detectIsolation } from "./os-sandbox.ts";

export type Submission = {
  learner: string;
  /** The folder of exercise files (DIR/alice or DIR/alice/exercises). */
  dir: string;
  /** Why it cannot be graded at all, if so. */
  problem?: string;
};

/** The learners' folders of a submissions folder, by name. */
export function findSubmissions(dir: string): Submission[] {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new UsageError(`--submissions ${dir}: not a folder.`);
  return readdirSync(dir)
    .filter((name) => !name.startsWith("."))
    .sort((a, b) => a.localeCompare(b))
    .flatMap((learner): Submission[] => {
      const path = join(dir, learner);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) return [{ learner, dir: path, problem: "the submission is a symbolic link, not a folder" }];
      if (!st.isDirectory()) return [];
      // A copy of the workbook has its exercise files in exercises/ (an empty one does not count).
      const nested = join(path, "exercises");
      const workbook = existsSync(nested) && !lstatSync(nested).isSymbolicLink() && lstatSync(nested).isDirectory() && readdirSync(nested).some((f) => f.endsWith(".ts"));
      return [{ learner, dir: workbook ? nested : path }];
    });
}

export type CourseInfo = { exercise: ExerciseRef; maxPoints: number; timeLimitMs: number; stub: string };

/** What the parent needs to know of each exercise: its points and time limit (the specs), its stub. */
export async function courseInfo(root: string, exercises: ExerciseRef[]): Promise<CourseInfo[]> {
  return Promise.all(
    exercises.map(async (exercise) => {
      const spec = (await import(pathToFileURL(paths.spec(exercise, root)).href)).default as ExerciseSpec;
      return {
        exercise,
        maxPoints: spec.checks.reduce((s, c) => s + (c.points ?? 1), 0),
        timeLimitMs: spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
        stub: stubFromSolution(readFileSync(paths.solution(exercise, root), "utf8"), relative(root, paths.solution(exercise, root))),
      };
    }),
  );
}

export type BatchOptions = {
  submissions: string;
  exercises?: string[];
  jobs?: number;
  seed?: number;
  memoryMb?: number;
  keep?: boolean;
  /** Replaces every exercise's time limit. */
  timeLimitMs?: number;
  root?: string;
  /** Progress and the final summary; default stderr. */
  log?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  quiet?: boolean;
};

export type BatchResult = {
  rows: GradebookRow[];
  columns: GradebookColumn[];
  durationMs: number;
  jobs: number;
  /** The compiled submissions and mirror (kept with --keep, else removed). */
  tmp: string;
  /** The OS sandbox the children ran in: "bwrap", or "permissions (why)". */
  isolation: string;
};

/** Node's words when the permission model refuses something. */
const DENIED = "Access to this API has been restricted";
const SANDBOX = "Submissions are graded in a sandbox: no files outside the submission, no processes, no threads.";

/** Names files not submitted, and explains the sandbox's refusals. */
function fixUp(report: GradeReport, compiled: CompiledFile[]): GradeReport {
  const explain = (message?: string) => (message && message.includes(DENIED) && !message.includes(SANDBOX) ? `${message}\n${SANDBOX}` : message);
  for (const r of report.results) {
    r.message = explain(r.message);
    for (const c of r.checks) c.message = explain(c.message);
    const note = compiled.find((f) => f.file === `${r.id}_${r.name}.ts` && (f.status === "stub" || f.status === "skipped"));
    if (note) r.message = [`exercises/${note.file}: ${note.reason}.`, r.message].filter(Boolean).join("\n");
  }
  return report;
}

/**
 * One submission: the judge runs here, in the parent; the learner's code runs in a sandboxed child
 * process that only answers the judge's requests (./sandbox.ts). Nothing the child says is a grade.
 */
async function gradeSubmission(o: {
  root: string;
  exercises: ExerciseRef[];
  mirror: string;
  scratch: string;
  learner: string;
  compiled: CompiledFile[];
  cpuSeconds: number;
  memoryMb: number;
  hiddenSeed: number;
  timeLimitMs?: number;
}): Promise<GradeReport> {
  const executorDir = join(o.scratch, "exercises");
  const childTmp = join(o.scratch, "tmp");
  mkdirSync(childTmp, { recursive: true });
  const link = new ChildLink({ mirror: o.mirror, learnerDir: executorDir, cwd: o.scratch, tmp: childTmp, memoryMb: o.memoryMb, cpuSeconds: o.cpuSeconds });
  const runner = new Runner({
    learnerDir: join(o.scratch, "src", "exercises"),
    executorDir,
    base: join(o.scratch, "src"),
    root: o.root,
    hiddenSeed: o.hiddenSeed,
    memoryMb: o.memoryMb,
    timeLimitMs: o.timeLimitMs,
    link,
  });
  link.warmUp();
  try {
    const results = await runner.gradeAll(o.exercises);
    const report: GradeReport = { workbook: "dnn-workbook", version: 1, source: o.learner, hiddenSeed: o.hiddenSeed, results, totals: totalsOf(results) };
    return fixUp(report, o.compiled);
  } finally {
    await runner.close();
  }
}

export async function gradeSubmissions(o: BatchOptions): Promise<BatchResult> {
  const started = performance.now();
  const root = o.root ?? ROOT;
  const all = listExercises(root);
  const exercises = o.exercises?.length ? o.exercises.map((q) => findExercise(q, all)) : all;
  const course = await courseInfo(root, exercises);
  const columns = course.map((c) => ({ slug: c.exercise.slug, maxPoints: c.maxPoints }));
  const submissions = findSubmissions(o.submissions);
  const jobs = Math.max(1, Math.min(o.jobs ?? availableParallelism(), submissions.length || 1));
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), "dnn-batch-")));
  const mirror = join(tmp, "mirror");
  const memoryMb = o.memoryMb ?? 1024;
  // A child's whole life: every exercise's time limit, twice, and room to start.
  const cpuSeconds = Math.ceil((2 * course.reduce((sum, c) => sum + (o.timeLimitMs ?? c.timeLimitMs), 0)) / 1000) + 30;
  const isolation = detectIsolation();
  if (isolation.kind === "permissions") (o.log ?? process.stderr).write(NETWORK_WARNING(isolation.why));
  /** A child of a root grader runs as nobody: it must be able to reach (not list) the folders bound for it. */
  const reachable = (path: string, tree = false) => {
    if (isolation.kind === "bwrap" && isolation.setpriv) openToOthers(path, tree);
  };
  const hiddenSeed = o.seed ?? Date.now() % 2 ** 31;
  const stubs = new Map(course.map((c) => [`${c.exercise.slug}.ts`, c.stub]));
  const progress = progressBar(submissions.length, { stream: o.log as never, quiet: o.quiet });
  const rows: GradebookRow[] = new Array(submissions.length);
  try {
    await compileMirror(root, mirror);
    reachable(tmp);
    reachable(mirror, true);
    let next = 0;
    const gradeOne = async (i: number) => {
      const s = submissions[i]!;
      progress.working(s.learner);
      if (s.problem) {
        rows[i] = { learner: s.learner, status: "error", reason: s.problem, durationMs: 0 };
        return;
      }
      const t0 = performance.now();
      // A short, safe folder name: learner names may hold anything a file name can.
      const scratch = join(tmp, "subs", String(i));
      let compiled: CompiledFile[];
      try {
        compiled = await compileSubmission(s.dir, join(scratch, "exercises"), stubs, join(scratch, "src", "exercises"));
        reachable(join(tmp, "subs"));
        reachable(scratch);
        reachable(join(scratch, "exercises"), true);
      } catch (e) {
        rows[i] = { learner: s.learner, status: "error", reason: `the submission could not be read: ${(e as Error).message}`, durationMs: 0 };
        return;
      }
      try {
        const report = await gradeSubmission({ root, exercises, mirror, scratch, learner: s.learner, compiled, cpuSeconds, memoryMb, hiddenSeed, timeLimitMs: o.timeLimitMs });
        rows[i] = { learner: s.learner, status: "graded", report, durationMs: Math.round(performance.now() - t0) };
      } catch (e) {
        rows[i] = { learner: s.learner, status: "error", reason: `the grader failed on this submission: ${(e as Error).message}`, durationMs: Math.round(performance.now() - t0) };
      }
      if (!o.keep) rmSync(scratch, { recursive: true, force: true });
    };
    await Promise.all(
      Array.from({ length: jobs }, async () => {
        for (let i = next++; i < submissions.length; i = next++) {
          await gradeOne(i);
          const r = rows[i]!;
          const max = columns.reduce((s, c) => s + c.maxPoints, 0);
          progress.done(r.learner, r.status === "graded" ? `${r.report!.totals.points}/${max}` : `error: ${r.reason}`);
        }
      }),
    );
  } finally {
    progress.end();
    if (!o.keep) rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, columns, durationMs: Math.round(performance.now() - started), jobs, tmp, isolation: isolation.kind === "bwrap" ? "bwrap" : `permissions (${isolation.why})` };
}

/** Lets other users reach a folder (0711: through, not listing) or read a tree (0755 folders, 0644 files). */
function openToOthers(path: string, tree: boolean): void {
  if (!tree) return chmodSync(path, 0o711);
  chmodSync(path, 0o755);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) openToOthers(p, true);
    else if (e.isFile()) chmodSync(p, 0o644);
  }
}

/** A learner's name as a folder name under --out. */
const safeName = (learner: string) => learner.replace(/[^\w.@+-]/g, "_").replace(/^\.+/, "_");

export function writeBatchOutputs(result: BatchResult, out: string): void {
  mkdirSync(out, { recursive: true });
  const options = { color: false, detail: "all" as const, width: 100 };
  for (const row of result.rows) {
    const dir = join(out, safeName(row.learner));
    mkdirSync(dir, { recursive: true });
    const report = reportOf(row, result.columns);
    writeFileSync(join(dir, "results.json"), json(report, options));
    writeFileSync(join(dir, "gradescope.json"), gradescope(report, options));
  }
  writeFileSync(join(out, "gradebook.csv"), batchReporters.csv(result.rows, result.columns));
}

export async function batchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      submissions: { type: "string" },
      reporter: { type: "string", short: "r" },
      output: { type: "string", short: "o" },
      out: { type: "string" },
      jobs: { type: "string", short: "j" },
      seed: { type: "string" },
      memory: { type: "string" },
      keep: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
    },
  });
  if (!values.submissions) throw new UsageError("--submissions DIR is required: a folder with one folder per learner.");
  const reporter = values.reporter ?? "csv";
  if (!isBatchReporterName(reporter)) throw new UsageError(`Unknown reporter "${reporter}" for batch grading. Choose one of: ${Object.keys(batchReporters).join(", ")}.`);
  const whole = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} takes a whole number of at least ${min}, not "${v}".`);
    return Number(v);
  };
  const result = await gradeSubmissions({
    submissions: resolve(values.submissions),
    exercises: positionals,
    jobs: whole("jobs", values.jobs, 1),
    seed: values.seed === undefined ? undefined : parseSeed(values.seed),
    memoryMb: whole("memory", values.memory, 64),
    keep: values.keep,
    quiet: values.quiet,
  });
  const out = resolve(values.out ?? "grades");
  writeBatchOutputs(result, out);
  const text = batchReporters[reporter](result.rows, result.columns);
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  const n = result.rows.length;
  const errors = result.rows.filter((r) => r.status === "error").length;
  const secs = result.durationMs / 1000;
  process.stderr.write(
    `Graded ${n} submission${n === 1 ? "" : "s"} in ${secs.toFixed(1)} s (${(n / Math.max(secs, 0.001)).toFixed(2)} submissions/s, ${result.jobs} at a time)` +
      `${errors ? `; ${errors} could not be graded (status "error" in the gradebook)` : ""}.\n` +
      `Wrote ${relative(process.cwd(), join(out, "gradebook.csv")) || join(out, "gradebook.csv")} and results.json, gradescope.json per learner in ${relative(process.cwd(), out) || out}/` +
      `${values.output ? `; the ${reporter} report to ${values.output}` : ""}${result.jobs && values.keep ? `; kept ${result.tmp}` : ""}.\n`,
  );
  return 0;
}
