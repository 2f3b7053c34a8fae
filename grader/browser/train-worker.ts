/**
 * Training in a Web Worker: `npm run train`'s capstone with the learner's own functions all the
 * way (exercise 10's trainModel, and the learner's 01–09 it imports), on the digits the page hands
 * over, He-scaled initial weights from the same seed (grader/train/init.ts). It reports the cost as
 * it goes, then the accuracies and the test predictions; the page draws them.
 */
import { NDArray } from "../../lib/np/index.ts";
import { isNotImplemented } from "../../lib/workbook.ts";
import { copyParams, heInitialization, sliceColumns } from "../train/init.ts";
import type { TrainFunctions } from "../train/learner.ts";
import { LEARNER_DIR } from "./locate.ts";
import { loadLearnerModule } from "./module-loader.ts";

export type TrainRequest = {
  files: Record<string, string>;
  /** The exercise that holds trainModel and predict ("10_train"). */
  slug: string;
  X: { train: Float64Array; test: Float64Array };
  Y: { train: Float64Array; test: Float64Array };
  layers: number[];
  learningRate: number;
  iterations: number;
  seed: number;
};

export type TrainMessage =
  | { kind: "cost"; i: number; cost: number }
  | { kind: "done"; trainAccuracy: number; testAccuracy: number; testPredictions: Float64Array; ms: number }
  | { kind: "problem"; message: string; unfinished?: string };

function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if ((pred[i]! > 0.5 ? 1 : 0) === labels[i]) right++;
  return labels.length ? right / labels.length : 0;
}

/** The learner's exercise a stack points at ("/exercises/08_model_backward.ts:31"). */
function exerciseIn(stack: string): string | undefined {
  return new RegExp(`${LEARNER_DIR}/(\\d{2}_[a-z0-9_]+)\\.ts:\\d+`).exec(stack)?.[1];
}

export function startTrainWorker(lib: Record<string, Record<string, unknown>>): void {
  const post = (m: TrainMessage) => (globalThis as unknown as { postMessage(m: unknown): void }).postMessage(m);
  addEventListener("message", (e) => {
    const r = (e as MessageEvent).data as TrainRequest;
    const rows = r.layers[0]!;
    const X = new NDArray(r.X.train, [rows, r.X.train.length / rows]);
    const Xtest = new NDArray(r.X.test, [rows, r.X.test.length / rows]);
    const Y = new NDArray(r.Y.train, [1, r.Y.train.length]);
    let what = "loading your code";
    try {
      const mod = loadLearnerModule(`${LEARNER_DIR}/${r.slug}.ts`, { files: r.files, lib, exercise: () => undefined });
      const fns = mod as unknown as TrainFunctions;
      if (typeof fns.trainModel !== "function" || typeof fns.predict !== "function") {
        post({ kind: "problem", message: `exercises/${r.slug}.ts does not export trainModel and predict.` });
        return;
      }
      // A dry run on 8 digits and 1 iteration, as npm run train does: a problem shows at once.
      what = "trainModel";
      const params = heInitialization(r.layers, r.seed);
      const dry = fns.trainModel(sliceColumns(X, 0, 8), sliceColumns(Y, 0, 8), r.layers, { learningRate: r.learningRate, iterations: 1, params: copyParams(params), costEvery: 1 });
      if (!dry || typeof dry !== "object" || !dry.params) throw new Error("trainModel should return { params, costs }");
      const costEvery = Math.max(1, Math.ceil(r.iterations / 150));
      const t0 = performance.now();
      const result = fns.trainModel(X, Y, r.layers, {
        learningRate: r.learningRate,
        iterations: r.iterations,
        params,
        costEvery,
        onIteration: (i, cost) => post({ kind: "cost", i, cost }),
      });
      const ms = performance.now() - t0;
      what = "predict";
      const trainPred = fns.predict(X, result.params).data;
      const testPred = Float64Array.from(fns.predict(Xtest, result.params).data);
      post({ kind: "done", trainAccuracy: accuracy(trainPred, r.Y.train), testAccuracy: accuracy(testPred, r.Y.test), testPredictions: testPred, ms });
    } catch (error) {
      const stack = String((error as { stack?: unknown })?.stack ?? "");
      const unfinished = exerciseIn(stack);
      if (isNotImplemented(error)) {
        post({ kind: "problem", message: `${unfinished ? `exercises/${unfinished}.ts` : "An exercise"} is not finished yet: training uses your own functions, so every exercise it needs must pass first.`, unfinished });
      } else {
        const e = error as { name?: unknown; message?: unknown };
        const line = /\/exercises\/(\d{2}_[a-z0-9_]+\.ts):(\d+)/.exec(stack);
        post({ kind: "problem", message: `${what} failed: ${String(e?.name ?? "Error")}: ${String(e?.message ?? error)}${line ? ` (exercises/${line[1]}:${line[2]})` : ""}. Grade that exercise: the report points at the mistake.`, unfinished });
      }
    }
  });
}
