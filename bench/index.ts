/**
 * `npm run bench`: the budgets of DESIGN.md, measured in one run on this machine, in one table.
 *
 *   1. np.dot GFLOP/s on the course's shapes, against numpy (single-threaded OpenBLAS) when
 *      python3 with numpy is here, and their geometric mean against the 0.6× goal;
 *  1b. the course's hot element-wise operations in ns per element, against numpy;
 *   2. one training iteration of the capstone network with the reference solutions, against the
 *      same iteration written with numpy (bench/numpy_bench.py);
 *   3. `npm run grade -- --solutions` wall time, spawned the way the npm script runs it, and one
 *      exercise's, against a bare pytest of the same checks with numpy (bench/test_numpy_anchor.py,
 *      only when python3 with numpy and pytest is present);
 *   4. watch mode's save → result latency (bench/watch-latency.ts);
 *   5. `npm run train -- --solutions` with the defaults: wall time and test accuracy.
 *
 * Conclusions are ratios (ours/numpy, measured/budget): absolute numbers depend on the machine and
 * on what else runs on it, ratios measured side by side much less. Options: --quick (tiny shapes,
 * one sample, no spawned grade or watch runs: a smoke test), --np (sections 1 and 1b only), --dir DIR (course functions from
 * DIR instead of solutions/), --json (the results as JSON after the table).
 *
 * Never run by `npm test`: benchmarks assert nothing and take a minute.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { loadDigits } from "../lib/datasets/digits.ts";
import { np } from "../lib/np/index.ts";
import { kernelKind } from "../lib/np/dot-wasm.ts";
import type { NDArray } from "../lib/np/index.ts";
import { ROOT, listExercises } from "../grader/exercises.ts";
import { DEFAULTS } from "../grader/train/args.ts";
import { heInitialization } from "../grader/train/init.ts";
import type { Params } from "../grader/train/learner.ts";
import { formatMs, median, run, timeIt } from "./measure.ts";
import type { RunResult, TimingOptions } from "./measure.ts";

/** DESIGN.md's budget for the whole course. */
export const GRADE_BUDGET_MS = 1000;
/** The goals for node alone: the whole course faster than the bare pytest anchor, and one exercise. */
export const GRADE_GOAL_MS = 650;
export const ONE_EXERCISE_GOAL_MS = 330;
/** Watch mode's save → result: with the type check (DESIGN.md), and the grading alone (the goal). */
export const WATCH_BUDGET_MS = 250;
export const WATCH_GOAL_MS = 60;
export const TRAIN_BUDGET_MS = 30_000;
const GRADE_RUNS = 5;
const WATCH_SAVES = 5;
const TRAIN_RUNS = 3;
/** Exercises whose re-grade is timed: the first with a value check, and the heaviest (gradient checks). */
const WATCH_EXERCISES = ["02", "08"];

type DotCase = { name: string; shape: string; m: number; k: number; n: number; ta: boolean; tb: boolean };
type NumpyResult = {
  numpy: string;
  python: string;
  blas: string;
  blasCore?: string;
  dot: { name: string; ms: number }[];
  elementwise?: { name: string; ms: number }[];
  iteration: { ms: number } | null;
};
type Row = { section: string; measure: string; ours: string; numpy: string; ratio: string; budget: string };

export type BenchOptions = {
  quick: boolean;
  /** Only np.dot and the element-wise operations (sections 1 and 1b). */
  npOnly?: boolean;
  dir: string;
  json: boolean;
  write: (text: string) => void;
  /** A terminal: show what is running meanwhile (erased after). */
  tty?: boolean;
};

function dotCases(m: number, square: number): DotCase[] {
  const [h, x] = [DEFAULTS.layers[1], DEFAULTS.layers[0]];
  return [
    { name: "W·X", shape: `${h}×${x} · ${x}×${m}`, m: h, k: x, n: m, ta: false, tb: false },
    { name: "W.T·dZ", shape: `(${h}×${x}).T · ${h}×${m}`, m: x, k: h, n: m, ta: true, tb: false },
    { name: "dZ·A.T", shape: `${h}×${m} · (${x}×${m}).T`, m: h, k: m, n: x, ta: false, tb: true },
    { name: `${square}²`, shape: `${square}×${square} · ${square}×${square}`, m: square, k: square, n: square, ta: false, tb: false },
  ];
}

/** An (rows, cols) operand; `transposed` stores it as lib/np's lazy A.T view of its transpose. */
function operand(rows: number, cols: number, transposed: boolean): NDArray {
  return transposed ? np.random.randn(cols, rows).T : np.random.randn(rows, cols);
}

const gflops = (c: DotCase, ms: number) => (2 * c.m * c.k * c.n) / (ms / 1000) / 1e9;

/** np.dot's geometric-mean speed against numpy's, the goal of issue-level work on the kernel. */
export const DOT_GOAL = 0.6;

/** The arrays the element-wise cases read, built alike on both sides (numpy_bench.py mirrors this). */
type EwEnv = { Z: NDArray; dA: NDArray; S: NDArray; M: NDArray; b: NDArray; W: NDArray; db: NDArray; dbs: NDArray };
/** One element-wise case: the same expression in lib/np (`ts`) and in numpy (`py`), over `elements` results. */
type EwCase = { name: string; ts: (e: EwEnv) => unknown; py: string };

/**
 * The course's hot element-wise paths, on the capstone's hidden layer (n[1] × m): relu and its
 * backward pass, sigmoid, the bias broadcast, products; plus a tiny (n[1], 1) update, where the
 * fixed cost per call is what counts.
 */
function ewCases(): EwCase[] {
  return [
    { name: "relu: maximum(0, Z)", ts: (e) => np.maximum(0, e.Z), py: "np.maximum(0, Z)" },
    { name: "Z <= 0: less_equal(Z, 0)", ts: (e) => np.less_equal(e.Z, 0), py: "np.less_equal(Z, 0)" },
    { name: "relu backward: where(M, 0, dA)", ts: (e) => np.where(e.M, 0, e.dA), py: "np.where(M, 0, dA)" },
    { name: "sigmoid: 1/(1+exp(-Z)), 4 ops", ts: (e) => np.divide(1, np.add(1, np.exp(np.negative(e.Z)))), py: "np.divide(1, np.add(1, np.exp(np.negative(Z))))" },
    { name: "exp(Z)", ts: (e) => np.exp(e.Z), py: "np.exp(Z)" },
    { name: "Z + b, b (n, 1) broadcast", ts: (e) => np.add(e.Z, e.b), py: "np.add(Z, b)" },
    { name: "dA * S", ts: (e) => np.multiply(e.dA, e.S), py: "np.multiply(dA, S)" },
    { name: "dA * S * (1 - S), 3 ops", ts: (e) => np.multiply(np.multiply(e.dA, e.S), np.subtract(1, e.S)), py: "np.multiply(np.multiply(dA, S), np.subtract(1, S))" },
    { name: "0.01 * W (n[1] × n[0])", ts: (e) => np.multiply(0.01, e.W), py: "np.multiply(0.01, W)" },
    { name: "b - 0.01 * db, (n, 1), 2 ops", ts: (e) => np.subtract(e.dbs, np.multiply(0.01, e.db)), py: "np.subtract(dbs, np.multiply(0.01, db))" },
  ];
}

function ewEnv(h: number, m: number, x: number): EwEnv {
  np.random.seed(3);
  const Z = np.random.randn(h, m);
  const dA = np.random.randn(h, m);
  const S = np.divide(1, np.add(1, np.exp(np.negative(np.random.randn(h, m)))));
  return { Z, dA, S, M: np.less_equal(Z, 0), b: np.random.randn(h, 1), W: np.random.randn(h, x), db: np.random.randn(h, 1), dbs: np.random.randn(h, 1) };
}

const nsPerElement = (ms: number, elements: number) => (ms * 1e6) / elements;

/** The course functions one iteration needs, found by their export in DIR's NN_name.ts files. */
async function courseFunctions(dir: string) {
  const wanted = ["modelForward", "computeCost", "modelBackward", "updateParameters"] as const;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d{2}_[a-z0-9_]+\.ts$/.test(f)).sort() : [];
  const found: Record<string, (...args: never[]) => unknown> = {};
  for (const name of wanted) {
    const file = files.find((f) => new RegExp(`export\\s+function\\s+${name}\\b`).test(readFileSync(join(dir, f), "utf8")));
    if (!file) return { missing: name };
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
    if (typeof mod[name] !== "function") return { missing: name };
    found[name] = mod[name] as (...args: never[]) => unknown;
  }
  return {
    modelForward: found.modelForward as unknown as (X: NDArray, p: Params) => [NDArray, unknown[]],
    computeCost: found.computeCost as unknown as (AL: NDArray, Y: NDArray) => number,
    modelBackward: found.modelBackward as unknown as (AL: NDArray, Y: NDArray, caches: unknown[]) => Params,
    updateParameters: found.updateParameters as unknown as (p: Params, g: Params, lr: number) => Params,
  };
}

/** The share of `f`'s time spent in np.dot: np.dot is wrapped with a stopwatch for `runs` calls of f. */
function dotShare(f: () => void, runs: number): number {
  const target = np as { dot: typeof np.dot };
  const real = target.dot;
  let inDot = 0;
  target.dot = ((a: Parameters<typeof real>[0], b: Parameters<typeof real>[1]) => {
    const t = performance.now();
    const r = real(a, b);
    inDot += performance.now() - t;
    return r;
  }) as typeof real;
  try {
    f(); // warm-up through the wrapper
    inDot = 0;
    const t = performance.now();
    for (let i = 0; i < runs; i++) f();
    return inDot / (performance.now() - t);
  } finally {
    target.dot = real;
  }
}

/**
 * The bare-pytest anchor: bench/test_numpy_anchor.py with python3's pytest, no plugins, no cache
 * folder, no bytecode files; null without pytest.
 */
async function pytestAnchor(): Promise<{ cmd: string; args: string[]; env: NodeJS.ProcessEnv } | { error: string } | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1", PYTHONDONTWRITEBYTECODE: "1", OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const version = await run("python3", ["-m", "pytest", "--version"], { env, timeoutMs: 20_000 });
  if (version.code !== 0) return null;
  const anchor = { cmd: "python3", args: ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(ROOT, "bench", "test_numpy_anchor.py")], env };
  const first = await run(anchor.cmd, anchor.args, { cwd: ROOT, env, timeoutMs: 120_000 });
  return first.code === 0 ? anchor : { error: (first.stdout.trim().split("\n").pop() ?? `exit ${first.code}`).slice(0, 120) };
}

async function pythonNumpy(): Promise<string | null> {
  const r = await run("python3", ["-c", "import numpy; print(numpy.__version__)"], { timeoutMs: 20_000 });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** numpy's run, single-threaded: OpenBLAS, OpenMP and MKL held to one thread, CPU detection left to OpenBLAS. */
async function runNumpy(spec: unknown): Promise<NumpyResult | { error: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = await run("python3", [join(ROOT, "bench", "numpy_bench.py"), JSON.stringify(spec)], { env, timeoutMs: 300_000 });
  if (r.code !== 0) return { error: (r.stderr.trim().split("\n").pop() ?? `exit ${r.code}`).slice(0, 120) };
  try {
    return JSON.parse(r.stdout) as NumpyResult;
  } catch {
    return { error: "numpy_bench.py printed no JSON" };
  }
}

/** An npm script's command, from package.json, with `node` as this Node and `tsx` as its CLI. */
function scriptCommand(name: string, fallback: string, extra: string[]): { cmd: string; args: string[]; shown: string } {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.[name] ?? fallback;
  const [first, ...rest] = script.split(/\s+/).filter(Boolean);
  const args = [...rest, ...extra];
  const shown = `${script} ${extra.join(" ")}`;
  if (first === "tsx") {
    const tsxCli = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "cli.mjs");
    return { cmd: process.execPath, args: [tsxCli, ...args], shown };
  }
  return { cmd: first === "node" ? process.execPath : first!, args, shown };
}

async function gitCommit(): Promise<string> {
  const r = await run("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, timeoutMs: 5000 });
  return r.code === 0 ? r.stdout.trim() : "?";
}

function table(rows: Row[]): string[] {
  const head: Row = { section: "", measure: "measure", ours: "TypeScript", numpy: "numpy", ratio: "ours/numpy", budget: "budget" };
  const keys = ["measure", "ours", "numpy", "ratio", "budget"] as const;
  const all = [head, ...rows];
  const widths = keys.map((k) => Math.max(...all.map((r) => [...r[k]].length)));
  const line = (r: Row) => "  " + keys.map((k, i) => (i === 0 ? r[k].padEnd(widths[i]!) : r[k].padStart(widths[i]!))).join("  ").trimEnd();
  const rule = "  " + widths.map((w) => "─".repeat(w)).join("  ");
  const out = [line(head), rule];
  let section = "";
  for (const r of rows) {
    if (r.section !== section) {
      if (section) out.push("");
      out.push(`  ${r.section}`);
      section = r.section;
    }
    out.push(line(r));
  }
  return out;
}

export async function bench(o: BenchOptions): Promise<{ rows: Row[]; conclusions: string[] }> {
  const say = (text = "") => o.write(`${text}\n`);
  const status = (text: string) => o.tty && o.write(text ? `  ${text} …` : "\r\x1b[2K");
  const timing: TimingOptions = o.quick ? { warmup: 1, samples: 1, minSampleMs: 1 } : { warmup: 3, samples: 7, minSampleMs: 150 };
  // Sections 1 and 1b are single-threaded on both sides: timed in process CPU time, which a busy
  // machine's other processes do not inflate the way they inflate elapsed time.
  const npTiming: TimingOptions = { ...timing, clock: "cpu" };
  const cpu = cpus();
  const [load1] = loadavg();
  const numpyVersion = await pythonNumpy();
  const data = loadDigits({ digits: DEFAULTS.digits, seed: DEFAULTS.seed, ...(o.quick ? { perDigit: 40 } : {}) });
  const m = data.Xtrain.shape[1]!;
  const cases = dotCases(m, o.quick ? 32 : 256);

  say(`dnn-workbook bench${o.quick ? " (--quick: tiny shapes, one sample; not a measurement)" : ""}  ·  commit ${await gitCommit()}`);
  say(`  machine  ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, load average ${load1!.toFixed(2)} at start`);
  say(`  node     ${process.version} (${process.arch})`);
  say(`  numpy    ${numpyVersion ? `${numpyVersion}, single-threaded (OPENBLAS/OMP/MKL_NUM_THREADS=1; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)` : "not available (python3 with numpy not found): TypeScript only"}`);
  say(`  np.dot   ${kernelKind() === "relaxed-simd" ? "WebAssembly relaxed SIMD (FMA)" : kernelKind() === "simd" ? "WebAssembly SIMD (no relaxed SIMD here)" : "JavaScript (no WebAssembly here)"} kernel`);
  say(`  timing   ${timing.warmup} warm-up calls, then the median of ${timing.samples} samples of ≥ ${timing.minSampleMs} ms; sections 1 and 1b in process CPU time (user + system), the others in elapsed time`);
  say();

  // numpy first, in its own process, while this one is idle: the two never compete for a core.
  let numpy: NumpyResult | { error: string } | null = null;
  if (numpyVersion) {
    status("running numpy");
    const mnistDir = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
    numpy = await runNumpy({
      timing,
      npClock: npTiming.clock,
      dot: cases.map(({ name, m: mm, k, n, ta, tb }) => ({ name, m: mm, k, n, ta, tb })),
      elementwise: { h: DEFAULTS.layers[1], m, x: DEFAULTS.layers[0], cases: ewCases().map(({ name, py }) => ({ name, py })) },
      iteration: { mnistDir, digits: DEFAULTS.digits, m, layers: DEFAULTS.layers, lr: DEFAULTS.lr },
    });
    status("");
  }
  const numpyOk = numpy && !("error" in numpy) ? numpy : null;
  const numpyNote = numpy && "error" in numpy ? `n/a (${numpy.error})` : "n/a";
  if (numpyOk) say(`  BLAS     ${numpyOk.blas}${numpyOk.blasCore ? `, kernel ${numpyOk.blasCore}` : ""}\n`);

  const rows: Row[] = [];
  const conclusions: string[] = [];
  const report = () => {
    for (const line of table(rows)) say(line);
    say();
    say("  ours/numpy: our speed over numpy's (1.00× = as fast; 0.25× = numpy is 4× faster).");
    if (conclusions.length) {
      say();
      say("Conclusions");
      for (const c of conclusions) say(`  · ${c}`);
    }
    const [loadEnd] = loadavg();
    if (!o.quick && Math.max(load1!, loadEnd!) > cpu.length * 0.75) {
      say(`  · The machine was busy (load average ${load1!.toFixed(1)} → ${loadEnd!.toFixed(1)} on ${cpu.length} cores): absolute times are inflated, ratios less so.`);
    }
    return { rows, conclusions };
  };

  // 1. np.dot
  const s1 = `1. np.dot, GFLOP/s (m = ${m} training digits)`;
  np.random.seed(0);
  const ratios: [string, number][] = [];
  for (const c of cases) {
    const A = operand(c.m, c.k, c.ta);
    const B = operand(c.k, c.n, c.tb);
    const ms = timeIt(() => np.dot(A, B), npTiming);
    const theirs = numpyOk?.dot.find((d) => d.name === c.name)?.ms;
    const ratio = theirs === undefined ? NaN : theirs / ms;
    if (Number.isFinite(ratio)) ratios.push([c.name, ratio]);
    rows.push({
      section: s1,
      measure: `${c.name.padEnd(7)} ${c.shape}`,
      ours: `${gflops(c, ms).toFixed(2)} (${formatMs(ms)})`,
      numpy: theirs === undefined ? numpyNote : `${gflops(c, theirs).toFixed(2)} (${formatMs(theirs)})`,
      ratio: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—",
      budget: "",
    });
  }
  if (ratios.length) {
    const sorted = [...ratios].sort((a, b) => a[1] - b[1]);
    const geo = Math.exp(ratios.reduce((s, [, r]) => s + Math.log(r), 0) / ratios.length);
    rows.push({ section: s1, measure: "geometric mean", ours: "", numpy: "", ratio: `${geo.toFixed(2)}×`, budget: `${DOT_GOAL.toFixed(2)}×: ${geo >= DOT_GOAL ? "met" : "not met"}` });
    conclusions.push(
      `np.dot runs at ${sorted[0]![1].toFixed(2)}–${sorted[sorted.length - 1]![1].toFixed(2)}× numpy's single-threaded speed, ${geo.toFixed(2)}× in geometric mean ` +
        `(goal ${DOT_GOAL}×; slowest, relatively: ${sorted[0]![0]}, where numpy is ${(1 / sorted[0]![1]).toFixed(1)}× faster).`,
    );
  }

  // 1b. element-wise
  const h = DEFAULTS.layers[1]!;
  const s1b = `1b. element-wise, ns per element of the result (Z, dA, S: ${h}×${m}; b, db: ${h}×1; W: ${h}×${DEFAULTS.layers[0]})`;
  const env = ewEnv(h, m, DEFAULTS.layers[0]!);
  const ewRatios: number[] = [];
  for (const c of ewCases()) {
    const r = c.ts(env) as NDArray;
    const elements = r.size;
    const ms = timeIt(() => c.ts(env), npTiming);
    const theirs = numpyOk?.elementwise?.find((d) => d.name === c.name)?.ms;
    const ratio = theirs === undefined ? NaN : theirs / ms;
    if (Number.isFinite(ratio)) ewRatios.push(ratio);
    rows.push({
      section: s1b,
      measure: c.name,
      ours: nsPerElement(ms, elements).toFixed(2),
      numpy: theirs === undefined ? numpyNote : nsPerElement(theirs, elements).toFixed(2),
      ratio: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—",
      budget: "",
    });
  }
  if (ewRatios.length) {
    const geo = Math.exp(ewRatios.reduce((s, r) => s + Math.log(r), 0) / ewRatios.length);
    conclusions.push(`The course's element-wise paths run at ${Math.min(...ewRatios).toFixed(2)}–${Math.max(...ewRatios).toFixed(2)}× numpy's speed (${geo.toFixed(2)}× in geometric mean), allocation of each result included on both sides.`);
  }

  if (o.npOnly) return report();

  // 2. one training iteration
  const s2 = "2. one training iteration (forward + cost + backward + update)";
  const fns = await courseFunctions(o.dir);
  const label = `${DEFAULTS.layers.join("→")}, m = ${m}`;
  if ("missing" in fns) {
    rows.push({ section: s2, measure: label, ours: `n/a (no ${fns.missing} in ${o.dir})`, numpy: "", ratio: "", budget: "" });
  } else {
    const params = heInitialization(DEFAULTS.layers, DEFAULTS.seed);
    const X = data.Xtrain;
    const Y = data.Ytrain;
    const ms = timeIt(() => {
      const [AL, caches] = fns.modelForward(X, params);
      fns.computeCost(AL, Y);
      const grads = fns.modelBackward(AL, Y, caches);
      fns.updateParameters(params, grads, DEFAULTS.lr);
    }, timing);
    const theirs = numpyOk?.iteration?.ms;
    const ratio = theirs === undefined ? NaN : theirs / ms;
    rows.push({
      section: s2,
      measure: label,
      ours: formatMs(ms),
      numpy: theirs === undefined ? numpyNote : formatMs(theirs),
      ratio: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—",
      budget: "",
    });
    const share = dotShare(() => {
      const [AL, caches] = fns.modelForward(X, params);
      fns.computeCost(AL, Y);
      fns.updateParameters(params, fns.modelBackward(AL, Y, caches), DEFAULTS.lr);
    }, o.quick ? 1 : 10);
    const amdahl = share < 0.995 ? `${(1 / (1 - share)).toFixed(1)}×` : "many times";
    conclusions.push(
      `One iteration takes ${Number.isFinite(ratio) ? `${(1 / ratio).toFixed(1)}× numpy's time. ` : ""}` +
        `np.dot is ${Math.round(100 * share)}% of it (timed inside the iteration), the element-wise work the rest, ` +
        `so a faster np.dot alone could make it at most ${amdahl} faster.` +
        (o.quick ? "" : ` The default ${DEFAULTS.iterations} iterations take ${((ms * DEFAULTS.iterations) / TRAIN_BUDGET_MS).toFixed(2)}× the ${TRAIN_BUDGET_MS / 1000} s budget.`),
    );
  }

  // 3. grade, against a bare pytest running the same checks with numpy
  const grade = scriptCommand("grade", "node --import tsx grader/cli.ts grade", ["--solutions"]);
  const one = scriptCommand("grade", "node --import tsx grader/cli.ts grade", ["02", "--solutions"]);
  const s3 = `3. npm run grade -- --solutions, wall time: \`${grade.shown}\` (node alone, as npm runs it), median of ${GRADE_RUNS} after a warm-up; the anchor is a bare pytest of the same checks with numpy (bench/test_numpy_anchor.py), the runs interleaved`;
  const courseSize = `whole course, ${listExercises().length} exercises`;
  if (o.quick) {
    rows.push({ section: s3, measure: courseSize, ours: "skipped (--quick)", numpy: "", ratio: "", budget: formatMs(GRADE_BUDGET_MS) });
  } else {
    status("timing npm run grade");
    const pytest = numpyVersion ? await pytestAnchor() : null;
    await run(grade.cmd, grade.args, { cwd: ROOT, timeoutMs: 120_000 });
    await run(one.cmd, one.args, { cwd: ROOT, timeoutMs: 120_000 });
    const runs: RunResult[] = [];
    const ones: RunResult[] = [];
    const anchors: RunResult[] = [];
    for (let i = 0; i < GRADE_RUNS; i++) {
      runs.push(await run(grade.cmd, grade.args, { cwd: ROOT, timeoutMs: 120_000 }));
      ones.push(await run(one.cmd, one.args, { cwd: ROOT, timeoutMs: 120_000 }));
      if (pytest && !("error" in pytest)) anchors.push(await run(pytest.cmd, pytest.args, { cwd: ROOT, env: pytest.env, timeoutMs: 120_000 }));
    }
    status("");
    const spread = (rs: RunResult[]) => `${formatMs(median(rs.map((r) => r.ms)))} (${formatMs(Math.min(...rs.map((r) => r.ms)))}–${formatMs(Math.max(...rs.map((r) => r.ms)))})`;
    const ms = median(runs.map((r) => r.ms));
    const oneMs = median(ones.map((r) => r.ms));
    const failed = [...runs, ...ones].find((r) => r.code !== 0);
    const anchorFailed = anchors.find((r) => r.code !== 0);
    const anchorMs = anchors.length && !anchorFailed ? median(anchors.map((r) => r.ms)) : NaN;
    const anchorText = !pytest ? "n/a (no python3 with numpy)" : "error" in pytest ? `n/a (${pytest.error})` : anchorFailed ? `n/a (pytest exit ${anchorFailed.code})` : spread(anchors);
    const fasterThanPytest = Number.isFinite(anchorMs) ? (ms < anchorMs ? ", faster than pytest" : ", slower than pytest") : "";
    rows.push({
      section: s3,
      measure: courseSize + (failed ? ` (exit ${failed.code})` : ""),
      ours: spread(runs),
      numpy: anchorText,
      ratio: Number.isFinite(anchorMs) ? `${(ms / anchorMs).toFixed(2)}×` : "",
      budget: `${formatMs(GRADE_GOAL_MS)}${fasterThanPytest}: ${ms <= GRADE_GOAL_MS && (!Number.isFinite(anchorMs) || ms < anchorMs) ? "met" : "not met"}`,
    });
    rows.push({
      section: s3,
      measure: "one exercise (grade 02)",
      ours: spread(ones),
      numpy: "",
      ratio: "",
      budget: `${formatMs(ONE_EXERCISE_GOAL_MS)}: ${oneMs <= ONE_EXERCISE_GOAL_MS ? "met" : "not met"}`,
    });
    conclusions.push(
      `npm run grade takes ${formatMs(ms)} for the whole course: ${(ms / GRADE_BUDGET_MS).toFixed(2)}× DESIGN.md's ${formatMs(GRADE_BUDGET_MS)} budget${ms <= GRADE_BUDGET_MS ? " (within)" : " (over)"}, ` +
        `${(ms / GRADE_GOAL_MS).toFixed(2)}× the ${formatMs(GRADE_GOAL_MS)} goal` +
        (Number.isFinite(anchorMs) ? `, ${(ms / anchorMs).toFixed(2)}× the bare pytest's ${formatMs(anchorMs)}` : "") +
        `; one exercise ${formatMs(oneMs)}. npm's own start-up comes on top.`,
    );
  }

  // 4. watch
  const s4 = `4. watch mode, save → result: a real session on a scratch copy of solutions/, median of ${WATCH_SAVES} saves`;
  if (!existsSync(join(ROOT, "grader", "commands", "watch.ts"))) {
    rows.push({ section: s4, measure: "save → result", ours: "n/a (watch mode not available)", numpy: "", ratio: "", budget: formatMs(WATCH_BUDGET_MS) });
  } else if (o.quick) {
    rows.push({ section: s4, measure: "save → result", ours: "skipped (--quick)", numpy: "", ratio: "", budget: formatMs(WATCH_BUDGET_MS) });
  } else {
    const worst: Record<string, number> = {};
    for (const typeCheck of [false, true]) {
      const budget = typeCheck ? WATCH_BUDGET_MS : WATCH_GOAL_MS;
      const label = typeCheck ? "with the type check" : "without the type check";
      status(`timing watch mode ${label}`);
      const results = await watchLatency(typeCheck);
      status("");
      if ("error" in results) {
        rows.push({ section: s4, measure: `save → result, ${label}`, ours: `n/a (${results.error})`, numpy: "", ratio: "", budget: formatMs(budget) });
        continue;
      }
      const medians = results.map((r) => median(r.latenciesMs));
      results.forEach((r, i) =>
        rows.push({
          section: s4,
          measure: `${r.exercise}, ${label} (re-grade ${formatMs(median(r.gradeMs))})`,
          ours: formatMs(medians[i]!),
          numpy: "",
          ratio: "",
          budget: `${formatMs(budget)}: ${medians[i]! <= budget ? "met" : "not met"}`,
        }),
      );
      worst[label] = Math.max(...medians);
    }
    const parts = Object.entries(worst).map(([label, ms]) => `${formatMs(ms)} ${label} (budget ${formatMs(label.startsWith("with ") ? WATCH_BUDGET_MS : WATCH_GOAL_MS)}${ms <= (label.startsWith("with ") ? WATCH_BUDGET_MS : WATCH_GOAL_MS) ? ", within" : ", over"})`);
    if (parts.length) conclusions.push(`Watch mode shows a saved exercise's result in ${parts.join(" and ")} at worst (medians).`);
  }

  // 5. the capstone
  const train = scriptCommand("train", "node --import tsx grader/cli.ts train", ["--solutions"]);
  const s5 = `5. npm run train -- --solutions, wall time and test accuracy: \`${train.shown}\`, median of ${TRAIN_RUNS}`;
  const capstone = `${DEFAULTS.digits.join(" vs ")}, ${DEFAULTS.layers.join("→")}, ${DEFAULTS.iterations} iterations`;
  const trainBudget = `${TRAIN_BUDGET_MS / 1000} s, ≥ 95%`;
  if (o.quick) {
    rows.push({ section: s5, measure: capstone, ours: "skipped (--quick)", numpy: "", ratio: "", budget: trainBudget });
  } else {
    status("timing npm run train");
    const runs = [];
    for (let i = 0; i < TRAIN_RUNS; i++) runs.push(await run(train.cmd, train.args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" }, timeoutMs: 300_000 }));
    status("");
    const ms = median(runs.map((r) => r.ms));
    const accuracy = (r: { stdout: string }) => Number(/test accuracy\s+([\d.]+)%/.exec(r.stdout)?.[1] ?? NaN);
    const accs = runs.map(accuracy);
    const failed = runs.find((r) => r.code !== 0);
    rows.push({
      section: s5,
      measure: `${capstone}${failed ? ` (exit ${failed.code})` : ""}`,
      ours: `${formatMs(ms)}, test ${median(accs).toFixed(1)}%`,
      numpy: "",
      ratio: "",
      budget: `${trainBudget}: ${(ms / TRAIN_BUDGET_MS).toFixed(2)}×`,
    });
    conclusions.push(
      `The capstone trains in ${(ms / TRAIN_BUDGET_MS).toFixed(2)}× its ${TRAIN_BUDGET_MS / 1000} s budget, start to finish, ` +
        `and reaches ${median(accs).toFixed(1)}% test accuracy (goal: 95%).`,
    );
  }

  return report();
}

/** Runs bench/watch-latency.ts in a child, on a scratch copy of solutions/ with its own state folder. */
async function watchLatency(typeCheck: boolean): Promise<{ exercise: string; latenciesMs: number[]; gradeMs: number[] }[] | { error: string }> {
  const scratch = mkdtempSync(join(tmpdir(), "dnn-bench-watch-"));
  try {
    const dir = join(scratch, "exercises");
    cpSync(join(ROOT, "solutions"), dir, { recursive: true });
    const spec = { dir, exercises: WATCH_EXERCISES, saves: WATCH_SAVES };
    const r = await run(process.execPath, ["--import", "tsx", join(ROOT, "bench", "watch-latency.ts"), JSON.stringify(spec)], {
      cwd: ROOT,
      env: { ...process.env, DNN_WORKBOOK_HOME: scratch, FORCE_COLOR: "0", DNN_WORKBOOK_TYPECHECK: typeCheck ? "1" : "0" },
      timeoutMs: 180_000,
    });
    if (r.code !== 0) return { error: (r.stderr.trim().split("\n").find((l) => /Error/.test(l)) ?? `exit ${r.code}`).slice(0, 100) };
    return (JSON.parse(r.stdout) as { results: { exercise: string; latenciesMs: number[]; gradeMs: number[] }[] }).results;
  } catch (e) {
    return { error: String(e).slice(0, 100) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean" }, np: { type: "boolean" }, dir: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write("Usage: npm run bench [-- --quick] [--np] [--dir DIR] [--json]\n");
    return 0;
  }
  const result = await bench({
    quick: values.quick ?? false,
    npOnly: values.np ?? false,
    dir: values.dir ? resolve(values.dir) : join(ROOT, "solutions"),
    json: values.json ?? false,
    write: (text) => process.stdout.write(text),
    tty: process.stdout.isTTY === true,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
