/**
 * `npm run train -- [options]`: the options, their defaults, validation and help text.
 */
import { parseArgs } from "node:util";
import { UsageError } from "../exercises.ts";
import { PIXELS } from "../../lib/datasets/digits.ts";
import { MAX_SERIES } from "./chart.ts";

/**
 * The defaults, tuned to reach ≥ 95% test accuracy well within 30 s on a 2-core machine.
 *
 * The pair. A logistic-regression baseline (pair-baseline.ts: one sigmoid unit on the pixels,
 * full-batch gradient descent, the same balanced 80/20 split with seed 1) separates most pairs of
 * MNIST digits almost perfectly: the median over the 45 pairs is 99.0% test accuracy. 3 vs 5 is
 * its hardest pair: 95.1% test after 1,000 iterations (99.0% train), 94.5–95.4% for 150 to 1,000
 * iterations at α = 0.1 or 0.5 — it plateaus there. The two digits share their lower half and
 * differ in where the upper stroke turns, which no single weighted sum of pixels captures for
 * every hand. (Next hardest: 7 vs 9 95.9%, 2 vs 8 96.0%, 3 vs 9 96.2%, 5 vs 8 96.5%, 3 vs 8 97.1%.)
 * So the deep network has something to show: 96.8% with the defaults. 5 is also the rarest digit
 * in the package (863 images), so the task is the smallest of the hard ones and fast to train.
 *
 * The initialization. The course's randn·0.01 leaves a 4-layer ReLU network on 784 inputs on a
 * plateau for hundreds of iterations (the output stays at 0.5). He scaling, randn·√(2/n[l-1]),
 * keeps each layer's activations at the same variance, and gradient descent moves from the first
 * step. Xavier's randn/√n[l-1] was tried too: at α = 0.3 its cost spiked more often.
 *
 * The rate and the length. A default must show what lesson 06 calls "about right": a cost that
 * falls quickly and smoothly. Counting the iterations where the cost rose (full-batch gradient
 * descent, reference solutions, 300 iterations, seeds 1–4 of split and initial weights):
 * α = 0.05 never rises on any seed; α = 0.07 rises 14 times on seed 4 (by up to 47%); α = 0.1
 * rises 10 times on seed 1 (up to +102%); α = 0.15 17 times; α = 0.2 35 times (up to +240%); the
 * old default α = 0.3 spiked from 0.31 to 0.82 — the "α too large" symptom. With α = 0.05 the
 * cost goes 0.69 → 0.06 on seed 1 and test accuracy is 96.8% (95.4–96.8% on seeds 1–4; 400
 * iterations add little: 95.9% on seed 3). 300 iterations of this network on 1,380 digits take
 * about 8.5 s here (np.dot is ~96% of it: see npm run bench).
 *
 * The sweep's rates show the three behaviours in one chart: 0.01 too slow for 300 iterations,
 * 0.05 smooth, 0.1 and 0.3 overshooting (its recommendation is the smoothest curve, then the
 * lowest final cost: see recommendRate).
 */
export const DEFAULTS = {
  digits: [3, 5] as [number, number],
  layers: [PIXELS, 20, 7, 5, 1],
  lr: 0.05,
  iterations: 300,
  seed: 1,
  testFraction: 0.2,
  sweep: [0.01, 0.05, 0.1, 0.3],
} as const;

export type TrainArgs = {
  help: boolean;
  /** Train with the reference solutions instead of exercises/. */
  solutions: boolean;
  /** Another folder of exercise files (a learner's copy, a submission). */
  dir?: string;
  digits: [number, number];
  layers: number[];
  lr: number;
  iterations: number;
  seed: number;
  /** Learning rates to compare, or null for a single run. */
  sweep: number[] | null;
  /** How many misclassified test digits to draw. */
  show: number;
  /** Train even when the exercises training builds on do not pass. */
  force: boolean;
};

export const HELP = `Usage: npm run train -- [options]

Trains your L-layer network (exercises/10_train.ts: trainModel and predict, on top of your
modelForward, computeCost, modelBackward and updateParameters) on real handwritten digits from
the mnist package, then shows the cost curve, the accuracy, and test digits it got wrong.

The task: tell ${DEFAULTS.digits[0]}s from ${DEFAULTS.digits[1]}s. Of the 45 pairs of digits, this is the one a logistic
regression (a single sigmoid unit on the pixels) finds hardest: it stalls at 95% test accuracy,
where the median pair gets 99%. Your deep network should do better. The two digits are balanced
(863 of each), pixels are in [0, 1], and a seeded 80/20 split keeps 346 digits for testing.
Training is full-batch gradient descent, exactly as your trainModel does it, from He-scaled
initial weights (randn·√(2/n[l-1]), seeded) instead of randn·0.01, which would leave this deep
network stuck on a plateau for hundreds of iterations.

Options
  --lr RATE            learning rate α (default ${DEFAULTS.lr})
  --iterations N       gradient descent steps (default ${DEFAULTS.iterations})
  --layers LIST        units per layer, n[0] … n[L] (default ${DEFAULTS.layers.join(",")});
                       n[0] must be ${PIXELS} (28×28 pixels), n[L] must be 1 (one sigmoid unit)
  --sweep [RATES]      train once per learning rate and draw the cost curves together
                       (default rates ${DEFAULTS.sweep.join(",")}; at most ${MAX_SERIES})
  --seed N             seed of the train/test split and of the initial weights (default ${DEFAULTS.seed})
  --digits A,B         another pair of digits, e.g. 4,9 (labels: A → 0, B → 1)
  --show N             misclassified test digits to draw (default 4, 0 for none)
  --solutions          train with the reference solutions (solutions/) to see the goal
  --dir DIR            train with the exercise files in DIR (beside exercises/, as
                       their imports of ../lib/ expect)
  --force              train even when exercises it builds on fail their checks (training
                       first grades them, and stops at the first that does not pass)
  -h, --help           this text

Examples
  npm run train
  npm run train -- --solutions
  npm run train -- --lr 0.1 --iterations 300 --layers 784,32,8,1
  npm run train -- --sweep 0.01,0.1,0.3
`;

const NUMBER = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^\d+$/;

function parseRate(text: string, what: string): number {
  const v = Number(text);
  if (!NUMBER.test(text.trim()) || !Number.isFinite(v) || v <= 0) {
    throw new UsageError(`${what} must be a positive number such as 0.1, not "${text}".`);
  }
  if (v > 100) throw new UsageError(`${what} ${text} is far too large: gradient descent would diverge. Try a value between 0.001 and 1.`);
  return v;
}

function parseWhole(text: string, what: string, min: number, max: number): number {
  const v = Number(text);
  if (!INTEGER.test(text.trim()) || v < min || v > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return v;
}

export function parseLayers(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((p) => !INTEGER.test(p) || Number(p) < 1)) {
    throw new UsageError(`--layers takes the units of every layer as positive whole numbers separated by commas, e.g. ${DEFAULTS.layers.join(",")}; got "${text}".`);
  }
  const dims = parts.map(Number);
  if (dims.length < 2) throw new UsageError(`--layers needs at least an input and an output layer, e.g. ${PIXELS},1 (logistic regression); got "${text}".`);
  if (dims[0] !== PIXELS) {
    throw new UsageError(`--layers must start with n[0] = ${PIXELS}: each input is a 28×28 image, ${PIXELS} pixels. Got n[0] = ${dims[0]}.`);
  }
  if (dims[dims.length - 1] !== 1) {
    throw new UsageError(`--layers must end with n[L] = 1: the output is one sigmoid unit, the probability that y = 1. Got n[L] = ${dims[dims.length - 1]}.`);
  }
  if (dims.length > 12) throw new UsageError(`--layers: ${dims.length - 1} layers is more than this command trains (at most 11).`);
  const wide = dims.slice(1).find((d) => d > 1024);
  if (wide !== undefined) throw new UsageError(`--layers: a layer of ${wide} units would take minutes per iteration; use at most 1024.`);
  return dims;
}

function parseDigits(text: string): [number, number] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => !/^\d$/.test(p))) {
    throw new UsageError(`--digits takes two digits separated by a comma, e.g. 4,9; got "${text}".`);
  }
  const [a, b] = parts.map(Number) as [number, number];
  if (a === b) throw new UsageError(`--digits needs two different digits, got ${a} twice.`);
  return [a, b];
}

function parseSweep(text: string): number[] {
  if (text === "") return [...DEFAULTS.sweep];
  const rates = text.split(",").map((s, k) => parseRate(s.trim(), `--sweep rate ${k + 1}`));
  if (rates.length > MAX_SERIES) throw new UsageError(`--sweep compares at most ${MAX_SERIES} learning rates, got ${rates.length}.`);
  if (new Set(rates).size !== rates.length) throw new UsageError(`--sweep lists a learning rate twice: "${text}".`);
  return rates;
}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  solutions: { type: "boolean" },
  dir: { type: "string" },
  lr: { type: "string" },
  iterations: { type: "string" },
  layers: { type: "string" },
  sweep: { type: "string" },
  seed: { type: "string" },
  digits: { type: "string" },
  show: { type: "string" },
  force: { type: "boolean" },
} as const;

const VALUE_OPTIONS = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === "string").map(([name]) => `--${name}`));

/** Parses and validates; throws UsageError with a message for the learner. */
export function parseTrainArgs(argv: readonly string[]): TrainArgs {
  // --sweep takes an optional list: a bare --sweep (last, or followed by another option) means
  // the default rates. parseArgs has no optional values, so give it an explicit empty one.
  const args: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const next = argv[k + 1];
    if (a === "--sweep" && (next === undefined || next.startsWith("-"))) args.push("--sweep=");
    // "--lr -1": give the value to the option, so that the check below explains what is wrong with it.
    else if (VALUE_OPTIONS.has(a) && next !== undefined && /^-[\d.]/.test(next)) args.push(`${a}=${argv[++k]}`);
    else args.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nSee npm run train -- --help`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new UsageError(`train takes options only, not "${positionals.join(" ")}". Did you mean --${positionals[0]}? See npm run train -- --help`);
  }
  if (values.solutions && values.dir) throw new UsageError("Use either --solutions or --dir, not both.");
  if (values.sweep !== undefined && values.lr !== undefined) {
    throw new UsageError("--sweep chooses the learning rates itself; give them as --sweep 0.01,0.1 instead of --lr.");
  }
  return {
    help: values.help ?? false,
    solutions: values.solutions ?? false,
    dir: values.dir,
    digits: values.digits === undefined ? [...DEFAULTS.digits] : parseDigits(values.digits),
    layers: values.layers === undefined ? [...DEFAULTS.layers] : parseLayers(values.layers),
    lr: values.lr === undefined ? DEFAULTS.lr : parseRate(values.lr, "--lr"),
    iterations: values.iterations === undefined ? DEFAULTS.iterations : parseWhole(values.iterations, "--iterations", 1, 100_000),
    seed: values.seed === undefined ? DEFAULTS.seed : parseWhole(values.seed, "--seed", 0, 2 ** 32 - 1),
    sweep: values.sweep === undefined ? null : parseSweep(values.sweep),
    show: values.show === undefined ? 4 : parseWhole(values.show, "--show", 0, 20),
    force: values.force ?? false,
  };
}
