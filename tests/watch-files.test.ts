/**
 * Watch mode's parts that need no terminal: the file watcher (file events, polling, and the
 * fall-back from one to the other), which files re-grade an exercise, and the refusal without a
 * terminal.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFile } from "node:child_process";
import { EventEmitter } from "node:events";
import type { FSWatcher } from "node:fs";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { FileWatcher } from "../grader/watch/file-watcher.ts";
import type { WatchFunction } from "../grader/watch/file-watcher.ts";
import { localImports } from "../grader/watch/imports.ts";

const tmp = mkdtempSync(join(tmpdir(), "dnn-watch-files-"));
let n = 0;
const freshDir = () => {
  const dir = join(tmp, `d${n++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "02_linear_forward.ts"), "// 1\n");
  return dir;
};

/** Resolves with the first changed path that satisfies `wanted`; fails after `ms`. */
function changes() {
  const seen: string[] = [];
  const waiters: { wanted: (p: string) => boolean; done: (p: string) => void }[] = [];
  return {
    onChange: (p: string) => {
      seen.push(p);
      for (const w of waiters.splice(0)) if (w.wanted(p)) w.done(p);
      else waiters.push(w);
    },
    next: (wanted: (p: string) => boolean, ms = 3000) =>
      new Promise<string>((resolve, reject) => {
        const hit = seen.find(wanted);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`no change seen in ${ms} ms; seen: ${seen.join(", ") || "nothing"}`)), ms);
        waiters.push({ wanted, done: (p) => (clearTimeout(timer), resolve(p)) });
      }),
    clear: () => (seen.length = 0),
  };
}

test("file events: a save in a watched folder is reported with the file's path", async () => {
  const dir = freshDir();
  const c = changes();
  const w = new FileWatcher({ onChange: c.onChange });
  w.setDirs([dir]);
  try {
    assert.is(w.mode, "events");
    const file = join(dir, "02_linear_forward.ts");
    writeFileSync(file, "// 2\n");
    assert.is(await c.next((p) => p === file), file);
  } finally {
    w.close();
  }
});

test("--poll: changes, new files and deleted files are seen by polling", async () => {
  const dir = freshDir();
  const c = changes();
  const w = new FileWatcher({ poll: true, intervalMs: 20, onChange: c.onChange });
  w.setDirs([dir]);
  try {
    assert.is(w.mode, "polling");
    const file = join(dir, "02_linear_forward.ts");
    writeFileSync(file, "// a longer second version\n");
    await c.next((p) => p === file);
    const helper = join(dir, "helper.ts");
    writeFileSync(helper, "export const x = 1;\n");
    await c.next((p) => p === helper);
    c.clear();
    rmSync(helper);
    await c.next((p) => p === helper);
  } finally {
    w.close();
  }
});

test("when fs.watch throws, polling takes over and says why", async () => {
  const dir = freshDir();
  const c = changes();
  const reasons: string[] = [];
  const broken: WatchFunction = () => {
    throw Object.assign(new Error("System limit for number of file watchers reached"), { code: "ENOSPC" });
  };
  const w = new FileWatcher({ watch: broken, intervalMs: 20, onChange: c.onChange, onFallback: (r) => reasons.push(r) });
  w.setDirs([dir]);
  try {
    assert.is(w.mode, "polling");
    assert.is(reasons.length, 1);
    assert.match(reasons[0]!, /ENOSPC/);
    const file = join(dir, "02_linear_forward.ts");
    writeFileSync(file, "// saved after the fall-back\n");
    await c.next((p) => p === file);
  } finally {
    w.close();
  }
});

test("when a watcher reports an error later, polling takes over once", async () => {
  const dir = freshDir();
  const c = changes();
  const reasons: string[] = [];
  const fakes: (EventEmitter & { closed?: boolean })[] = [];
  const flaky: WatchFunction = () => {
    const fake = Object.assign(new EventEmitter(), { closed: false });
    Object.assign(fake, { close: () => (fake.closed = true) });
    fakes.push(fake);
    return fake as unknown as FSWatcher;
  };
  const w = new FileWatcher({ watch: flaky, intervalMs: 20, onChange: c.onChange, onFallback: (r) => reasons.push(r) });
  w.setDirs([dir]);
  try {
    assert.is(w.mode, "events");
    fakes[0]!.emit("error", Object.assign(new Error("watch EPERM"), { code: "EPERM" }));
    fakes[0]!.emit("error", new Error("again"));
    assert.is(w.mode, "polling");
    assert.equal(reasons, ["EPERM: watch EPERM"]);
    assert.ok(fakes[0]!.closed, "the broken watcher is closed");
    const file = join(dir, "02_linear_forward.ts");
    writeFileSync(file, "// seen by polling\n");
    await c.next((p) => p === file);
  } finally {
    w.close();
  }
});

test("the files that re-grade an exercise: its own helpers, not lib/ nor other exercises", () => {
  const dir = freshDir();
  mkdirSync(join(dir, "util"));
  const file = join(dir, "04_model_forward.ts");
  writeFileSync(
    file,
    [
      `import { np } from "../lib/np/index.ts";`,
      `import { linearActivationForward } from "./03_activation_forward.ts";`,
      `import { helper } from "./util/helper.ts";`,
      `import type { T } from './types.ts';`,
      `export { again } from "./util/helper.ts";`,
      `const lazy = await import("./lazy.ts");`,
      `import "./missing.ts";`,
    ].join("\n"),
  );
  writeFileSync(join(dir, "util", "helper.ts"), `import { deeper } from "../deeper.ts";\nimport { back } from "../04_model_forward.ts";\n`);
  for (const f of ["types.ts", "lazy.ts", "deeper.ts", "03_activation_forward.ts"]) writeFileSync(join(dir, f), "export {};\n");
  const found = [...localImports(file, dir)].map((p) => p.slice(dir.length + 1)).sort();
  assert.equal(found, ["deeper.ts", "lazy.ts", "types.ts", "util/helper.ts"]);
});

test("without a terminal, watch mode explains what to run instead and exits 1", async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", "grader/cli.ts", "grade", "--watch"], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
  assert.is(code, 1, stderr);
  assert.is(stdout, "");
  assert.match(stderr, /needs a terminal/);
  assert.match(stderr, /npm run grade\b/);
  assert.match(stderr, /npm run grade -- 02/);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
