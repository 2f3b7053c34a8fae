/**
 * The prebuilt grader (grader/build.mjs) and its entry (grader/main.mjs): `npm run grade` runs the
 * built JavaScript and gives exactly the verdicts the TypeScript sources give.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
// @ts-expect-error: a plain JavaScript module without types
import { ensureBuild } from "../grader/build.mjs";

const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
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

test("npm run grade (the built grader) and the sources give the same verdicts: solutions, stubs, a folder with mistakes", () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-build-"));
  try {
    cpSync(join(ROOT, "solutions"), dir, { recursive: true });
    cpSync(join(ROOT, "tests", "fixtures", "mistakes", "02_linear_forward", "no-bias.ts"), join(dir, "02_linear_forward.ts"));
    writeFileSync(join(dir, "05_cost.ts"), 'export function computeCost(): number { throw new Error("mine"); }\n');
    for (const target of [["--solutions"], [], ["--dir", dir]]) {
      const args = ["grade", ...target, "--seed", "11", "--reporter", "json"];
      const built = run(["grader/main.mjs", ...args]);
      const source = run(["--import", "./grader/register.mjs", "grader/cli.ts", ...args]);
      assert.ok(built.stdout.startsWith("{"), built.stderr);
      assert.equal(verdicts(built.stdout), verdicts(source.stdout), target.join(" "));
      assert.is(built.status, source.status);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
