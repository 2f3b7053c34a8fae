#!/usr/bin/env node
// Runs the project's tests: the type check of the workbook's own code (tsconfig.course.json: not
// exercises/, which is the learner's) and every tests/**/*.test.ts file in its own process (uvu
// inside, through the workbook's TypeScript hook grader/register.mjs), one more at a time than the
// machine has cores, the longest first (by the last run's times), and ends with one line
// "N passed, N failed".
//
//   node tests/run.mjs                    everything
//   node tests/run.mjs "course-|engine"   the test files whose path matches (no type check)
//   node tests/run.mjs --typecheck "…"    those and the type check
//
// The tests never read or write the learner's files or progress: they grade solutions/, fixtures
// and stubs generated into a temporary folder, and DNN_WORKBOOK_HOME points at a temporary folder.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2);
const forceTypecheck = argv.includes("--typecheck");
const pattern = argv.find((a) => !a.startsWith("--"));
const filter = pattern ? new RegExp(pattern) : null;
const home = mkdtempSync(join(tmpdir(), "dnn-test-home-"));
process.on("exit", () => rmSync(home, { recursive: true, force: true }));
const cacheDir = process.env.DNN_WORKBOOK_TEST_CACHE || join(root, "node_modules", ".cache", "dnn-workbook-tests");
const timesFile = join(cacheDir, "test-times.json");

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === "fixtures" || name.startsWith(".")) continue;
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

/**
 * A test file that hangs (a grader that never answers, say) is stopped after this long and counted
 * as failed, so the suite always ends with its count. Far above any file's time (the slowest takes
 * well under a minute on two busy cores); DNN_WORKBOOK_TEST_FILE_LIMIT=seconds says otherwise.
 */
const FILE_LIMIT_S = Number(process.env.DNN_WORKBOOK_TEST_FILE_LIMIT) || 600;

/** Each test file runs in a process group of its own (so a hung one goes with everything it started); Ctrl-C stops them all. */
const running = new Set();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: "0", DNN_WORKBOOK_HOME: home }, detached: true });
    running.add(child.pid);
    let output = "";
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, FILE_LIMIT_S * 1000);
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      running.delete(child.pid);
      clearTimeout(timer);
      resolve({ code: code ?? 1, output: hung ? `${output}\n(stopped: it had not finished after ${FILE_LIMIT_S} s)` : output, hung });
    });
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;

/** The last run's seconds per job, to start the longest first (a shorter tail on few cores). */
let lastTimes = {};
try {
  lastTimes = JSON.parse(readFileSync(timesFile, "utf8"));
} catch {
  // First run: the order of the files.
}
const times = { ...lastTimes };

const TYPECHECK = "typecheck (tsc -p tsconfig.course.json)";
async function typecheck() {
  const t0 = Date.now();
  const tsc = await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(root, "tsconfig.course.json")]);
  const secs = (Date.now() - t0) / 1000;
  times[TYPECHECK] = secs;
  if (tsc.code === 0) {
    passed++;
    console.log(`✔ ${TYPECHECK}  (${secs.toFixed(1)}s)`);
  } else {
    failed++;
    console.log(`✘ ${TYPECHECK} FAILED (${secs.toFixed(1)}s)\n${tsc.output}`);
  }
}

const files = findTests(join(root, "tests")).filter((f) => !filter || filter.test(relative(root, f)));
const jobs = [...(!filter || forceTypecheck ? [{ name: TYPECHECK, go: typecheck }] : []), ...files.map((f) => ({ name: relative(root, f), go: () => testFile(f) }))];
jobs.sort((a, b) => (lastTimes[b.name] ?? 0) - (lastTimes[a.name] ?? 0));
const started = Date.now();

async function testFile(file) {
  const t0 = Date.now();
  // The workbook's own TypeScript hook (grader/register.mjs) starts in half the time tsx does.
  const { code, output, hung } = await run(process.execPath, ["--import", "./grader/register.mjs", file]);
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const skip = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const name = relative(root, file);
  times[name] = (Date.now() - t0) / 1000;
  const secs = times[name].toFixed(1);
  if (Number.isNaN(total) || hung) {
    failed++;
    console.log(`✘ ${name} ${hung ? "hung" : "crashed before reporting"} (exit ${code}, ${secs}s)\n${output}`);
    return;
  }
  passed += ok;
  skipped += skip;
  // uvu's Total counts the tests that ran (skipped ones are apart): the failed are Total − Passed, and
  // a file that exits non-zero with none failed (an error after its tests) counts once.
  const bad = total - ok + (code !== 0 && total === ok ? 1 : 0);
  failed += bad;
  if (bad > 0) console.log(`✘ ${name} (${secs}s)\n${output}`);
  else {
    console.log(`✔ ${name}  ${ok} passed${skip ? `, ${skip} skipped` : ""}  (${secs}s)`);
    // Why tests were skipped (a program that is not installed: ./helpers/tools.ts), as the file said it.
    if (skip) for (const line of output.split("\n").filter((l) => /\bskipped: /.test(l))) console.log(`    ${line.trim()}`);
  }
}

async function worker() {
  for (let job = jobs.shift(); job; job = jobs.shift()) await job.go();
}
// One file more than there are cores (at most 4): many files spend much of their time waiting for
// the processes and workers they start, so a third file on two cores keeps both busy (measured: the
// suite in 109 s instead of 187 s, as green). DNN_WORKBOOK_TEST_JOBS=N says otherwise.
// In CI (CI=true) one file per core: the time-limit tests (timeouts, memory bombs, the tmux and
// browser tests) then run as a learner's machine would, not starved of CPU.
const jobsAtOnce = Number(process.env.DNN_WORKBOOK_TEST_JOBS) || (process.env.CI ? availableParallelism() : Math.min(availableParallelism() + 1, 4));
await Promise.all(Array.from({ length: jobsAtOnce }, worker));
try {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(timesFile, JSON.stringify(times, null, 1));
} catch {
  // A read-only checkout: the next run keeps the file order.
}
console.log(`\n${files.length} test files${!filter || forceTypecheck ? " and the type check" : ""} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
