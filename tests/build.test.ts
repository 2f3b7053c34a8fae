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
import { inPool } from "./helpers/pool.ts";
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

test("npm run grade (the built grader) and the sources give the same verdicts: solutions, stubs, a folder with mistakes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-build-"));
  try {
    cpSync(join(ROOT, "solutions"), dir, { recursive: true });
    cpSync(join(ROOT, "tests", "fixtures", "mistakes", "02_linear_forward", "no-bias.ts"), join(dir, "02_linear_forward.ts"));
    writeFileSync(join(dir, "05_cost.ts"), 'export function computeCost(): number { throw new Error("mine"); }\n');
    const targets = [["--solutions"], [], ["--dir", dir]];
    // The six runs are independent: three at a time.
    const runs = await inPool(
      targets.flatMap((target) => {
        const args = ["grade", ...target, "--seed", "11", "--reporter", "json"];
        return [["grader/main.mjs", ...args], ["--import", "./grader/register.mjs", "grader/cli.ts", ...args]];
      }),
      3,
      run,
    );
    targets.forEach((target, i) => {
      const [built, source] = [runs[2 * i]!, runs[2 * i + 1]!];
      assert.ok(built.stdout.startsWith("{"), built.stderr);
      assert.equal(verdicts(built.stdout), verdicts(source.stdout), target.join(" "));
      assert.is(built.status, source.status);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
