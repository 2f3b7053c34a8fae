/**
 * The prebuilt grader (grader/build.mjs) and its entry (grader/main.mjs): `npm run grade` runs the
 * built JavaScript and gives exactly the verdicts the TypeScript sources give.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { gradeCommand } from "../grader/commands/grade.ts";
import { inPool } from "./helpers/pool.ts";
import { pristineStubs } from "./helpers/pristine.ts";
// @ts-expect-error: a plain JavaScript module without types
import { ensureBuild } from "../grader/build.mjs";

/** Runs node with `args` in the workbook; resolves with its exit code and output. */
const run = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
const verdicts = (json: string) =>
  (JSON.parse(json) as { results: { id: string; status: string; points: number; checks: { status: string; points: number; message?: string }[] }[] }).results.map((r) => ({
    id: r.id,
    status: r.status,
    points: r.points,
    checks: r.checks.map((c) => [c.status, c.points, (c.message ?? "").replace(/largest difference [\d.e-]+/, "")]),
  }));

test("the build is made once and found again while the sources do not change", async () => {
  const first = await ensureBuild(ROOT);
  assert.ok(first && existsSync(join(first, "grader", "cli.js")), String(first));
  assert.ok(existsSync(join(first, "lib", "np", "index.js")));
  assert.ok(existsSync(join(first, "grader", "executor", "worker.js")));
  assert.is(await ensureBuild(ROOT), first);
});

test("grading loads only what it needs: the book's and the batch's packages stay in chunks of their own", async () => {
  const build = await ensureBuild(ROOT);
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    // Static imports only: `import … from "x";` and `import "x";` at the start of a line.
    for (const m of readFileSync(file, "utf8").matchAll(/^import\s(?:[^;"]*?\sfrom\s)?"([^"]+)";/gm)) {
      const target = m[1]!;
      if (target.startsWith(".")) walk(resolve(dirname(file), target));
      else if (!target.startsWith("node:")) packages.add(target);
    }
  };
  walk(join(build, "grader", "cli.js"));
  assert.ok(files.size > 1, "the walk follows the judge's chunks");
  assert.equal([...packages].sort(), ["chalk", "diff"]);
  // The lazily loaded commands are still in the build.
  const all = [...files].map((f) => readFileSync(f, "utf8")).join("\n");
  assert.match(all, /import\("\.\.\/judge\/[^"]+\.js"\)/);
});

/** `grade` from the TypeScript sources, in this process: the command's own function, its report as it prints it, and its exit code. */
async function gradeFromSources(target: string[]): Promise<{ status: number; stdout: string }> {
  const dir = target[0] === "--dir" ? target[1] : undefined;
  const out: string[] = [];
  const { write } = process.stdout;
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  try {
    const status = await gradeCommand({ solutions: target.includes("--solutions"), dir, seed: "11", reporter: "json", color: false, width: 80 });
    return { status, stdout: out.join("") };
  } finally {
    process.stdout.write = write;
  }
}

test("npm run grade (the built grader) and the sources give the same verdicts: solutions, stubs, a folder with mistakes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-build-"));
  try {
    cpSync(join(ROOT, "solutions"), dir, { recursive: true });
    cpSync(join(ROOT, "tests", "fixtures", "mistakes", "02_linear_forward", "no-bias.ts"), join(dir, "02_linear_forward.ts"));
    writeFileSync(join(dir, "05_cost.ts"), 'export function computeCost(): number { throw new Error("mine"); }\n');
    // The stubs are generated into a temporary folder: the tests never grade exercises/ (the learner's).
    const targets = [["--solutions"], ["--dir", pristineStubs()], ["--dir", dir]];
    // The built grader runs as npm run grade does, a process of its own, two at a time; the sources
    // grade in this process meanwhile, with the same command function the CLI calls (grader/cli.ts
    // parses the arguments into it).
    const builtRuns = inPool(targets, 2, (target) => run(["grader/main.mjs", "grade", ...target, "--seed", "11", "--reporter", "json"]));
    const sourceRuns: { status: number; stdout: string }[] = [];
    for (const target of targets) sourceRuns.push(await gradeFromSources(target));
    const built = await builtRuns;
    targets.forEach((target, i) => {
      const [b, source] = [built[i]!, sourceRuns[i]!];
      assert.ok(b.stdout.startsWith("{"), b.stderr);
      assert.ok(source.stdout.startsWith("{"), source.stdout);
      assert.equal(verdicts(b.stdout), verdicts(source.stdout), target.join(" "));
      assert.is(b.status, source.status);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
