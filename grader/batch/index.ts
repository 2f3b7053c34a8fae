/**
 * Batch grading: `npm run grade -- --submissions DIR [exercise …] [--reporter csv|json|junit|gradescope]
 * [--output FILE] [--out DIR] [--jobs N] [--seed N] [--memory MB] [--roster roster.csv] [--visibility V]
 * [--hidden-visibility V] [--keep] [--quiet]`
 *
 * DIR holds one folder per learner: a copy of their exercises/ (`DIR/alice/01_initialize.ts …`) or
 * of their whole workbook (`DIR/alice/exercises/…`). Each submission is compiled (./compile.ts) and
 * graded in its own sandboxed child process (./sandbox.ts), `--jobs` at a time (default: every
 * core). Writes `<out>/<learner>/results.json` (the JSON report), `<out>/<learner>/gradescope.json`
 * (Gradescope's results.json), `<out>/<learner>/classroom.json` (GitHub Classroom's payload),
 * `<out>/gradebook.csv` and the class summary (`class-summary.md`, `class-summary.html`: ./summary.ts); the chosen reporter goes to stdout or
 * --output. A submission that cannot be graded gets a row with status "error", 0 points and the
 * reason; it never stops or skews the others.
 */
import { chmodSync, existsSync, lstatSync, statSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ROOT, UsageError, findExercise, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { DEFAULT_TIME_LIMIT_MS } from "../check/spec.ts";
import type { ExerciseSpec } from "../check/spec.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { BUNDLE_DIR } from "../authoring/reference-bundle.ts";
import { json } from "../reporters/json.ts";
import { gradescope } from "../reporters/gradescope.ts";
import { classroom } from "../reporters/classroom.ts";
import type { GradebookColumn, GradebookRow } from "../reporters/csv.ts";
import { Runner } from "../runner/index.ts";
import { parseSeed } from "../commands/grade.ts";
import { totalsOf } from "../types.ts";
import type { GradeReport } from "../types.ts";
import { GRADESCOPE_VISIBILITIES } from "../reporters/types.ts";
import type { GradescopeVisibility, ReporterOptions } from "../reporters/types.ts";
import { compileMirror, compileSubmission } from "./compile.ts";
import type { CompiledFile } from "./compile.ts";
import { progressBar } from "./progress.ts";
import { batchReporters, isBatchReporterName, reportOf } from "./reporters.ts";
import { ChildLink } from "./sandbox.ts";
import { discover } from "./discover.ts";
import { NETWORK_WARNING, detectIsolation } from "./os-sandbox.ts";
import { classSummary, summaryHtml, summaryMarkdown } from "./summary.ts";

export type Submission = {
  /** The learner's name as shown: the folder's name, control characters replaced by "?". */
  learner: string;
  /** The learner's folder (DIR/alice). */
  folder: string;
  /** The exercise folder found in it (./discover.ts), when there is one. */
  dir: string;
  /** Where the exercise folder is in the learner's folder ("" for the folder itself). */
  where?: string;
  /** What was found but not graded (stale copies, links, special files). */
  notes?: string[];
  /** Why it cannot be graded at all, if so. */
  problem?: string;
};

/** Control characters (C0, DEL, C1) and the bidirectional overrides: never shown as they are. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** A name as it may be shown: in a terminal, a CSV, XML. */
export const printable = (name: string) => name.replace(CONTROL, "?");
/** Files an operating system leaves in a folder, which are nobody's submission. */
const JUNK = new Set([".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX", ".git", ".gitkeep"]);

/** The exercise file names of the course: `02_linear_forward.ts`. */
export const exerciseFilesOf = (root = ROOT) => new Set(listExercises(root).map((e) => `${e.slug}.ts`));

/**
 * Every entry of a submissions folder, by name, as a learner: graded if it holds exercise files
 * (./discover.ts says which), else a row with the reason. Nothing is skipped silently.
 */
export function findSubmissions(dir: string, exerciseFiles = exerciseFilesOf()): Submission[] {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new UsageError(`--submissions ${dir}: not a folder.`);
  return readdirSync(dir)
    .filter((name) => !JUNK.has(name))
    .sort((a, b) => a.localeCompare(b))
    .flatMap((name): Submission[] => {
      const path = join(dir, name);
      const st = lstatSync(path);
      const learner = printable(name);
      const row = (problem: string): Submission[] => [{ learner, folder: path, dir: path, problem }];
      if (st.isSymbolicLink()) return row("the submission is a symbolic link, not a folder: links are not followed");
      if (!st.isDirectory()) {
        if (name.startsWith(".")) return [];
        return row(st.isFile() ? "a file, not a folder: each learner's files go in a folder of their own (unpack archives first)" : "not a regular folder (a FIFO, a device or a socket)");
      }
      if (name.startsWith(".")) return row(`a hidden folder (its name starts with "."): not graded; rename it to grade it`);
      const found = discover(path, exerciseFiles);
      if (found.problem) return [{ learner, folder: path, dir: path, notes: found.notes, problem: [found.problem, ...found.notes].join("; ") }];
      return [{ learner, folder: path, dir: found.dir!, where: found.where, notes: found.notes }];
    });
}

/** An exercise's untouched stub: from its solution, or (a Classroom repository, see grader/authoring/reference-bundle.ts) shipped beside its compiled reference. */
function stubOf(exercise: ExerciseRef, root: string): string {
  const shipped = join(root, BUNDLE_DIR, `${exercise.slug}.stub.ts`);
  if (existsSync(shipped)) return readFileSync(shipped, "utf8");
  const solution = paths.solution(exercise, root);
  return stubFromSolution(readFileSync(solution, "utf8"), relative(root, solution));
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
        stub: stubOf(exercise, root),
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
    const note = compiled.find((f) => f.file === `${r.id}_${r.name}.ts` && (f.status === "stub" || f.status === "skipped" || f.status === "crashed"));
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
  const isolation = detectIsolation();
  // A child of a root grader runs as nobody, which must reach its folders: a temporary folder
  // under a private one (root's own TMPDIR) will not do, /tmp does.
  const base = isolation.kind === "bwrap" && isolation.setpriv && !othersCanReach(tmpdir()) ? "/tmp" : tmpdir();
  const tmp = realpathSync(mkdtempSync(join(base, "dnn-batch-")));
  const mirror = join(tmp, "mirror");
  const memoryMb = o.memoryMb ?? 1024;
  // A child's whole life: every exercise's time limit, twice, and room to start.
  const cpuSeconds = Math.ceil((2 * course.reduce((sum, c) => sum + (o.timeLimitMs ?? c.timeLimitMs), 0)) / 1000) + 30;
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
        rows[i] = { learner: s.learner, folder: basename(s.folder), status: "error", reason: s.problem, durationMs: 0 };
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
        rows[i] = { learner: s.learner, folder: basename(s.folder), status: "error", reason: `the submission could not be read: ${(e as Error).message}`, durationMs: 0 };
        return;
      }
      const notes = [
        ...(s.where && s.where !== "exercises" ? [`exercise files found in ${s.where}/`] : []),
        ...(s.notes ?? []),
        ...compiled.filter((f) => f.status === "skipped" || f.status === "crashed").map((f) => `${f.file}: ${f.reason}`),
      ];
      try {
        const report = await gradeSubmission({ root, exercises, mirror, scratch, learner: s.learner, compiled, cpuSeconds, memoryMb, hiddenSeed, timeLimitMs: o.timeLimitMs });
        rows[i] = { learner: s.learner, folder: basename(s.folder), status: "graded", report, notes, durationMs: Math.round(performance.now() - t0) };
      } catch (e) {
        rows[i] = { learner: s.learner, folder: basename(s.folder), status: "error", reason: `the grader failed on this submission: ${(e as Error).message}`, notes, durationMs: Math.round(performance.now() - t0) };
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

/** Whether other users can pass through every folder down to `path`. */
function othersCanReach(path: string): boolean {
  for (let p = realpathSync(path); ; p = dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) return false;
    if (dirname(p) === p) return true;
  }
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

/** Names under --out that belong to the batch itself, and names no file system takes. */
const RESERVED = new Set(["gradebook.csv", "class-summary.md", "class-summary.html", "con", "prn", "aux", "nul", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])]);

/**
 * One readable, unique folder name per learner under --out: Unicode letters and digits kept
 * (김민준 stays 김민준), control characters dropped, path separators and other punctuation turned
 * into "_", no leading dot, at most 80 characters; names the batch uses itself or that Windows
 * refuses get a "_" in front; a name already taken (case-insensitively: "Bob" and "bob") gets
 * "-2", "-3", ….
 */
export function outputNames(learners: string[]): string[] {
  const taken = new Set<string>();
  return learners.map((learner) => {
    let base = learner
      .normalize("NFC")
      .replace(CONTROL, "")
      .replace(/[^\p{L}\p{M}\p{N}._@+-]/gu, "_")
      .replace(/^[.\s]+/, "_")
      .slice(0, 80);
    if (!base) base = "learner";
    if (RESERVED.has(base.toLowerCase().replace(/\..*$/, "")) || RESERVED.has(base.toLowerCase())) base = `_${base}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

export function writeBatchOutputs(result: BatchResult, out: string, extra: Partial<ReporterOptions> = {}): void {
  mkdirSync(out, { recursive: true });
  const options: ReporterOptions = { color: false, detail: "all" as const, width: 100, ...extra };
  const names = outputNames(result.rows.map((r) => r.folder ?? r.learner));
  for (const [i, row] of result.rows.entries()) {
    const dir = join(out, names[i]!);
    mkdirSync(dir, { recursive: true });
    const report = reportOf(row, result.columns);
    writeFileSync(join(dir, "results.json"), json(report, options));
    writeFileSync(join(dir, "gradescope.json"), gradescope(report, options));
    writeFileSync(join(dir, "classroom.json"), classroom(report, options));
  }
  writeFileSync(join(out, "gradebook.csv"), batchReporters.csv(result.rows, result.columns));
  const summary = classSummary(result.rows, result.columns);
  writeFileSync(join(out, "class-summary.md"), summaryMarkdown(summary));
  writeFileSync(join(out, "class-summary.html"), summaryHtml(summary));
}

export type RosterEntry = { folder: string; studentId: string; email: string };

/** Splits one CSV line (quotes, doubled quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") cells.push(cell), (cell = "");
    else cell += c;
  }
  cells.push(cell);
  return cells.map((x) => x.trim());
}

/**
 * A roster CSV with a header: a `folder` column (the learner's folder in the submissions folder;
 * `learner` also works), and `student_id` and/or `email`.
 */
export function readRoster(file: string): RosterEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw new UsageError(`--roster ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}.`);
  }
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l.trim());
  const cols = csvCells(head ?? "").map((c) => c.toLowerCase().replace(/[\s-]+/g, "_"));
  const at = (...names: string[]) => cols.findIndex((c) => names.includes(c));
  const folder = at("folder", "learner", "submission");
  if (folder < 0) throw new UsageError(`--roster ${file}: the first line must name the columns, one of them "folder" (the learner's folder name), with "student_id" and/or "email".`);
  const id = at("student_id", "id", "sid");
  const email = at("email", "e_mail");
  return lines.map((l) => {
    const c = csvCells(l);
    return { folder: c[folder] ?? "", studentId: id >= 0 ? (c[id] ?? "") : "", email: email >= 0 ? (c[email] ?? "") : "" };
  });
}

/** Fills the roster's columns in the rows; a roster entry without a submission gets a row of its own. */
export function applyRoster(rows: GradebookRow[], roster: RosterEntry[]): GradebookRow[] {
  const byFolder = new Map(roster.map((r) => [r.folder.normalize("NFC"), r]));
  const seen = new Set<string>();
  const out = rows.map((row) => {
    const key = (row.folder ?? row.learner).normalize("NFC");
    const entry = byFolder.get(key);
    if (!entry) return { ...row, studentId: "", email: "" };
    seen.add(key);
    return { ...row, studentId: entry.studentId, email: entry.email };
  });
  for (const r of roster) {
    if (seen.has(r.folder.normalize("NFC"))) continue;
    out.push({ learner: printable(r.folder), folder: r.folder, studentId: r.studentId, email: r.email, status: "error", reason: "no submission: on the roster, but there is no folder of that name" });
  }
  return out;
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
      visibility: { type: "string" },
      "hidden-visibility": { type: "string" },
      roster: { type: "string" },
    },
  });
  const visibilityOf = (flag: string, v: string | undefined): GradescopeVisibility | undefined => {
    if (v === undefined) return undefined;
    if (!(GRADESCOPE_VISIBILITIES as readonly string[]).includes(v)) throw new UsageError(`--${flag} takes one of ${GRADESCOPE_VISIBILITIES.join(", ")}, not "${v}".`);
    return v as GradescopeVisibility;
  };
  const reporterOptions: Partial<ReporterOptions> = {
    gradescope: { visibility: visibilityOf("visibility", values.visibility), hiddenVisibility: visibilityOf("hidden-visibility", values["hidden-visibility"]) },
  };
  if (!values.submissions) throw new UsageError("--submissions DIR is required: a folder with one folder per learner.");
  const reporter = values.reporter ?? "csv";
  if (!isBatchReporterName(reporter)) throw new UsageError(`Unknown reporter "${reporter}" for batch grading. Choose one of: ${Object.keys(batchReporters).join(", ")}.`);
  const whole = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} takes a whole number of at least ${min}, not "${v}".`);
    return Number(v);
  };
  const roster = values.roster ? readRoster(resolve(values.roster)) : undefined;
  const result = await gradeSubmissions({
    submissions: resolve(values.submissions),
    exercises: positionals,
    jobs: whole("jobs", values.jobs, 1),
    seed: values.seed === undefined ? undefined : parseSeed(values.seed),
    memoryMb: whole("memory", values.memory, 64),
    keep: values.keep,
    quiet: values.quiet,
  });
  if (roster) result.rows = applyRoster(result.rows, roster);
  const out = resolve(values.out ?? "grades");
  writeBatchOutputs(result, out, reporterOptions);
  const text = batchReporters[reporter](result.rows, result.columns, reporterOptions);
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);
  const n = result.rows.length;
  const errors = result.rows.filter((r) => r.status === "error").length;
  const secs = result.durationMs / 1000;
  process.stderr.write(
    `Graded ${n} submission${n === 1 ? "" : "s"} in ${secs.toFixed(1)} s (${(n / Math.max(secs, 0.001)).toFixed(2)} submissions/s, ${result.jobs} at a time)` +
      `${errors ? `; ${errors} could not be graded (status "error" in the gradebook)` : ""}.\n` +
      `Wrote ${relative(process.cwd(), join(out, "gradebook.csv")) || join(out, "gradebook.csv")}, class-summary.md and class-summary.html, and results.json, gradescope.json, classroom.json per learner in ${relative(process.cwd(), out) || out}/` +
      `${values.output ? `; the ${reporter} report to ${values.output}` : ""}${result.jobs && values.keep ? `; kept ${result.tmp}` : ""}.\n`,
  );
  return 0;
}
