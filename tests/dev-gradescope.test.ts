// Grading platforms: the Gradescope autograder zip (built with the zip program and with node:zlib),
// its run_autograder in a simulated /autograder, and the GitHub Classroom workflow's commands.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readZip, writeZip } from "../grader/authoring/zip.ts";
import { devGradescopeCommand } from "../grader/commands/dev-gradescope.ts";
import { ROOT, listExercises, paths } from "../grader/exercises.ts";
// @ts-expect-error: a plain JavaScript module without types
import { ensureBuild } from "../grader/build.mjs";
import { pooled } from "./helpers/pool.ts";

const work = mkdtempSync(join(tmpdir(), "dnn-gradescope-test-"));
const hasZip = spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;

async function quietly(run: () => Promise<number>): Promise<string> {
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
  try {
    assert.is(await run(), 0);
    return out;
  } finally {
    process.stdout.write = write;
  }
}

/** Unpacks the autograder into a fresh /autograder-like folder; node_modules is linked (setup.sh would npm ci). */
function fakeAutograder(zip: string, files: Record<string, string> | ((ag: string) => Record<string, string>)): string {
  const ag = mkdtempSync(join(work, "autograder-"));
  const submission = typeof files === "function" ? files(ag) : files;
  for (const e of readZip(readFileSync(zip))) {
    if (e.name.endsWith("/")) continue;
    const file = join(ag, "source", e.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.data);
    chmodSync(file, e.mode || 0o644);
  }
  symlinkSync(join(ROOT, "node_modules"), join(ag, "source", "node_modules"));
  for (const [file, text] of Object.entries(submission)) {
    mkdirSync(dirname(join(ag, "submission", file)), { recursive: true });
    writeFileSync(join(ag, "submission", file), text);
  }
  return ag;
}

/** Runs a command to its end; resolves with its exit code and output (a 2-minute backstop). */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, timeout: 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** run_autograder in a fake /autograder; resolves with its exit code and stderr, and the results.json it wrote. */
async function runAutograder(ag: string) {
  const r = await run("bash", [join(ag, "source", "run_autograder")], { env: { ...process.env, AUTOGRADER_ROOT: ag } });
  return { ...r, results: () => JSON.parse(readFileSync(join(ag, "results", "results.json"), "utf8")) };
}

const zipNode = join(work, "node.zip");

// The grading runs of the last test do not need the zip: they start now, beside the others. They
// run `npm run grade`'s command: the prebuilt grader (grader/main.mjs), built first here if the
// sources changed, so that the two runs do not both build it.
const classroomDir = mkdtempSync(join(work, "classroom-"));
const built = ensureBuild(ROOT);
const cliGrade = async (reporter: string, out: string) => {
  await built;
  return run(process.execPath, [join(ROOT, "grader/main.mjs"), "grade", "--solutions", "--reporter", reporter, "--output", join(classroomDir, out)], { cwd: ROOT });
};
const summaryOf = (file: string) => run(process.execPath, ["--import", "tsx", join(ROOT, "autograder/summary.ts"), join(classroomDir, file)], { cwd: ROOT });
const classroomRuns = Promise.all([
  cliGrade("junit", "results.xml"),
  cliGrade("json", "results.json").then(async (json) => ({ json, summary: await summaryOf("results.json") })),
  summaryOf("nope.json"),
]);
classroomRuns.catch(() => {});

const solution = (slug: string) => readFileSync(paths.solution({ id: slug.slice(0, 2), name: slug.slice(3), slug }, ROOT), "utf8");

/** The three run_autograder runs, two at a time, started once the zip is written. */
let autograderRuns: ReturnType<typeof startAutograderRuns> | undefined;
function startAutograderRuns() {
  // The learner uploaded their whole workbook: exercises/ counts, solutions/ does not.
  const uploaded = () =>
    fakeAutograder(zipNode, (ag) => ({
      "workbook/exercises/01_initialize.ts": solution("01_initialize"),
      "workbook/solutions/02_linear_forward.ts": solution("02_linear_forward"),
      // A learner trying to write the results file themselves is stopped by the sandbox.
      "workbook/exercises/02_linear_forward.ts": solution("02_linear_forward").replace(
        /(export function linearForward\([^)]*\)[^{]*\{\n)/,
        `$1  (process.getBuiltinModule("node:fs") as typeof import("node:fs")).writeFileSync(${JSON.stringify(join(ag, "results", "results.json"))}, '{"score": 1000}');\n`,
      ),
    }));
  const noFiles = () => fakeAutograder(zipNode, { "README.md": "nothing here\n" });
  const broken = () => {
    const ag = fakeAutograder(zipNode, { "01_initialize.ts": "export {};\n" });
    rmSync(join(ag, "source", "grader", "batch", "index.ts"));
    return ag;
  };
  const [a, b, c] = pooled([uploaded, noFiles, broken], 2, (make) => runAutograder(make()));
  return { uploaded: a!, noFiles: b!, broken: c! };
}
const autograder = () => (autograderRuns ??= startAutograderRuns());

test("the zip writer round-trips, with modes and CRCs", () => {
  const entries = [
    { name: "run_autograder", data: Buffer.from("#!/bin/bash\necho hi\n"), mode: 0o755 },
    { name: "dir/text.txt", data: Buffer.from("x".repeat(10_000)), mode: 0o644 },
    { name: "empty", data: Buffer.alloc(0), mode: 0o600 },
  ];
  const back = readZip(writeZip(entries));
  assert.equal(back.map((e) => [e.name, e.data.toString(), e.mode]), entries.map((e) => [e.name, e.data.toString(), e.mode]));
  if (spawnSync("unzip", ["-v"], { stdio: "ignore" }).status === 0) {
    writeFileSync(join(work, "t.zip"), writeZip(entries));
    const t = spawnSync("unzip", ["-tq", join(work, "t.zip")], { encoding: "utf8" });
    assert.is(t.status, 0, t.stdout + t.stderr);
  }
});

test("dev:gradescope writes the autograder zip with node:zlib: scripts at the root, executable", async () => {
  const out = await quietly(() => devGradescopeCommand(["--writer", "node", "--out", zipNode]));
  assert.match(out, /node:zlib/);
  const entries = readZip(readFileSync(zipNode));
  const names = entries.map((e) => e.name);
  for (const name of ["setup.sh", "run_autograder", "package.json", "package-lock.json", "grader/cli.ts", "grader/batch/index.ts", "lib/np/index.ts"]) assert.ok(names.includes(name), name);
  for (const ex of listExercises()) {
    assert.ok(names.includes(`solutions/${ex.slug}.ts`), ex.slug);
    assert.ok(names.includes(`exercises/${ex.slug}.ts`), ex.slug);
  }
  assert.is(entries.find((e) => e.name === "run_autograder")!.mode, 0o755);
  assert.is(entries.find((e) => e.name === "setup.sh")!.mode, 0o755);
  assert.not.ok(names.some((n) => n.includes("node_modules") || n.endsWith(".py") || n.startsWith("tests/")));
  // The stubs are generated, whatever exercises/ holds in this checkout.
  const stub = entries.find((e) => e.name === "exercises/02_linear_forward.ts")!.data.toString();
  assert.match(stub, /notImplemented\("linearForward"\)/);
  assert.match(readFileSync(join(ROOT, "autograder", "setup.sh"), "utf8"), /setup_20\.x[\s\S]*npm ci/);
  autograder();
});

(hasZip ? test : test.skip)("dev:gradescope with the zip program gives the same files", async () => {
  const zipCli = join(work, "cli.zip");
  assert.match(await quietly(() => devGradescopeCommand(["--writer", "zip", "--out", zipCli])), /\(zip\)/);
  const a = readZip(readFileSync(zipCli)).filter((e) => !e.name.endsWith("/"));
  const b = readZip(readFileSync(zipNode));
  assert.equal(a.map((e) => [e.name, e.mode]).sort(), b.map((e) => [e.name, e.mode]).sort());
});

test("run_autograder grades a submission in the sandbox and writes results.json", async () => {
  const spec01 = (await import(paths.spec({ id: "01", name: "initialize", slug: "01_initialize" }))).default;
  const max01 = spec01.checks.reduce((s: number, c: { points?: number }) => s + (c.points ?? 1), 0);
  const r = await autograder().uploaded;
  assert.is(r.status, 0, r.stderr);
  const results = r.results();
  assert.is(results.score, max01, JSON.stringify(results).slice(0, 500));
  assert.ok(Array.isArray(results.tests) && results.tests.length > 0);
  // The score is the tests' sum; the hidden cases are shown after the due date only, everything else now.
  assert.is(results.score, results.tests.reduce((s: number, t: { score: number }) => s + t.score, 0));
  const hidden = results.tests.filter((t: { name: string }) => /: hidden cases/.test(t.name));
  assert.ok(hidden.length > 0);
  assert.ok(hidden.every((t: { visibility: string }) => t.visibility === "after_due_date"));
  assert.ok(results.tests.filter((t: { name: string }) => !/: hidden cases/.test(t.name)).every((t: { visibility: string }) => t.visibility === "visible"));
  const denied = results.tests.filter((t: { name: string; output: string }) => t.name.startsWith("02 ") && /not available while grading|restricted/.test(t.output));
  assert.ok(denied.length > 0, "02's checks say the write was refused");
});

test("run_autograder writes a valid results.json with score 0 and the reason when grading fails", async () => {
  const noFiles = await autograder().noFiles;
  assert.is(noFiles.status, 0, noFiles.stderr);
  const a = noFiles.results();
  assert.is(a.score, 0);
  assert.match(a.output, /no exercise file/);
  const broken = await autograder().broken;
  assert.is(broken.status, 0, broken.stderr);
  const b = broken.results();
  assert.is(b.score, 0);
  assert.match(b.output, /the grader stopped with an error/);
  assert.not.match(b.output, /at .*\.ts:\d+/, "no stack trace for the learner");
  // The details are for the instructor: a test the learner does not see.
  assert.equal(b.tests.map((t: { visibility: string; score: number }) => [t.visibility, t.score]), [["hidden", 0]]);
});

test("the classroom workflow's summary works; single-user JUnit and JSON reports too (the grading run itself: tests/classroom.test.ts)", async () => {
  const yml = readFileSync(join(ROOT, ".github", "workflows", "classroom.yml"), "utf8");
  assert.match(yml, /npm ci/);
  assert.match(yml, /actions\/upload-artifact@v4/);
  assert.match(yml, /autograder\/summary\.ts results\.json >> "\$GITHUB_STEP_SUMMARY"/);
  const [junit, { json, summary }, missing] = await classroomRuns;
  // Exit code 1 means "not every exercise passes": the reports are written either way.
  assert.ok([0, 1].includes(junit.status!));
  assert.ok([0, 1].includes(json.status!));
  assert.match(readFileSync(join(classroomDir, "results.xml"), "utf8"), /^<\?xml[\s\S]*<testsuites/);
  assert.is(summary.status, 0, summary.stderr);
  assert.match(summary.stdout, /^## dnn-workbook: \d+\/\d+ exercises · \d+\/\d+ points/);
  assert.match(summary.stdout, /\| ✅ \| 01 /);
  assert.is(missing.status, 0);
  assert.match(missing.stdout, /No grading report/);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
