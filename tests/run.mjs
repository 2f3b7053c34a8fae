#!/usr/bin/env node
// Runs the project's tests: the type check, then every tests/**/*.test.ts file in its own
// process (uvu inside, through tsx), two at a time, and ends with one line "N passed, N failed".
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const filter = process.argv[2] ? new RegExp(process.argv[2]) : null;

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

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, FORCE_COLOR: "0" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;

if (!filter) {
  process.stdout.write("typecheck (tsc --noEmit) ... ");
  const tsc = await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", root]);
  if (tsc.code === 0) {
    passed++;
    console.log("ok");
  } else {
    failed++;
    console.log("FAILED\n" + tsc.output);
  }
}

const files = findTests(join(root, "tests")).filter((f) => !filter || filter.test(relative(root, f)));
const queue = [...files];
const started = Date.now();
async function worker() {
  for (let file = queue.shift(); file; file = queue.shift()) {
    const t0 = Date.now();
    const { code, output } = await run(process.execPath, ["--import", "tsx", file]);
    const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? NaN);
    const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? NaN);
    const skip = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
    const name = relative(root, file);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (Number.isNaN(total)) {
      failed++;
      console.log(`✘ ${name} crashed before reporting (exit ${code}, ${secs}s)\n${output}`);
      continue;
    }
    passed += ok;
    skipped += skip;
    const bad = total - ok - skip + (code !== 0 && total === ok + skip ? 1 : 0);
    failed += bad;
    if (bad > 0) console.log(`✘ ${name} (${secs}s)\n${output}`);
    else console.log(`✔ ${name}  ${ok} passed${skip ? `, ${skip} skipped` : ""}  (${secs}s)`);
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), 4) }, worker));
console.log(`\n${files.length} test files in ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
