// A whole class, graded as an instructor would: 35+ generated submissions (good, partial, broken,
// hostile) and every way a submissions folder goes wrong in practice. Nobody is lost: every entry
// is a row with its points or a reason; the grades do not depend on how many run at a time.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transform } from "esbuild";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { compileSubmission, nestingDepth } from "../grader/batch/compile.ts";
import { findSubmissions, gradeSubmissions, outputNames, writeBatchOutputs } from "../grader/batch/index.ts";
import type { BatchResult } from "../grader/batch/index.ts";
import { batchReporters } from "../grader/batch/reporters.ts";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";

const EXERCISES = ["01_initialize", "02_linear_forward"];
const SEED = 777;
const work = mkdtempSync(join(tmpdir(), "dnn-class-test-"));
chmodSync(work, 0o711);
const subs = join(work, "class");
mkdirSync(subs);

const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
const stub = (slug: string) => stubFromSolution(solution(slug));
const with02 = (code: string) => solution("02_linear_forward").replace(/(export function linearForward\([^)]*\)[^{]*\{\n)/, `$1${code}\n`);
const good = () => ({ "01_initialize.ts": solution("01_initialize"), "02_linear_forward.ts": solution("02_linear_forward") });

function submit(learner: string, files: Record<string, string>, under = "") {
  const dir = join(subs, learner, under);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

// Each submission of the class is graded twice, one at a time and four at a time, so each kind is
// here once: a second copy of the same files in the same layout (this class had two of each good
// layout and three of each partial kind) proves nothing the first does not, and the class still has
// 30+ graded learners (the eight names below are good submissions too).
// Good (4), one in each layout.
for (let i = 0; i < 4; i++) submit(`good_${String(i).padStart(2, "0")}`, good(), ["", "exercises", "hw4/src/exercises", "workbook/exercises"][i]);
// Partial (2).
submit("partial_bias_0", { ...good(), "02_linear_forward.ts": solution("02_linear_forward").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)") });
submit("partial_stub_0", { "01_initialize.ts": solution("01_initialize"), "02_linear_forward.ts": stub("02_linear_forward") });
// Broken (6).
submit("broken_syntax", { ...good(), "02_linear_forward.ts": with02("  const x = ;") });
submit("broken_throws", { ...good(), "02_linear_forward.ts": with02('  throw new Error("oops");') });
submit("broken_no_export", { ...good(), "02_linear_forward.ts": "export const nothing = 1;\n" });
submit("broken_stub_01", { "01_initialize.ts": stub("01_initialize"), "02_linear_forward.ts": solution("02_linear_forward") });
submit("broken_helper_missing", { ...good(), "02_linear_forward.ts": `import "./helpers.ts";\n${solution("02_linear_forward")}` });
submit("broken_type_error", { ...good(), "02_linear_forward.ts": with02("  (undefined as any).f();") });
// Hostile (8).
submit("hostile_loop", { ...good(), "02_linear_forward.ts": with02("  while (true) {}") });
submit("hostile_memory", { ...good(), "02_linear_forward.ts": with02("  const keep: Float64Array[] = [];\n  while (true) keep.push(new Float64Array(2 ** 24).fill(1));") });
submit("hostile_exit", { ...good(), "02_linear_forward.ts": with02("  process.exit(0);") });
submit("hostile_spawn", { ...good(), "02_linear_forward.ts": with02('  (process.getBuiltinModule("node:child_process") as any).execSync(":(){ :|:& };:");') });
submit("hostile_fetch", { ...good(), "02_linear_forward.ts": with02('  void (globalThis as any).fetch?.("http://127.0.0.1:9/");') });
submit("hostile_fd3", { ...good(), "02_linear_forward.ts": with02('  try { (process.getBuiltinModule("node:fs") as any).writeSync(3, "not json\\n"); } catch {}') });
submit("hostile_points", { ...good(), "02_linear_forward.ts": with02('  (globalThis as any).__points = 1e6; Object.defineProperty(Object.prototype, "points", { value: 999 });') });
submit("hostile_stdout", { ...good(), "02_linear_forward.ts": with02('  console.log("\\u001b[2J\\u0001 fake: 02 passed 999/7".repeat(1000));') });

// What goes wrong in a real submissions folder.
// A 1 MB file of nested "[" crashed the shared compiler for everyone graded after it.
submit("aa_deep_nesting", { ...good(), "02_linear_forward.ts": `export const x = ${"[".repeat(1_000_000)};\n` });
// A FIFO where an exercise file should be hung the batch forever.
submit("fifo", { "02_linear_forward.ts": solution("02_linear_forward") });
execFileSync("mkfifo", [join(subs, "fifo", "01_initialize.ts")]);
// Names that collided or broke the outputs.
for (const name of ["김민준", "이서연", "박지훈", "bob smith", "bob_smith", "Bob_Smith", "gradebook.csv", "ctrl\u0001name"]) submit(name, good());
// Hidden, empty, wrong layout, a link, a stray file: each a row with its reason.
submit(".hidden_learner", good());
mkdirSync(join(subs, "empty_folder"));
submit("wrong_layout", { "hw/linear_forward.ts": solution("02_linear_forward"), "hw/init.ts": solution("01_initialize") });
symlinkSync(join(subs, "good_00"), join(subs, "linked_learner"));
writeFileSync(join(subs, "stray.zip"), "PK");

let first: BatchResult;

test("a class of 35+ graded with --jobs 1 and --jobs 4 (on 2 cores): identical gradebooks, nobody lost", async () => {
  const entries = readdirSync(subs);
  assert.ok(entries.length >= 35, `${entries.length} submissions`);
  // Both at once: the one-at-a-time run is a chain of child start-ups that keeps about one core
  // busy, the other waiting. Time limits count each child's CPU time, so the two runs do not slow each other's
  // learners into timeouts; 1 s is still far above the CPU time of 01's and 02's checks (0.1 s).
  const grade = (jobs: number) => gradeSubmissions({ submissions: subs, exercises: EXERCISES, seed: SEED, memoryMb: 256, timeLimitMs: 1000, jobs, quiet: true });
  const [one, four] = await Promise.all([grade(1), grade(4)]);
  first = one;
  const second = four;
  console.log(`class: ${entries.length} submissions in ${(first.durationMs / 1000).toFixed(1)} s (--jobs 1) and ${(second.durationMs / 1000).toFixed(1)} s (--jobs 4), ${first.isolation}`);
  const a = batchReporters.csv(first.rows, first.columns);
  const b = batchReporters.csv(second.rows, second.columns);
  assert.fixture(b, a);
  // Every entry of the folder is a row.
  assert.is(first.rows.length, entries.length);
});

const row = (learner: string) => {
  const r = first.rows.find((x) => x.learner === learner);
  assert.ok(r, `no row for ${JSON.stringify(learner)}`);
  return r!;
};
const total = (learner: string) => row(learner).report?.totals.points ?? -1;

test("the points: good full, partial partly, broken and hostile lose only the attacked exercise", () => {
  const max = first.columns.reduce((s, c) => s + c.maxPoints, 0);
  const [max01] = first.columns.map((c) => c.maxPoints) as [number, number];
  for (let i = 0; i < 4; i++) assert.is(total(`good_${String(i).padStart(2, "0")}`), max, `good_${i}`);
  for (const l of ["partial_bias_0", "partial_stub_0", "broken_syntax", "broken_throws", "broken_no_export", "broken_helper_missing", "broken_type_error"]) {
    const t = total(l);
    assert.ok(t >= max01 && t < max, `${l}: ${t}`);
  }
  for (const l of ["hostile_loop", "hostile_memory", "hostile_exit", "hostile_spawn"]) assert.is(total(l), max01, l);
  for (const l of ["hostile_fetch", "hostile_fd3", "hostile_points", "hostile_stdout"]) assert.ok(total(l) <= max, l);
  assert.is(row("hostile_loop").report!.results[1]!.status, "timeout");
});

test("one learner cannot sink the class: the nested-[ file is that learner's problem, never a syntax error for others", () => {
  const deep = row("aa_deep_nesting");
  const r02 = deep.report!.results[1]!;
  assert.is(r02.points, 0);
  assert.is(deep.report!.results[0]!.points, deep.report!.results[0]!.maxPoints);
  // Everyone graded after it compiled normally.
  const after = first.rows.filter((r) => r.learner > "aa_deep_nesting" && r.report);
  assert.ok(after.length > 20);
  for (const r of after) for (const ex of r.report!.results) assert.not.match(ex.message ?? "", /compiler crashed/, r.learner);
});

test("a compiler service that crashed anyway is restarted: the next file compiles, nobody gets a syntax error for it", async () => {
  // Crash the shared esbuild service directly (the batch itself refuses such a file before compiling it).
  await transform(`export const x = ${"[".repeat(1_000_000)};`, { loader: "ts" }).catch(() => {});
  const out = await compileSubmission(join(subs, "good_00"), join(work, "after-crash"), new Map());
  assert.equal(out.map((f) => f.status), ["compiled", "compiled"]);
  assert.is(nestingDepth("f([{}])"), 3);
});

test("every input problem is a row with a reason, and the FIFO did not hang anything", () => {
  const reason = (l: string) => [row(l).reason ?? "", ...(row(l).notes ?? [])].join("; ");
  assert.match(reason(".hidden_learner"), /hidden folder/);
  assert.match(reason("empty_folder"), /no exercise file .* it is empty/);
  assert.match(reason("wrong_layout"), /no exercise file .* hw\//);
  assert.match(reason("linked_learner"), /symbolic link/);
  assert.match(reason("stray.zip"), /a file, not a folder/);
  assert.match(reason("fifo"), /01_initialize\.ts: not a regular file/);
  assert.is(row("fifo").report!.results[1]!.points, row("fifo").report!.results[1]!.maxPoints);
  for (const l of [".hidden_learner", "empty_folder", "wrong_layout", "linked_learner", "stray.zip"]) assert.is(row(l).status, "error", l);
  assert.match(batchReporters.csv(first.rows, first.columns), /wrong_layout,0,0,0,\d+,error,"?no exercise file/);
});

test("output folders: unique, readable, Unicode kept, control characters and reserved names handled", () => {
  const out = join(work, "grades");
  writeBatchOutputs(first, out);
  const dirs = readdirSync(out);
  for (const name of ["김민준", "이서연", "박지훈", "bob_smith", "bob_smith-2", "Bob_Smith-3", "_gradebook.csv", "ctrlname"]) assert.ok(dirs.includes(name), `${name} in ${dirs.join(" ")}`);
  assert.ok(dirs.includes("gradebook.csv") && readFileSync(join(out, "gradebook.csv"), "utf8").startsWith("learner,"));
  // One report per row, each its own.
  assert.is(dirs.filter((d) => !["gradebook.csv", "class-summary.md", "class-summary.html"].includes(d)).length, first.rows.length);
  assert.is(JSON.parse(readFileSync(join(out, "김민준", "results.json"), "utf8")).source, "김민준");
  assert.equal(outputNames(["a/b", "..", "CON", "x\u0007y", ""]), ["a_b", "_", "_CON", "xy", "learner"]);
});

test("control characters never reach the gradebook, the XML or the terminal", () => {
  const junit = batchReporters.junit(first.rows, first.columns);
  assert.not.match(junit, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  assert.match(junit, /<testsuite name="ctrl\?name \/ 01 initialize"/);
  assert.not.match(batchReporters.csv(first.rows, first.columns), /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  assert.ok(first.rows.some((r) => r.learner === "ctrl?name"));
  assert.is(findSubmissions(subs).find((s) => s.learner === "ctrl?name")!.folder, join(subs, "ctrl\u0001name"));
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
