/**
 * Nothing is lost: grading never writes a learner's file, a grader killed mid-run leaves every file
 * as it was, and state files are written atomically (a reader never sees half a file).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { writeFileAtomic } from "../grader/fs-safe.ts";

/** A digest of every file in the learner-facing folders (and the state folder, if any). */
function digest(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of ["exercises", "solutions", "lessons/en", "lessons/ko"]) {
    for (const name of readdirSync(join(ROOT, dir))) {
      const file = join(ROOT, dir, name);
      out.set(`${dir}/${name}`, createHash("sha1").update(readFileSync(file)).digest("hex"));
    }
  }
  return out;
}

const home = mkdtempSync(join(tmpdir(), "dnn-nothing-lost-"));
const env = { ...process.env, DNN_WORKBOOK_HOME: home, FORCE_COLOR: "0" };
const cli = (args: string[]) => [process.execPath, ["--import", "./grader/register.mjs", "grader/cli.ts", ...args]] as const;

test("a whole grading run writes no learner file", () => {
  const before = digest();
  // npm run grade: the prebuilt grader (grader/main.mjs), which also writes its build's cache.
  const [cmd, args] = [process.execPath, ["grader/main.mjs", "grade"]] as const;
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8" });
  assert.is(r.status, 1, r.stderr);
  assert.equal(digest(), before);
});

for (const after of [150, 400, 900]) {
  test(`a grader killed (SIGKILL) ${after} ms into a run leaves every file as it was`, async () => {
    const before = digest();
    const [cmd, args] = cli(["grade", "--solutions"]);
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: "ignore" });
    await new Promise((r) => setTimeout(r, after));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.equal(digest(), before);
  });
}

test("writeFileAtomic: a failed write leaves the old file whole and no temporary file behind", () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-atomic-"));
  const file = join(dir, "progress.json");
  writeFileAtomic(file, '{"version":1}\n');
  // Make the temporary file's name a folder, so writing it fails.
  mkdirSync(join(dir, `.progress.json.${process.pid}.tmp`));
  assert.throws(() => writeFileAtomic(file, '{"version":2}\n'));
  assert.is(readFileSync(file, "utf8"), '{"version":1}\n');
  rmSync(dir, { recursive: true, force: true });
});

test("writeFileAtomic: concurrent writers never leave a torn file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-atomic-"));
  const file = join(dir, "state.json");
  const script = `
    import { writeFileAtomic } from ${JSON.stringify(join(ROOT, "grader/fs-safe.ts"))};
    const big = "x".repeat(200000);
    for (let i = 0; i < 60; i++) writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ writer: process.pid, i, big }));
  `;
  const writers = Array.from({ length: 3 }, () =>
    spawn(process.execPath, ["--import", "./grader/register.mjs", "--input-type=module", "-e", script], { cwd: ROOT, stdio: "inherit" }),
  );
  let reads = 0;
  let torn = 0;
  const running = () => writers.some((w) => w.exitCode === null);
  while (running()) {
    try {
      JSON.parse(readFileSync(file, "utf8"));
      reads++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") torn++;
    }
    await new Promise((r) => setImmediate(r));
  }
  assert.is(torn, 0, `${torn} torn reads of ${reads}`);
  assert.ok(JSON.parse(readFileSync(file, "utf8")).i === 59);
  assert.equal(readdirSync(dir), ["state.json"]);
  rmSync(dir, { recursive: true, force: true });
});

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
