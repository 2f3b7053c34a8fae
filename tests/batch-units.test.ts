// Batch grading's parts: the gradebook CSV, finding submissions, compiling them, and a child that
// dies (its row says why, with 0 points, and the others are graded).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSubmission, importsOf } from "../grader/batch/compile.ts";
import { findSubmissions, gradeSubmissions } from "../grader/batch/index.ts";
import { batchReporters } from "../grader/batch/reporters.ts";
import { ChildLink, sandboxFlags } from "../grader/batch/sandbox.ts";
import { Runner } from "../grader/runner/index.ts";
import { csv, csvField } from "../grader/reporters/csv.ts";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";
import type { GradeReport } from "../grader/types.ts";

const work = mkdtempSync(join(tmpdir(), "dnn-batch-units-"));
// A sandboxed child of a root grader runs as nobody: it must reach the folders bound for it.
chmodSync(work, 0o711);

const report = (points: number[], statuses: string[] = []): GradeReport => ({
  workbook: "dnn-workbook",
  version: 1,
  source: "x",
  hiddenSeed: 1,
  results: points.map((p, i) => ({ id: `0${i + 1}`, name: ["a", "b"][i]!, title: "", status: (statuses[i] ?? "passed") as never, points: p, maxPoints: 5, checks: [], durationMs: 1, file: "" })),
  totals: { exercises: 2, passedExercises: 2, points: points.reduce((s, p) => s + p, 0), maxPoints: 10, checks: 0, passedChecks: 0 },
});
const columns = [
  { slug: "01_a", maxPoints: 5 },
  { slug: "02_b", maxPoints: 5 },
];

test("the gradebook: points per exercise, total, max, status and reason", () => {
  const text = csv(
    [
      { learner: "ada", status: "graded", report: report([5, 5]) },
      { learner: "bob", status: "graded", report: report([5, 0], ["passed", "timeout"]) },
      { learner: "eve", status: "error", reason: "killed after 30 s (the wall-clock limit)" },
    ],
    columns,
  );
  assert.is(
    text,
    [
      "learner,01_a,02_b,total,max,status,reason",
      "ada,5,5,10,10,graded,",
      "bob,5,0,5,10,graded,02_b: timeout",
      "eve,0,0,0,10,error,killed after 30 s (the wall-clock limit)",
      "",
    ].join("\n"),
  );
});

test("CSV fields are quoted when needed and never read as formulas", () => {
  assert.is(csvField("a,b"), '"a,b"');
  assert.is(csvField('say "hi"'), '"say ""hi"""');
  assert.is(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.is(csvField("-1+1"), "'-1+1");
  assert.is(csvField(-3), "-3");
  assert.is(csvField("line\nbreak"), '"line\nbreak"');
});

test("an error row is an error in every reporter, with the reason", () => {
  const rows = [{ learner: "eve", status: "error" as const, reason: "ran out of memory (limit 64 MB)" }];
  const gs = JSON.parse(batchReporters.gradescope(rows, columns)).eve;
  assert.is(gs.score, 0);
  assert.is(gs.max_score, 10);
  assert.match(gs.tests[0].output, /ran out of memory/);
  assert.match(batchReporters.junit(rows, columns), /<testsuite name="eve \/ 01 a"[\s\S]*<error message="ran out of memory/);
  assert.is(JSON.parse(batchReporters.json(rows, columns)).submissions[0].reason, "ran out of memory (limit 64 MB)");
});

test("submissions: a copy of exercises/ or of the whole workbook; links and stray files each get a row", () => {
  const dir = join(work, "find");
  mkdirSync(join(dir, "flat"), { recursive: true });
  writeFileSync(join(dir, "flat", "01_initialize.ts"), "");
  mkdirSync(join(dir, "whole", "exercises"), { recursive: true });
  writeFileSync(join(dir, "whole", "exercises", "01_initialize.ts"), "");
  mkdirSync(join(dir, "empty_exercises", "exercises"), { recursive: true });
  writeFileSync(join(dir, "empty_exercises", "01_initialize.ts"), "");
  symlinkSync(join(dir, "flat"), join(dir, "linked"));
  writeFileSync(join(dir, "notes.csv"), "");
  mkdirSync(join(dir, ".git"));
  const found = findSubmissions(dir);
  assert.equal(
    found.map((s) => [s.learner, s.dir.slice(dir.length + 1), s.problem ?? ""]),
    [
      ["empty_exercises", "empty_exercises", ""],
      ["flat", "flat", ""],
      ["linked", "linked", "the submission is a symbolic link, not a folder: links are not followed"],
      ["notes.csv", "notes.csv", "a file, not a folder: each learner's files go in a folder of their own (unpack archives first)"],
      ["whole", "whole/exercises", ""],
    ],
  );
});

test("compiling a submission: TypeScript to JavaScript with a source map; a syntax error keeps its position; missing files get the stub", async () => {
  const src = join(work, "compile-src");
  mkdirSync(join(src, "helpers"), { recursive: true });
  writeFileSync(join(src, "01_initialize.ts"), 'import type { NDArray } from "../lib/np/index.ts";\nexport const f = (x: NDArray): number => 1;\n');
  writeFileSync(join(src, "02_linear_forward.ts"), "export function f() {\n  const x = ;\n}\n");
  writeFileSync(join(src, "helpers", "util.ts"), "export const two: number = 2;\n");
  writeFileSync(join(src, "notes.md"), "not code\n");
  const dest = join(work, "compile-dest");
  const out = await compileSubmission(src, dest, new Map([["03_activation_forward.ts", "export const g = (): number => 3;\n"]]));
  assert.equal(
    out.map((f) => [f.file, f.status]),
    [
      ["01_initialize.ts", "compiled"],
      ["02_linear_forward.ts", "syntax-error"],
      ["helpers/util.ts", "compiled"],
      ["03_activation_forward.ts", "stub"],
    ],
  );
  const js = readFileSync(join(dest, "01_initialize.ts"), "utf8");
  assert.not.match(js, /NDArray/);
  assert.match(js, /sourceMappingURL=data:application\/json;base64,/);
  assert.match(readFileSync(join(dest, "02_linear_forward.ts"), "utf8"), new RegExp(`${dest}/02_linear_forward\\.ts:2:12: ERROR: Unexpected`));
  assert.is(out[1]!.reason, 'line 2: Unexpected ";"');
});

test("imports of compiled modules are found, static and dynamic", () => {
  const js = 'import { a } from "./a.ts";\nimport * as b from "../b.ts";\nexport { c } from "./c.ts";\nexport * from "./d.ts";\nimport "./e.ts";\nconst f = await import("./f.ts");\nimport x from "node:fs";';
  assert.equal(importsOf(js), ["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts", "./f.ts", "node:fs"]);
});

test("sandbox flags: read the mirror and the submission, write only its tmp, workers allowed, no child processes", () => {
  const flags = sandboxFlags({ mirror: "/m", learnerDir: "/s/exercises", tmp: "/s/tmp", read: ["/nm"], memoryMb: 512 });
  assert.equal(flags.filter((f) => f.startsWith("--allow")), ["--allow-fs-read=/m", "--allow-fs-read=/s/exercises", "--allow-fs-read=/nm", "--allow-fs-write=/s/tmp", "--allow-worker"]);
  assert.ok(flags.includes("--experimental-permission"));
  assert.ok(flags.includes("--enable-source-maps"));
  assert.ok(flags.includes("--max-old-space-size=512"));
});

test("the permission model itself, with the sandbox's flags and no guard: what it blocks", () => {
  // A child started exactly as a grading child is, running a probe instead of the grader.
  const box = join(work, "box");
  const [code, other, tmp] = [join(box, "code"), join(box, "other"), join(box, "tmp")];
  for (const d of [code, other, tmp]) mkdirSync(d, { recursive: true });
  writeFileSync(join(other, "secret.txt"), "another learner's file");
  writeFileSync(
    join(code, "probe.mjs"),
    `import * as fs from "node:fs";
import * as cp from "node:child_process";
import { Worker } from "node:worker_threads";
const out = {};
const attempt = (name, f) => { try { f(); out[name] = "allowed"; } catch (e) { out[name] = e.code ?? e.message; } };
attempt("read own code", () => fs.readFileSync(${JSON.stringify(join(code, "probe.mjs"))}));
attempt("read another folder", () => fs.readFileSync(${JSON.stringify(join(other, "secret.txt"))}));
attempt("write its tmp", () => fs.writeFileSync(${JSON.stringify(join(tmp, "ok.txt"))}, "x"));
attempt("write elsewhere", () => fs.writeFileSync(${JSON.stringify(join(other, "pwned.txt"))}, "x"));
attempt("spawn", () => cp.execSync("true"));
attempt("native addon", () => process.dlopen({ exports: {} }, "/nonexistent.node"));
const w = new Worker(${JSON.stringify(`const { parentPort } = require("worker_threads"); try { require("fs").readFileSync(${JSON.stringify(join(other, "secret.txt"))}); parentPort.postMessage("allowed") } catch (e) { parentPort.postMessage(e.code) }`)}, { eval: true, execArgv: [] });
w.on("message", (m) => { out["worker with execArgv: [] reads another folder"] = m; console.log(JSON.stringify(out)); process.exit(0); });
`,
  );
  const flags = sandboxFlags({ mirror: code, learnerDir: join(box, "none"), tmp, memoryMb: 256 });
  const r = spawnSync(process.execPath, [...flags, join(code, "probe.mjs")], { encoding: "utf8" });
  const out = JSON.parse(r.stdout || `{"stderr": ${JSON.stringify(r.stderr)}}`);
  assert.equal(out, {
    "read own code": "allowed",
    "read another folder": "ERR_ACCESS_DENIED",
    "write its tmp": "allowed",
    "write elsewhere": "ERR_ACCESS_DENIED",
    spawn: "ERR_ACCESS_DENIED",
    "native addon": "ERR_DLOPEN_DISABLED",
    // The hole --allow-worker opens, which grader/batch/worker-guard.mjs closes for learner code.
    "worker with execArgv: [] reads another folder": "allowed",
  });
});

test("a sandboxed executor that forges or garbles its answers earns nothing and stops nobody", async () => {
  // A fake executor: it says it is ready, then answers every request with garbage, a reply to a
  // request never made, and a "reply" that claims everything passed.
  const mirror = join(work, "fake-mirror");
  mkdirSync(join(mirror, "grader", "executor"), { recursive: true });
  writeFileSync(
    join(mirror, "grader", "executor", "child-entry.mjs"),
    `import { Socket } from "node:net";
const ch = new Socket({ fd: 3, readable: true, writable: true });
ch.write(JSON.stringify({ op: "ready", version: 1 }) + "\\n");
ch.setEncoding("utf8");
ch.on("data", (d) => {
  for (const line of d.split("\\n").filter(Boolean)) {
    const req = JSON.parse(line);
    ch.write("not json at all\\n");
    ch.write(JSON.stringify({ id: req.id + 1000, ok: true, value: 1 }) + "\\n");
    ch.write(JSON.stringify({ id: req.id, ok: true, status: "passed", points: 12000, exports: { linearForward: { type: "function", arity: 3, isClass: false } }, value: { $: "o", v: { status: "passed" } } }) + "\\n");
  }
});
`,
  );
  const tmp = join(work, "fake-tmp");
  mkdirSync(join(tmp, "exercises"), { recursive: true });
  const link = new ChildLink({ mirror, learnerDir: join(tmp, "exercises"), cwd: tmp, tmp, memoryMb: 128 });
  const runner = new Runner({ learnerDir: join(ROOT, "exercises"), hiddenSeed: 1, link, timeLimitMs: 3000 });
  try {
    const r = await runner.grade(findExercise("02"));
    assert.is(r.points, 0, JSON.stringify(r.checks.map((c) => [c.status, c.points, c.message])));
    assert.ok(r.checks.every((c) => c.points === 0));
    assert.match(r.message ?? "", /broke the grading protocol|not a message/);
  } finally {
    await runner.close();
  }
});

test("a submission whose code hangs gets its timeouts; the others are graded in full", async () => {
  const subs = join(work, "killed");
  const solution = readFileSync(paths.solution(findExercise("01"), ROOT), "utf8");
  for (const l of ["ok1", "ok2"]) {
    mkdirSync(join(subs, l), { recursive: true });
    writeFileSync(join(subs, l, "01_initialize.ts"), solution);
  }
  mkdirSync(join(subs, "hangs"), { recursive: true });
  writeFileSync(join(subs, "hangs", "01_initialize.ts"), solution.replace(/(export function initializeParameters\([^)]*\)[^{]*\{\n)/, "$1  while (true) {}\n"));
  const result = await gradeSubmissions({ submissions: subs, exercises: ["01"], timeLimitMs: 1500, quiet: true, jobs: 2 });
  const byName = Object.fromEntries(result.rows.map((r) => [r.learner, r]));
  const hung = byName.hangs!.report!.results[0]!;
  assert.is(hung.status, "timeout");
  assert.is(hung.points, hung.checks.reduce((s, c) => s + c.points, 0));
  assert.ok(hung.points < hung.maxPoints);
  assert.is(byName.ok1!.status, "graded");
  assert.is(byName.ok1!.report!.totals.points, byName.ok1!.report!.totals.maxPoints);
  assert.is(byName.ok2!.report!.totals.points, byName.ok2!.report!.totals.maxPoints);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
