/**
 * `npm run train`: the capstone. The learner's own L-layer network (exercise 10's trainModel and
 * predict, on top of exercises 01–09) learns to tell two handwritten digits apart.
 *
 * Loads the digits, trains with a live progress line, then shows the cost curve, train and test
 * accuracy, the time per iteration, and test digits the network got wrong. `--sweep` trains once
 * per learning rate and compares the cost curves in one chart.
 */
import { join, resolve } from "node:path";
import chalk, { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import { IMAGE_SIZE, imageOf, loadDigits } from "../../lib/datasets/digits.ts";
import type { Digits } from "../../lib/datasets/digits.ts";
import type { NDArray } from "../../lib/np/index.ts";
import { ROOT } from "../exercises.ts";
import { HELP, parseTrainArgs } from "./args.ts";
import type { TrainArgs } from "./args.ts";
import { legend, lineChart, seriesColor } from "./chart.ts";
import type { Point, Series } from "./chart.ts";
import { renderDigit, tileRow } from "./digit-art.ts";
import { copyParams, heInitialization, sliceColumns } from "./init.ts";
import { gradeBeforeTraining } from "./gate.ts";
import { workbookSeed } from "../progress.ts";
import { TrainProblem, describeError, isNotImplemented, loadTrainFunctions, notFinishedMessage } from "./learner.ts";
import type { Params, TrainFunctions } from "./learner.ts";
import { Progress, formatSeconds } from "./progress.ts";

export type TrainIO = {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  /** Colours on or off; default: chalk's detection for stdout, off when NO_COLOR is set. */
  color?: boolean;
};

/** One finished training run. */
export type RunResult = {
  lr: number;
  costs: Point[];
  params: Params;
  trainAccuracy: number;
  testAccuracy: number;
  testPredictions: Float64Array;
  trainMs: number;
};

const SOLUTIONS_HINT = "\nTo watch the reference solutions train meanwhile: npm run train -- --solutions";

function defaultColor(): boolean {
  const noColor = process.env.NO_COLOR;
  return chalk.level > 0 && (noColor === undefined || noColor === "");
}

export async function trainCommand(argv: string[], io: TrainIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const args = parseTrainArgs(argv);
  const out = (text = "") => io.stdout.write(`${text}\n`);
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const color = io.color ?? defaultColor();
  const c = new Chalk({ level: color ? 1 : 0 });
  const tty = io.stdout.isTTY === true;
  const width = Math.max(40, Math.min(io.stdout.columns || 80, 100));
  const dir = args.dir ? resolve(args.dir) : join(ROOT, args.solutions ? "solutions" : "exercises");
  const hint = args.solutions || args.dir ? "" : SOLUTIONS_HINT;

  try {
    if (!args.solutions && !args.force) {
      // Grade first: a failing exercise is named where it is, not as a bad cost curve.
      const gate = await gradeBeforeTraining(dir, workbookSeed());
      if (!gate.ok) throw new TrainProblem(gate.message + hint);
    }
    const fns = await loadTrainFunctions(dir, hint);
    const t0 = performance.now();
    const data = loadDigits({ digits: args.digits, seed: args.seed });
    const loadMs = performance.now() - t0;
    const [mTrain, mTest] = [data.Xtrain.shape[1]!, data.Xtest.shape[1]!];
    const [a, b] = data.labels;

    checkRuns(fns, data, args, dir, hint);

    const rates = args.sweep ?? [args.lr];
    out(c.bold(`Training your network to tell ${a}s from ${b}s`) + c.dim(`  (${fns.file})`));
    out(`  data      ${mTrain} training and ${mTest} test digits, half ${a}s, half ${b}s (y = 1 for a ${b})`);
    out(`            28×28 pixels in [0, 1], split with seed ${args.seed}, ${c.dim(`loaded in ${Math.round(loadMs)} ms`)}`);
    out(`  network   ${args.layers.join(" → ")}, ReLU then sigmoid, He-scaled initial weights`);
    out(`  training  ${args.iterations} iterations of full-batch gradient descent, ${args.sweep ? `learning rates ${rates.join(", ")}` : `learning rate ${args.lr}`}`);
    out();

    const runs: RunResult[] = [];
    for (const lr of rates) {
      const progress = new Progress({
        total: args.iterations,
        tty,
        width,
        color,
        label: args.sweep ? `α=${lr}`.padEnd(3 + Math.max(...rates.map((r) => String(r).length))) : undefined,
        write: (text) => io.stdout.write(text),
      });
      runs.push(trainOnce(fns, data, args, lr, progress, dir, hint));
    }
    out();
    if (args.sweep) reportSweep(runs, args, { width, color, c, out });
    else reportRun(runs[0]!, data, args, { width, color, c, out });
    return 0;
  } catch (error) {
    if (error instanceof TrainProblem) {
      io.stderr.write(`${c.red("✘")} ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Calls the learner's code, turning its failures into TrainProblems that name the exercise. */
function guarded<T>(what: string, dir: string, hint: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (isNotImplemented(error)) throw new TrainProblem(notFinishedMessage(error, dir, hint));
    throw new TrainProblem(`${what} failed: ${describeError(error, dir)}\nnpm run grade checks each exercise and points at the mistake.${hint}`);
  }
}

/**
 * A dry run on 8 digits and 1 iteration, before anything is printed: an unfinished exercise or a
 * crash is reported alone, at once, and predict is known to work before a long training.
 */
function checkRuns(fns: TrainFunctions, data: Digits, args: TrainArgs, dir: string, hint: string): void {
  const X = sliceColumns(data.Xtrain, 0, 8);
  const Y = sliceColumns(data.Ytrain, 0, 8);
  const params = heInitialization(args.layers, args.seed);
  const result = guarded("trainModel", dir, hint, () => fns.trainModel(X, Y, [...args.layers], { learningRate: args.sweep?.[0] ?? args.lr, iterations: 1, params: copyParams(params), costEvery: 1 }));
  if (!result || typeof result !== "object" || !result.params || typeof result.params !== "object") {
    throw new TrainProblem(`trainModel should return { params, costs }, but it returned ${describe(result)}.${hint}`);
  }
  checkPredictions(guarded("predict", dir, hint, () => fns.predict(X, result.params)), 8, hint);
}

function describe(x: unknown): string {
  if (x === undefined || x === null) return String(x);
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? `an object with keys ${Object.keys(x).join(", ") || "(none)"}` : `a ${typeof x}`;
}

function checkPredictions(p: NDArray, m: number, hint: string): Float64Array {
  const shape = (p as { shape?: unknown })?.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || shape[0] !== 1 || shape[1] !== m) {
    throw new TrainProblem(`predict should return a (1, m) row of 0s and 1s, here (1, ${m}), but it returned ${Array.isArray(shape) ? `shape (${shape.join(", ")})` : describe(p)}.${hint}`);
  }
  return p.data;
}

function trainOnce(fns: TrainFunctions, data: Digits, args: TrainArgs, lr: number, progress: Progress, dir: string, hint: string): RunResult {
  const costs: Point[] = [];
  const costEvery = Math.max(1, Math.ceil(args.iterations / 150));
  const params = heInitialization(args.layers, args.seed);
  const t0 = performance.now();
  const result = guarded("trainModel", dir, hint, () =>
    fns.trainModel(data.Xtrain, data.Ytrain, [...args.layers], {
      learningRate: lr,
      iterations: args.iterations,
      params,
      costEvery,
      onIteration: (i, cost) => {
        if (costs.length === 0 || costs[costs.length - 1]![0] !== i) costs.push([i, cost]);
        progress.update(i, cost);
      },
    }),
  );
  const trainMs = performance.now() - t0;
  progress.update(args.iterations - 1);
  progress.finish();
  if (costs.length === 0 && Array.isArray(result?.costs)) {
    // No onIteration calls: fall back to the returned costs, one per costEvery iterations.
    result.costs.forEach((cost, k) => costs.push([k * costEvery, cost]));
  }
  const mTrain = data.Xtrain.shape[1]!;
  const mTest = data.Xtest.shape[1]!;
  const trainPred = checkPredictions(guarded("predict", dir, hint, () => fns.predict(data.Xtrain, result.params)), mTrain, hint);
  const testPred = checkPredictions(guarded("predict", dir, hint, () => fns.predict(data.Xtest, result.params)), mTest, hint);
  return {
    lr,
    costs,
    params: result.params,
    trainAccuracy: accuracy(trainPred, data.Ytrain.data),
    testAccuracy: accuracy(testPred, data.Ytest.data),
    testPredictions: testPred,
    trainMs,
  };
}

/** A rise of the cost by more than this fraction of its previous value counts as a spike. */
export const RISE_TOLERANCE = 1e-3;

/** How many times a cost curve goes up between two recorded points (a smooth curve never does). */
export function costRises(costs: readonly Point[]): number {
  let rises = 0;
  for (let k = 1; k < costs.length; k++) {
    const [prev, next] = [costs[k - 1]![1], costs[k]![1]];
    if (!Number.isFinite(next) || next > prev * (1 + RISE_TOLERANCE)) rises++;
  }
  return rises;
}

/**
 * The sweep's recommendation: the smoothest curve (fewest rises; a cost that became NaN or
 * Infinity is never smooth), and among equally smooth ones the lowest final cost. The test set
 * plays no part: choosing on it would tune the hyperparameters to the test set.
 */
export function recommendRate<R extends { costs: Point[] }>(runs: readonly R[]): R {
  const final = (r: R) => {
    const last = r.costs.at(-1)?.[1];
    return last !== undefined && Number.isFinite(last) ? last : Infinity;
  };
  const broken = (r: R) => r.costs.some(([, y]) => !Number.isFinite(y));
  const key = (r: R): [number, number, number] => [broken(r) ? 1 : 0, costRises(r.costs), final(r)];
  return runs.reduce((x, y) => {
    const [a, b] = [key(x), key(y)];
    for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return b[k]! < a[k]! ? y : x;
    return x;
  });
}

/** Share of predictions equal to the labels (a prediction counts as 1 when above 0.5). */
export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if ((pred[i]! > 0.5 ? 1 : 0) === labels[i]) right++;
  return labels.length ? right / labels.length : 0;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

type Printer = { width: number; color: boolean; c: ChalkInstance; out: (text?: string) => void };

/** Plain text broken into lines of at most `width` columns, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function nanNote(costs: readonly Point[], who = "The cost"): string | null {
  const bad = costs.find(([, y]) => !Number.isFinite(y));
  if (!bad) return null;
  return (
    `${who} became ${bad[1]} at iteration ${bad[0]}: the learning rate is too large (the steps overshoot) ` +
    `or the sigmoid saturated at exactly 0 or 1, where log(0) = -Infinity. Try a smaller --lr.`
  );
}

function reportRun(run: RunResult, data: Digits, args: TrainArgs, p: Printer): void {
  const { c, out, width, color } = p;
  out(c.bold("Cost"));
  const finite = run.costs.filter(([, y]) => Number.isFinite(y));
  if (finite.length > 0) for (const line of lineChart([{ name: "cost", points: run.costs }], { width: width - 2, height: 10, color, xLabel: "iteration" })) out(`  ${line}`);
  const note = nanNote(run.costs);
  if (note) for (const line of wrap(note, width - 2)) out(`  ${c.yellow(line)}`);
  out();

  const goal = run.testAccuracy >= 0.95;
  out(`  train accuracy  ${c.bold(pct(run.trainAccuracy))}`);
  out(`  test accuracy   ${c.bold[goal ? "green" : "yellow"](pct(run.testAccuracy))}  ${c.dim(`on ${data.Xtest.shape[1]} digits it never saw`)}`);
  const perIter = run.trainMs / args.iterations;
  out(`  time            ${formatSeconds(run.trainMs)} training, ${perIter.toFixed(perIter < 10 ? 1 : 0)} ms per iteration`);
  out(`                  ${formatSeconds(process.uptime() * 1000)} in total, from start to here`);
  if (!goal && Number.isFinite(run.costs.at(-1)?.[1] ?? NaN)) {
    for (const line of wrap("Below 95% on the test set: try more --iterations, another --lr, or --sweep to compare learning rates.", width - 2)) out(`  ${c.yellow(line)}`);
  }

  const wrong: number[] = [];
  const Y = data.Ytest.data;
  for (let j = 0; j < Y.length; j++) if ((run.testPredictions[j]! > 0.5 ? 1 : 0) !== Y[j]) wrong.push(j);
  if (args.show > 0 && wrong.length > 0) {
    out();
    out(c.bold(`Test digits it got wrong`) + c.dim(`  (${Math.min(args.show, wrong.length)} of ${wrong.length})`));
    out();
    const [a, b] = data.labels;
    const tiles = wrong.slice(0, args.show).map((j) => ({
      lines: renderDigit(imageOf(data.Xtest, j), { width: IMAGE_SIZE, height: IMAGE_SIZE, color }),
      caption: `a ${Y[j] ? b : a}, predicted ${Y[j] ? a : b}`,
    }));
    for (const line of tileRow(tiles, IMAGE_SIZE, width - 2)) out(`  ${line}`);
  }
}

function reportSweep(runs: RunResult[], args: TrainArgs, p: Printer): void {
  const { c, out, width, color } = p;
  out(c.bold("Cost for each learning rate"));
  const series: Series[] = runs.map((r) => ({ name: `α = ${r.lr}`, points: r.costs }));
  if (series.some((s) => s.points.some(([, y]) => Number.isFinite(y)))) {
    for (const line of lineChart(series, { width: width - 2, height: 12, color, xLabel: "iteration" })) out(`  ${line}`);
    for (const line of legend(series, { width: width - 2, color })) out(line);
  }
  out();
  const best = recommendRate(runs);
  const rows = runs.map((r, k) => {
    const last = r.costs.at(-1)?.[1];
    const rises = costRises(r.costs);
    return [seriesColor(k, c)(`α = ${r.lr}`), last === undefined ? "—" : Number.isFinite(last) ? last.toFixed(4) : String(last), Number.isFinite(last ?? NaN) ? String(rises) : "—", pct(r.trainAccuracy), pct(r.testAccuracy), formatSeconds(r.trainMs)];
  });
  const head = ["learning rate", "final cost", "rises", "train", "test", "time"];
  const plainWidth = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => plainWidth(r[k]!))));
  const fmt = (cells: string[]) => "  " + cells.map((cell, k) => (k === 0 ? cell + " ".repeat(widths[k]! - plainWidth(cell)) : " ".repeat(widths[k]! - plainWidth(cell)) + cell)).join("   ");
  out(c.dim(fmt(head)));
  rows.forEach((r, k) => out(fmt(r) + (runs[k] === best ? c.green("  ← recommended") : "")));
  for (const r of runs) {
    const note = nanNote(r.costs, `With α = ${r.lr} the cost`);
    if (note) for (const line of wrap(note, width - 2)) out(`  ${c.yellow(line)}`);
  }
  out();
  const advice =
    `"rises" counts the steps where the cost went up. Too small a rate barely moves in ${args.iterations} iterations; ` +
    `too large a one overshoots and the cost jumps. The recommended rate is the one whose curve falls lowest ` +
    `while staying smooth (fewest rises first, then lowest final cost) — not the best test accuracy, which is for the very end.`;
  for (const line of wrap(advice, width - 2)) out(`  ${c.dim(line)}`);
}
