/**
 * Which pair of digits should the capstone learn? A logistic-regression baseline on every pair.
 *
 *   node --import tsx grader/train/pair-baseline.ts [--iterations 1000] [--lr 0.5] [--seed 1]
 *
 * For each of the 45 pairs: the same balanced, seeded 80/20 split `npm run train` uses, one
 * sigmoid unit on the 784 pixels (w·x + b), full-batch gradient descent from zeros, then train and
 * test accuracy. The pairs a linear model finds hardest are the ones where a deep network has
 * something to show. A development tool (about two minutes), not part of any command or test; its
 * result is written down in args.ts (DEFAULTS) and in `npm run train -- --help`.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadDigits } from "../../lib/datasets/digits.ts";
import type { Digits } from "../../lib/datasets/digits.ts";
import { np } from "../../lib/np/index.ts";
import type { NDArray } from "../../lib/np/index.ts";

export type PairResult = { pair: [number, number]; trainAccuracy: number; testAccuracy: number };

/** Logistic regression by gradient descent; X (784, m) column per example, Y (1, m). */
export function logisticBaseline(d: Digits, iterations: number, lr: number): { trainAccuracy: number; testAccuracy: number } {
  const m = d.Xtrain.shape[1]!;
  const y = d.Ytrain.reshape(m); // (m,), like z
  let w = np.zeros(d.Xtrain.shape[0]!);
  let b = 0;
  const Xt = d.Xtrain.T; // (m, 784), a free view: X.T·w is one matrix-vector product
  for (let i = 0; i < iterations; i++) {
    const z = np.add(np.dot(Xt, w), b);
    const a = np.divide(1, np.add(1, np.exp(np.negative(z))));
    const dz = np.subtract(a, y);
    w = np.subtract(w, np.multiply(lr / m, np.dot(d.Xtrain, dz)));
    b -= (lr / m) * np.sum(dz);
  }
  const accuracy = (X: NDArray, Y: NDArray) => {
    const z = np.dot(X.T, w).data;
    const labels = Y.data;
    let right = 0;
    for (let j = 0; j < labels.length; j++) if ((z[j]! + b > 0 ? 1 : 0) === labels[j]) right++;
    return right / labels.length;
  };
  return { trainAccuracy: accuracy(d.Xtrain, d.Ytrain), testAccuracy: accuracy(d.Xtest, d.Ytest) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: "string" }, lr: { type: "string" }, seed: { type: "string" } } });
  const iterations = Number(values.iterations ?? 1000);
  const lr = Number(values.lr ?? 0.5);
  const seed = Number(values.seed ?? 1);
  const results: PairResult[] = [];
  for (let a = 0; a < 10; a++) {
    for (let b = a + 1; b < 10; b++) {
      const r = logisticBaseline(loadDigits({ digits: [a, b], seed }), iterations, lr);
      results.push({ pair: [a, b], ...r });
      process.stderr.write(`\r${results.length}/45`);
    }
  }
  process.stderr.write("\r");
  results.sort((x, y) => x.testAccuracy - y.testAccuracy);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
  console.log(`Logistic regression, ${iterations} iterations at α = ${lr}, split seed ${seed}; hardest pairs first`);
  console.log("pair    train    test");
  for (const r of results) console.log(`${r.pair[0]} vs ${r.pair[1]}  ${pct(r.trainAccuracy)}  ${pct(r.testAccuracy)}`);
  const tests = results.map((r) => r.testAccuracy).sort((x, y) => x - y);
  console.log(`median test accuracy over the 45 pairs: ${pct((tests[22]!))}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
