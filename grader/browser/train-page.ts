/**
 * The training page: `npm run train` in the browser. The learner's files (as saved by the exercise
 * pages) train `npm run train`'s network on its digits in a Web Worker (./train-worker.ts); the
 * page draws the cost as it falls, then the accuracies and the test digits the network got wrong.
 * The digits come from assets/digits.js (the same split as `npm run train`'s defaults, made at build
 * time), a gzip of pixel values × 1000 that decodes to exactly the doubles Node reads.
 */
import { KEY, store } from "./storage.ts";
import { escapeHtml } from "./report.ts";
import type { TrainMessage, TrainRequest } from "./train-worker.ts";
import { TRAIN_TEXT } from "./text.ts";
import type { Lang } from "./text.ts";

export type DigitsData = {
  /** base64 of a gzip of Uint16 little-endian: Xtrain then Xtest, row-major, pixel × 1000. */
  x: string;
  rows: number;
  mTrain: number;
  mTest: number;
  Ytrain: number[];
  Ytest: number[];
  labels: [number, number];
};

export type TrainPageData = {
  /** Each exercise's stub, by slug, for the files the learner has not written in this browser. */
  stubs: Record<string, string>;
  worker: string;
  defaults: { layers: number[]; lr: number; iterations: number; seed: number };
  /** The exercise that holds trainModel. */
  slug: string;
};

async function decodeDigits(d: DigitsData): Promise<{ train: Float64Array; test: Float64Array }> {
  const bin = atob(d.x);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const raw = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  const view = new DataView(raw.buffer);
  const all = new Float64Array(raw.length / 2);
  for (let i = 0; i < all.length; i++) all[i] = view.getUint16(2 * i, true) / 1000;
  const split = d.rows * d.mTrain;
  return { train: all.slice(0, split), test: all.slice(split) };
}

/** The cost curve as an SVG polyline, axes labelled with the first and last values. */
function chart(points: [number, number][], iterations: number): string {
  const w = 600;
  const h = 220;
  const pad = 36;
  if (!points.length) return "";
  const max = Math.max(...points.map((p) => p[1]));
  const min = Math.min(0, ...points.map((p) => p[1]));
  const x = (i: number) => pad + ((w - 2 * pad) * i) / Math.max(1, iterations - 1);
  const y = (c: number) => h - pad - ((h - 2 * pad) * (c - min)) / Math.max(1e-12, max - min);
  const line = points.map(([i, c]) => `${x(i).toFixed(1)},${y(c).toFixed(1)}`).join(" ");
  return `<svg viewBox="0 0 ${w} ${h}" role="img" aria-hidden="true" class="cost-chart">
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" class="axis"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" class="axis"/>
<text x="${pad - 4}" y="${y(max) + 4}" text-anchor="end">${max.toFixed(2)}</text><text x="${pad - 4}" y="${h - pad + 4}" text-anchor="end">${min.toFixed(1)}</text>
<text x="${pad}" y="${h - pad + 18}">0</text><text x="${w - pad}" y="${h - pad + 18}" text-anchor="end">${iterations}</text>
<polyline points="${line}" class="cost"/></svg>`;
}

function drawDigit(canvas: HTMLCanvasElement, X: Float64Array, rows: number, m: number, j: number): void {
  const side = Math.round(Math.sqrt(rows));
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(side, side);
  for (let p = 0; p < rows; p++) {
    const v = 255 - Math.round(255 * X[p * m + j]!);
    img.data.set([v, v, v, 255], 4 * p);
  }
  ctx.putImageData(img, 0, 0);
}

export function startTrainPage(data: TrainPageData): void {
  const lang = (document.body.dataset.lang === "ko" ? "ko" : "en") as Lang;
  const t = TRAIN_TEXT[lang];
  const $ = <T extends HTMLElement>(s: string) => document.querySelector<T>(s)!;
  const digits = (globalThis as { DNN_DIGITS?: DigitsData }).DNN_DIGITS;
  const status = $(".train-status");
  const chartBox = $(".chart");
  const result = $(".train-result");
  const wrong = $(".misclassified");
  const button = $<HTMLButtonElement>("[data-testid=train]");
  const stop = $<HTMLButtonElement>(".stop-button");
  const lrInput = $<HTMLInputElement>("#lr");
  const itInput = $<HTMLInputElement>("#iterations");
  lrInput.value = String(data.defaults.lr);
  itInput.value = String(data.defaults.iterations);
  if (!digits) {
    status.textContent = t.noDigits;
    return;
  }
  $(".train-data").textContent = t.data(digits.mTrain, digits.mTest, digits.labels, data.defaults.layers);
  const workerUrl = URL.createObjectURL(new Blob([data.worker], { type: "text/javascript" }));
  let worker: Worker | undefined;
  const decoded = decodeDigits(digits);

  const finish = () => {
    worker?.terminate();
    worker = undefined;
    button.disabled = false;
    stop.hidden = true;
  };
  stop.addEventListener("click", () => {
    finish();
    status.textContent = t.stopped;
    delete document.body.dataset.trained;
  });

  button.addEventListener("click", async () => {
    finish();
    delete document.body.dataset.trained;
    const lr = Number(lrInput.value);
    const iterations = Math.round(Number(itInput.value));
    if (!(lr > 0) || !(iterations >= 1 && iterations <= 5000)) {
      status.textContent = t.badInput;
      return;
    }
    button.disabled = true;
    stop.hidden = false;
    result.innerHTML = "";
    wrong.innerHTML = "";
    chartBox.innerHTML = "";
    status.textContent = t.starting;
    const X = await decoded;
    const files: Record<string, string> = {};
    for (const [slug, stub] of Object.entries(data.stubs)) files[`${slug}.ts`] = store.get(KEY.code(slug)) ?? stub;
    const points: [number, number][] = [];
    let drawn = 0;
    worker = new Worker(workerUrl, { name: "dnn-workbook training" });
    worker.addEventListener("message", (e: MessageEvent<TrainMessage>) => {
      const m = e.data;
      if (m.kind === "cost") {
        points.push([m.i, m.cost]);
        status.textContent = t.progress(m.i + 1, iterations, m.cost);
        const now = performance.now();
        if (now - drawn > 100) {
          drawn = now;
          chartBox.innerHTML = chart(points, iterations);
        }
      } else if (m.kind === "done") {
        chartBox.innerHTML = chart(points, iterations);
        status.textContent = t.done(m.ms);
        result.innerHTML = `<p>${escapeHtml(t.accuracy(m.trainAccuracy, m.testAccuracy))}</p>`;
        const misses: number[] = [];
        for (let j = 0; j < digits.Ytest.length; j++) if ((m.testPredictions[j]! > 0.5 ? 1 : 0) !== digits.Ytest[j]) misses.push(j);
        wrong.innerHTML = `<h2>${escapeHtml(t.wrong(misses.length, digits.Ytest.length))}</h2><ul class="digits"></ul>`;
        const list = wrong.querySelector("ul")!;
        for (const j of misses.slice(0, 48)) {
          const li = document.createElement("li");
          const canvas = document.createElement("canvas");
          drawDigit(canvas, X.test, digits.rows, digits.mTest, j);
          const truth = digits.labels[digits.Ytest[j]!]!;
          const guess = digits.labels[m.testPredictions[j]! > 0.5 ? 1 : 0]!;
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", t.digit(truth, guess));
          li.append(canvas, Object.assign(document.createElement("span"), { textContent: `${truth} → ${guess}` }));
          list.append(li);
        }
        document.body.dataset.trained = String(m.testAccuracy);
        finish();
      } else {
        status.textContent = "";
        const link = m.unfinished ? ` <a href="${escapeHtml(m.unfinished)}.html">${escapeHtml(t.open(m.unfinished))}</a>` : "";
        result.innerHTML = `<p class="message error">${escapeHtml(m.message)}${link}</p>`;
        document.body.dataset.trained = "problem";
        finish();
      }
    });
    const request: TrainRequest = {
      files,
      slug: data.slug,
      X: { train: X.train.slice(), test: X.test.slice() },
      Y: { train: Float64Array.from(digits.Ytrain), test: Float64Array.from(digits.Ytest) },
      layers: data.defaults.layers,
      learningRate: lr,
      iterations,
      seed: data.defaults.seed,
    };
    worker.postMessage(request, [request.X.train.buffer, request.X.test.buffer]);
  });
  document.body.dataset.ready = "true";
}
