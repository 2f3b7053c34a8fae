// The OS sandbox of a batch child (grader/batch/os-sandbox.ts), tested from the inside, as an
// attacker would: a probe program started exactly as a grading child is (the same bubblewrap
// command, limits and environment), but WITHOUT Node's permission model, so that every refusal here
// is the operating system's. Then the whole stack: hostile submissions graded in a batch.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { gradeSubmissions } from "../grader/batch/index.ts";
import { MAX_TASKS, childCommand, detectIsolation, resetIsolation, usageOf } from "../grader/batch/os-sandbox.ts";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";
import { testsNeeding } from "./helpers/tools.ts";

const iso = detectIsolation();
const work = mkdtempSync(join(tmpdir(), "dnn-sandbox-test-"));
chmodSync(work, 0o711); // a child of a root grader runs as nobody
const [code, other, tmp] = [join(work, "code"), join(work, "other"), join(work, "tmp")];
for (const d of [code, other, tmp]) mkdirSync(d, { recursive: true, mode: 0o755 });
writeFileSync(join(other, "secret.txt"), "another learner's file");
chmodSync(join(other, "secret.txt"), 0o644);

/** Runs a probe (ES module text) in a sandboxed child, without the permission model. */
function probe(text: string, limits = { memoryMb: 256, cpuSeconds: 20 }) {
  writeFileSync(join(code, "probe.mjs"), text);
  chmodSync(join(code, "probe.mjs"), 0o644);
  const cmd = childCommand(iso, { nodeArgs: [join(code, "probe.mjs")], readOnly: [code], tmp, env: {}, limits });
  return spawnSync(cmd.command, cmd.args, { env: cmd.env, encoding: "utf8", timeout: 60_000 });
}

/** The same, in the background (a probe file and a tmp folder of its own): resolves with its output. */
function probeLater(name: string, text: string, limits = { memoryMb: 256, cpuSeconds: 20 }): Promise<{ stdout: string; stderr: string }> {
  const file = join(code, `${name}.mjs`);
  const ownTmp = join(work, `tmp-${name}`);
  mkdirSync(ownTmp, { mode: 0o755 });
  writeFileSync(file, text);
  chmodSync(file, 0o644);
  const cmd = childCommand(iso, { nodeArgs: [file], readOnly: [code], tmp: ownTmp, env: {}, limits });
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, { env: cmd.env, timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", () => resolve({ stdout, stderr }));
  });
}

const HEADER = `
import * as fs from "node:fs";
import * as cp from "node:child_process";
const out = {};
const attempt = async (name, f) => { try { out[name] = (await f()) ?? "allowed"; } catch (e) { out[name] = e.cause?.code ?? e.code ?? e.message; } };
`;

if (iso.kind !== "bwrap") {
  // Skipped with a notice, CI included (a CI machine's kernel may not let bubblewrap run); the batch
  // tests below then check the permission model alone.
  const skipped = testsNeeding(false, `bubblewrap is not usable here (${iso.why})`, "the OS sandbox tests from inside a child", { requiredInCI: false });
  skipped("from inside a child: no network, no files outside, hard limits, a fork bomb contained", () => {});
} else {
  // The fork bomb waits 1.5 s for its children: it runs in the background from the start, while
  // the probes before its test run.
  const forkBomb = probeLater(
    "fork-bomb",
    `${HEADER}
let started = 0;
const kids = [];
await attempt("fork bomb", () => {
  for (let i = 0; i < 500; i++) { kids.push(cp.spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }).on("error", () => {})); started++; }
});
await new Promise((r) => setTimeout(r, 1500));
out.running = kids.filter((k) => k.pid && k.exitCode === null && k.signalCode === null).length;
for (const k of kids) k.kill("SIGKILL");
console.log(JSON.stringify(out));
process.exit(0);`,
  );

  test("from inside a child: no network, not even the grader's machine", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end("hidden cases");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = probe(`${HEADER}
import * as net from "node:net";
await attempt("fetch the grader's machine", async () => { await fetch("http://127.0.0.1:${port}/"); });
await attempt("fetch the internet", async () => { await fetch("http://1.1.1.1/", { signal: AbortSignal.timeout(5000) }); });
await attempt("listen on a port", () => new Promise((ok, no) => { const s = net.createServer(); s.on("error", no); s.listen(0, "0.0.0.0", () => { s.close(); ok("listening inside only"); }); }));
const os = await import("node:os");
await attempt("network interfaces", () => Object.keys(os.networkInterfaces()).join(",") || "none");
console.log(JSON.stringify(out));`);
      const out = JSON.parse(r.stdout || JSON.stringify({ stderr: r.stderr }));
      assert.ok(["ECONNREFUSED", "ENETUNREACH"].includes(out["fetch the grader's machine"]), JSON.stringify(out));
      assert.is(out["fetch the internet"], "ENETUNREACH", JSON.stringify(out));
      // A port may open, but in an empty namespace of its own: nobody outside can connect to it.
      assert.ok(out["network interfaces"] === "none" || out["network interfaces"] === "lo", JSON.stringify(out));
      assert.is(hits, 0);
    } finally {
      server.close();
    }
  });

  test("from inside a child: reads and writes outside are impossible, the writable tmpfs is capped", () => {
    const r = probe(`${HEADER}
await attempt("read its own code", () => { fs.readFileSync(${JSON.stringify(join(code, "probe.mjs"))}); });
await attempt("read another learner's folder", () => fs.readFileSync(${JSON.stringify(join(other, "secret.txt"))}, "utf8"));
await attempt("read the workbook", () => fs.readdirSync(${JSON.stringify(ROOT)}).join(","));
await attempt("read /etc/passwd", () => fs.readFileSync("/etc/passwd", "utf8").slice(0, 20));
await attempt("list /", () => fs.readdirSync("/").sort().join(","));
await attempt("write next to its code", () => fs.writeFileSync(${JSON.stringify(join(code, "pwned.txt"))}, "x"));
await attempt("write /tmp", () => fs.writeFileSync("/tmp/pwned.txt", "x"));
await attempt("write its tmp", () => fs.writeFileSync(${JSON.stringify(join(tmp, "ok.txt"))}, "x"));
await attempt("fill its tmp", () => { const mb = Buffer.alloc(2 ** 20); for (let i = 0; i < 5; i++) { const fd = fs.openSync(${JSON.stringify(tmp)} + "/big" + i, "w"); for (let j = 0; j < 15; j++) fs.writeSync(fd, mb); fs.closeSync(fd); } });
await attempt("processes it sees", () => fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p)).length <= 3 ? "only its own" : "others");
console.log(JSON.stringify(out));`);
    const out = JSON.parse(r.stdout || JSON.stringify({ stderr: r.stderr }));
    assert.equal(out, {
      "read its own code": "allowed",
      "read another learner's folder": "ENOENT",
      "read the workbook": "ENOENT",
      "read /etc/passwd": "ENOENT",
      "list /": out["list /"],
      "write next to its code": "EROFS",
      "write /tmp": "EROFS",
      "write its tmp": "allowed",
      "fill its tmp": "ENOSPC",
      "processes it sees": "only its own",
    });
    // The file system holds only what the child needs: no home, no workbook, no other submissions.
    assert.not.match(out["list /"], /home|root|work|srv|mnt/);
    assert.not.ok(existsSync(join(code, "pwned.txt")));
    assert.not.ok(existsSync(join(tmp, "ok.txt")), "the tmpfs is the child's own: nothing reaches the disk");
  });

  test("from inside a child: hard limits on file size, memory and CPU seconds", () => {
    const big = probe(`import * as fs from "node:fs";
const mb = Buffer.alloc(2 ** 20);
const fd = fs.openSync(process.env.TMPDIR ?? ${JSON.stringify(tmp)} + "/big", "w");
for (let i = 0; i < 20; i++) { fs.writeSync(fd, mb); console.log(i + 1); }`);
    assert.ok(Number(big.stdout.trim().split("\n").pop()) < 17, big.stdout);
    // Node ignores SIGXFSZ: the write past the limit fails with EFBIG.
    assert.match(big.stderr, /EFBIG/);

    const memory = probe(`const keep = [];
try { for (let i = 0; i < 40; i++) { const a = new Float64Array(2 ** 24); a.fill(1); keep.push(a); } console.log("allocated", keep.length * 128, "MB"); }
catch (e) { console.log("refused after", keep.length * 128, "MB:", e.message); }`);
    // The data-size cap is memoryMb + 512 MB: typed arrays (outside the heap limit) cannot pass it.
    assert.match(memory.stdout, /refused after (\d+) MB/);
    assert.ok(Number(/after (\d+)/.exec(memory.stdout)![1]) <= 768, memory.stdout);

    const spin = probe(`while (true) {}`, { memoryMb: 256, cpuSeconds: 1 });
    // Killed by SIGXCPU (exit code 128 + 24 through bubblewrap).
    assert.ok(spin.signal === "SIGXCPU" || spin.status === 152, `${spin.status} ${spin.signal} ${spin.stderr} ${spin.stdout} ${spin.error}`);
  });

  test("the judge reads the child's CPU time and memory from /proc, over its whole process tree", () => {
    const u = usageOf(process.pid)!;
    assert.ok(u.cpuMs > 0 && u.rss > 0);
  });

  test("from inside a child: a fork bomb is contained, and the grader sees it end", async () => {
    const r = await forkBomb;
    const out = JSON.parse(r.stdout || JSON.stringify({ stderr: r.stderr }));
    // Every child process costs threads; the task limit stops the bomb long before 500.
    assert.ok(out.running < MAX_TASKS, JSON.stringify(out));
    assert.ok(out.running < 500, JSON.stringify(out));
  });
}

test("a hostile class graded in the batch: no network, nothing outside, limits by CPU time", async () => {
  const subs = join(work, "subs");
  const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
  const hostile = (code: string) => solution("01_initialize").replace(/(export function initializeParameters\([^)]*\)[^{]*\{\n)/, `$1${code}\n`);
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const learners: Record<string, string> = {
    correct: solution("01_initialize"),
    // The network, by every door: the fetch global, node:net by import, node:http by getBuiltinModule.
    fetches: hostile(`  (globalThis as any).fetch?.("http://127.0.0.1:${port}/leak");`),
    nets: `import * as net from "node:net";\n${hostile(`  net.connect(${port}, "127.0.0.1").on("error", () => {});`)}`,
    https: hostile(`  const http = process.getBuiltinModule("node:http") as typeof import("node:http");\n  http.get("http://127.0.0.1:${port}/leak").on("error", () => {});`),
    // Reads through the mirror: the old node_modules link made <mirror>/node_modules/../X reach the workbook.
    mirror_escape: hostile(`  const fs = process.getBuiltinModule("node:fs") as typeof import("node:fs");\n  console.log(fs.readFileSync(new URL("../../../node_modules/../package.json", import.meta.url), "utf8"));`),
  };
  for (const [learner, text] of Object.entries(learners)) {
    mkdirSync(join(subs, learner), { recursive: true });
    writeFileSync(join(subs, learner, "01_initialize.ts"), text);
  }
  try {
    const result = await gradeSubmissions({ submissions: subs, exercises: ["01"], quiet: true, jobs: 2, seed: 1 });
    const byName = Object.fromEntries(result.rows.map((r) => [r.learner, r.report!.results[0]!]));
    const full = byName.correct!.maxPoints;
    assert.is(byName.correct!.points, full);
    for (const l of ["fetches", "nets", "https"]) assert.ok(byName[l]!.points <= full, l);
    assert.ok(byName.mirror_escape!.points < full);
    assert.not.match(JSON.stringify(byName.mirror_escape), /"name": "dnn-workbook"/);
    await new Promise((r) => setTimeout(r, 300));
    assert.is(hits, 0, "no request reached the grader's machine");
    assert.is(result.isolation.startsWith("bwrap"), iso.kind === "bwrap");
  } finally {
    server.close();
  }
});

test("without bubblewrap: the permission model alone, and one clear warning that the network is open", async () => {
  const subs = join(work, "fallback");
  for (const l of ["a", "b"]) {
    mkdirSync(join(subs, l), { recursive: true });
    writeFileSync(join(subs, l, "01_initialize.ts"), readFileSync(paths.solution(findExercise("01"), ROOT), "utf8"));
  }
  process.env.DNN_WORKBOOK_SANDBOX = "permissions";
  resetIsolation();
  let log = "";
  const stream = Object.assign(new Writable({ write: (c, _e, cb) => ((log += c), cb()) }), { isTTY: false });
  try {
    const result = await gradeSubmissions({ submissions: subs, exercises: ["01"], quiet: true, jobs: 2, seed: 1, log: stream });
    assert.is(result.isolation, "permissions (DNN_WORKBOOK_SANDBOX=permissions)");
    assert.ok(result.rows.every((r) => r.report!.totals.points === r.report!.totals.maxPoints));
    assert.is(log.match(/Warning: no OS sandbox/g)?.length, 1, log);
    assert.match(log, /the network is open/);
  } finally {
    delete process.env.DNN_WORKBOOK_SANDBOX;
    resetIsolation();
  }
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
