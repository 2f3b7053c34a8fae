// Batch grading: 20+ generated submissions (correct, partly wrong, not started, broken, hostile),
// each graded in its own sandboxed child. The deterministic ones get exactly the points the
// in-process grader gives the same files; the hostile ones are contained.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { gradeSubmissions, writeBatchOutputs } from "../grader/batch/index.ts";
import { batchReporters } from "../grader/batch/reporters.ts";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";
import { Runner } from "../grader/runner/index.ts";

/** Two exercises' worth per submission keeps the test well under a minute on two cores. */
const EXERCISES = ["01_initialize", "02_linear_forward"];
const SEED = 20260526;
const work = mkdtempSync(join(tmpdir(), "dnn-batch-test-"));
const subs = join(work, "submissions");
/** Files hostile code tries to create: none may exist afterwards. */
const outside = join(work, "outside");
mkdirSync(outside);

const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
const stub = (slug: string) => stubFromSolution(solution(slug));

/** linearForward with `code` first in its body. */
const hostile02 = (code: string) => solution("02_linear_forward").replace(/(export function linearForward\([^)]*\)[^{]*\{\n)/, `$1${code}\n`);

function submit(learner: string, files: Record<string, string>, layout: "flat" | "workbook" = "flat") {
  const dir = layout === "workbook" ? join(subs, learner, "exercises") : join(subs, learner);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, `${file}.ts`), text);
  if (layout === "workbook") writeFileSync(join(subs, learner, "package.json"), "{}\n");
}

const correct = () => Object.fromEntries(EXERCISES.map((e) => [e, solution(e)]));
const notStarted = () => Object.fromEntries(EXERCISES.map((e) => [e, stub(e)]));
const fs = `const fs = process.getBuiltinModule("node:fs") as typeof import("node:fs");`;

// The deterministic ones: their points must equal the in-process grader's.
for (let i = 1; i <= 5; i++) submit(`correct${i}`, correct(), i % 2 ? "flat" : "workbook");
for (let i = 1; i <= 3; i++) submit(`stub${i}`, notStarted(), i === 2 ? "workbook" : "flat");
submit("wrong_no_bias", { ...correct(), "02_linear_forward": solution("02_linear_forward").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)") });
submit("wrong_transposed", { ...correct(), "02_linear_forward": solution("02_linear_forward").replace("np.add(np.dot(W, A), b)", "np.add(np.dot(W, A), np.multiply(b, 2))") });
submit("half_done", { "01_initialize": solution("01_initialize"), "02_linear_forward": stub("02_linear_forward") });
submit("only_01", { "01_initialize": solution("01_initialize") });
submit("syntax_error", { ...correct(), "02_linear_forward": hostile02("  const x = ;") });
submit("throws", { ...correct(), "02_linear_forward": hostile02('  throw new RangeError("my own bug");') });
// The hostile ones.
submit("infinite_loop", { ...correct(), "02_linear_forward": hostile02("  while (true) {}") });
submit("process_exit", { ...correct(), "02_linear_forward": hostile02("  process.exit(0);") });
submit("reads_other", { ...correct(), "02_linear_forward": hostile02(`  ${fs}\n  console.log(fs.readFileSync(${JSON.stringify(join(subs, "correct1", "02_linear_forward.ts"))}, "utf8"));`) });
submit("reads_other_import", {
  ...correct(),
  "02_linear_forward": `import { readFileSync } from "node:fs";\n${hostile02(`  console.log(readFileSync(${JSON.stringify(join(subs, "correct1", "02_linear_forward.ts"))}, "utf8"));`)}`,
});
submit("writes_outside", { ...correct(), "02_linear_forward": hostile02(`  ${fs}\n  fs.writeFileSync(${JSON.stringify(join(outside, "pwned.txt"))}, "x");`) });
submit("writes_others", { ...correct(), "02_linear_forward": hostile02(`  ${fs}\n  fs.writeFileSync(${JSON.stringify(join(subs, "correct1", "02_linear_forward.ts"))}, "export {};");`) });
submit("spawns", {
  ...correct(),
  "02_linear_forward": hostile02(`  const cp = process.getBuiltinModule("node:child_process") as typeof import("node:child_process");\n  cp.execSync("touch ${join(outside, "spawned.txt")}");`),
});
submit("worker_escape", {
  ...correct(),
  "02_linear_forward": hostile02(
    `  const wt = process.getBuiltinModule("node:worker_threads") as typeof import("node:worker_threads");\n  new wt.Worker(\`require("fs").writeFileSync(${JSON.stringify(join(outside, "escaped.txt"))}, "x")\`, { eval: true, execArgv: [] });`,
  ),
});
submit("memory_bomb", { ...correct(), "02_linear_forward": hostile02("  const keep: number[][] = [];\n  while (true) keep.push(new Array(1e6).fill(1));") });
submit("kills_parent", { ...correct(), "02_linear_forward": hostile02("  process.kill(process.ppid, 'SIGKILL');") });
submit("forges_report", {
  ...correct(),
  "02_linear_forward": hostile02(
    `  try {\n    ${fs}\n    for (const fd of [3, 4, 5]) fs.writeSync(fd, JSON.stringify({ type: "report", payload: JSON.stringify({ totals: { points: 999 } }), mac: "00" }) + "\\n");\n  } catch {}`,
  ),
});
// A link to another learner's file is not followed, even at compile time.
mkdirSync(join(subs, "symlinked"));
writeFileSync(join(subs, "symlinked", "01_initialize.ts"), stub("01_initialize"));
symlinkSync(join(subs, "correct1", "02_linear_forward.ts"), join(subs, "symlinked", "02_linear_forward.ts"));

/** A fingerprint of every file under a folder, to prove nothing in it changed. */
function fingerprint(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      h.update(p);
      if (st?.isDirectory()) walk(p);
      else if (st) h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

/** What the in-process (unsandboxed) grader gives a folder, by exercise. */
async function inProcess(learner: string): Promise<Record<string, number>> {
  const dir = existsSync(join(subs, learner, "exercises")) ? join(subs, learner, "exercises") : join(subs, learner);
  const scratch = mkdtempSync(join(tmpdir(), "dnn-batch-inproc-"));
  cpSync(dir, scratch, { recursive: true });
  for (const e of EXERCISES) if (!existsSync(join(scratch, `${e}.ts`))) writeFileSync(join(scratch, `${e}.ts`), stub(e));
  const runner = new Runner({ learnerDir: scratch, hiddenSeed: SEED });
  try {
    const out: Record<string, number> = {};
    for (const e of EXERCISES) out[e] = (await runner.grade(findExercise(e))).points;
    return out;
  } finally {
    await runner.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

test("batch grading: right points for everyone, hostile submissions contained", async () => {
  const learners = readdirSync(subs);
  assert.ok(learners.length >= 20, `${learners.length} submissions`);
  const before = fingerprint(subs);

  // The in-process grades to compare with start at the same time (worker threads of this process).
  const partlyWrong = ["wrong_no_bias", "wrong_transposed", "throws"];
  const wanted = Promise.all(partlyWrong.map(inProcess));
  wanted.catch(() => {});
  // Limits count each child's CPU time: 1 s is far above what 01's and 02's checks take (0.1 s),
  // and the loop and the memory bomb are stopped sooner than at the specs' 5 s and 512 MB.
  const result = await gradeSubmissions({ submissions: subs, exercises: EXERCISES, seed: SEED, memoryMb: 256, timeLimitMs: 1000, quiet: true });
  const secs = result.durationMs / 1000;
  console.log(`batch: ${learners.length} submissions × ${EXERCISES.length} exercises in ${secs.toFixed(1)} s with ${result.jobs} jobs: ${(learners.length / secs).toFixed(2)} submissions/s`);

  const out = join(work, "grades");
  writeBatchOutputs(result, out);
  const csvText = readFileSync(join(out, "gradebook.csv"), "utf8");
  const rows = new Map(
    csvText
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => [l.split(",")[0]!, l.split(",")] as const),
  );
  const max = result.columns.reduce((s, c) => s + c.maxPoints, 0);
  const [max01, max02] = result.columns.map((c) => c.maxPoints) as [number, number];
  assert.is(csvText.split("\n")[0], `learner,${EXERCISES.join(",")},total,max,status,reason`);
  const cells = (learner: string) => {
    const r = rows.get(learner);
    assert.ok(r, `no row for ${learner}:\n${csvText}`);
    return r!;
  };
  const points = (learner: string) => cells(learner).slice(1, 4).map(Number);

  // Correct and not started: exact.
  for (let i = 1; i <= 5; i++) assert.equal(points(`correct${i}`), [max01, max02, max], `correct${i}: ${cells(`correct${i}`)}`);
  for (let i = 1; i <= 3; i++) assert.equal(points(`stub${i}`), [0, 0, 0], `stub${i}`);
  for (let i = 1; i <= 5; i++) assert.is(cells(`correct${i}`)[4], String(max));
  assert.equal(points("half_done"), [max01, 0, max01]);
  assert.equal(points("only_01"), [max01, 0, max01]);
  // Partly wrong: the same points as the in-process grader gives the same files.
  const inProcessPoints = await wanted;
  for (const [i, learner] of partlyWrong.entries()) {
    const want = inProcessPoints[i]!;
    assert.equal(points(learner), [want["01_initialize"]!, want["02_linear_forward"]!, want["01_initialize"]! + want["02_linear_forward"]!], learner);
    assert.ok(points(learner)[1]! < max02, `${learner} should lose points`);
  }

  // Hostile and broken: 02 counts 0 (or no more than the in-process grade), 01 is unaffected.
  const hostile = ["syntax_error", "infinite_loop", "process_exit", "reads_other", "reads_other_import", "writes_outside", "writes_others", "spawns", "worker_escape", "kills_parent", "memory_bomb"];
  for (const learner of hostile) {
    const [p01, p02, total] = points(learner);
    assert.is(p01, max01, `${learner}: 01 unaffected (${cells(learner)})`);
    assert.is(p02, 0, `${learner}: 02 earns nothing (${cells(learner)})`);
    assert.is(total, max01);
  }
  const report = (learner: string) => result.rows.find((r) => r.learner === learner)!.report!;
  const r02 = (learner: string) => report(learner).results.find((r) => r.id === "02")!;
  const messages = (learner: string) => [r02(learner).message, ...r02(learner).checks.map((c) => c.message)].join("\n");
  assert.is(r02("infinite_loop").status, "timeout");
  assert.match(cells("infinite_loop").join(","), /02_linear_forward: timeout/);
  assert.match(messages("process_exit"), /process\.exit\(0\) was called/);
  assert.match(messages("memory_bomb"), /Ran out of memory \(limit 256 MB\)/);
  // Refused twice over: the guard in the grading worker says so in words, and the permission model
  // (tests/batch-units.test.ts runs it without the guard) would refuse the file or process anyway.
  for (const learner of ["reads_other", "writes_outside", "writes_others", "spawns"]) {
    assert.match(messages(learner), /process\.getBuiltinModule\("node:(fs|child_process)"\) is not available while grading/, learner);
  }
  assert.match(messages("reads_other_import"), /node:fs|not available|restricted/);
  assert.match(messages("worker_escape"), /not available while grading/);
  assert.match(messages("kills_parent"), /process\.kill is not available|restricted/);
  // Its code is right, so it earns the points; the report it tried to forge (999 points) never counts
  // (the guard refuses node:fs, and a forged message without the child's secret would be ignored).
  assert.equal(points("forges_report"), [max01, max02, max]);
  // The learner's TypeScript line, with their own source under it.
  const thrown = r02("throws").checks.find((c) => c.status === "error")!;
  const line = hostile02("").split("\n").findIndex((l) => l.startsWith("export function linearForward")) + 2;
  assert.is(thrown.location?.replace(/:\d+$/, ""), `exercises/02_linear_forward.ts:${line}`);
  assert.match(thrown.codeFrame ?? "", /throw new RangeError\("my own bug"\)/);
  const syntax = r02("syntax_error");
  assert.match(syntax.message ?? "", /^Syntax error/);
  assert.match(syntax.codeFrame ?? "", /const x = ;/);
  // A symbolic link is not followed: that exercise is graded as not submitted.
  assert.equal(points("symlinked"), [0, 0, 0]);
  assert.match(r02("symlinked").message ?? "", /symbolic link/);

  // Nothing was written outside the sandboxes' temporary folders, and no submission changed.
  assert.equal(readdirSync(outside), []);
  assert.is(fingerprint(subs), before);
  // (Its own folder: other batch tests may run at the same time.)
  assert.not.ok(existsSync(result.tmp), "temporary folders removed");

  // Per-learner files and the other reporters.
  for (const learner of learners) {
    const dir = join(out, learner);
    const json = JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));
    assert.is(json.workbook, "dnn-workbook");
    const gs = JSON.parse(readFileSync(join(dir, "gradescope.json"), "utf8"));
    assert.is(gs.score, Number(cells(learner)[3]), learner);
  }
  const junit = batchReporters.junit(result.rows, result.columns);
  assert.match(junit, /<testsuite name="correct1 \/ 01 initialize"/);
  const batchJson = JSON.parse(batchReporters.json(result.rows, result.columns));
  assert.is(batchJson.submissions.length, learners.length);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
