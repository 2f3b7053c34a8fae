/**
 * Builds the book's exercise pages: `<lang>/exercises/NN_name.html` for every exercise and
 * language, an index per language, and two bundles made with esbuild at build time (nothing is
 * fetched when a page runs):
 *
 *   assets/exercise.js   the page: CodeMirror, the judge with every spec, reference solution and
 *                        reference output (the reference solutions are in it: anyone can read them),
 *                        and the executor's script as a string, started as a Web Worker from a blob:
 *                        URL (which also works where a page opened from file:// may not load a
 *                        worker script by URL);
 *   assets/exercise.css  the page's styles, on top of the book's;
 *   assets/train.js      the training page: the learner's own functions in a worker;
 *   assets/digits.js     `npm run train`'s digits, split as its defaults split them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { stubFromSolution } from "../authoring/stub.ts";
import { ROOT, listExercises } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { LANGS, listLessons } from "../lessons/lessons.ts";
import { loadDigits } from "../../lib/datasets/digits.ts";
import { DEFAULTS } from "../train/args.ts";
import { trainExercise } from "../train/learner.ts";
import { escapeHtml } from "./report.ts";
import type { DigitsData } from "./train-page.ts";
import { TEXT, TRAIN_TEXT } from "./text.ts";
import type { Lang } from "./text.ts";

export type ExercisePagesResult = { pages: string[]; bytes: { page: number; executor: number; css: number; train: number; digits: number } };

const HERE = join(ROOT, "grader", "browser");
const path = (p: string) => JSON.stringify(p);

/** lib/ files learner code may import, by their path inside lib/ (lib/datasets reads files: Node only). */
function libModules(): string[] {
  const np = readdirSync(join(ROOT, "lib", "np"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("bench"))
    .map((f) => `np/${f}`);
  return [...np, "workbook.ts"];
}

function bundle(contents: string, format: "iife"): string {
  const out = buildSync({
    stdin: { contents, resolveDir: HERE, sourcefile: "entry.ts", loader: "ts" },
    bundle: true,
    format,
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

/** The executor's script: lib/, the reference solutions (for an exercise that imports another), sucrase. */
export function bundleExecutor(exercises: ExerciseRef[]): string {
  const libs = libModules();
  return bundle(
    [
      `import { startBrowserExecutor } from ${path(join(HERE, "executor-worker.ts"))};`,
      ...exercises.map((e, i) => `import * as s${i} from ${path(join(ROOT, "solutions", `${e.slug}.ts`))};`),
      ...libs.map((l, i) => `import * as l${i} from ${path(join(ROOT, "lib", l))};`),
      `startBrowserExecutor({ solutions: { ${exercises.map((e, i) => `${path(e.slug)}: s${i}`).join(", ")} }, lib: { ${libs.map((l, i) => `${path(l)}: l${i}`).join(", ")} } });`,
    ].join("\n"),
    "iife",
  );
}

/** The page's script: the editor, the judge and the whole course, and the executor as a string. */
export function bundlePage(exercises: ExerciseRef[], executor: string): string {
  const lessons = Object.fromEntries(LANGS.map((lang) => [lang, Object.fromEntries(listLessons(lang).map((l) => [l.file.replace(/\.md$/, ""), l.title.replace(/`/g, "")]))]));
  const lines = [`import { startExercisePage } from ${path(join(HERE, "app.ts"))};`];
  const entries: string[] = [];
  exercises.forEach((e, i) => {
    const reference = join(ROOT, "grader", "reference", `${e.slug}.json`);
    lines.push(`import spec${i} from ${path(join(ROOT, "grader", "specs", `${e.slug}.ts`))};`);
    lines.push(`import * as ref${i} from ${path(join(ROOT, "solutions", `${e.slug}.ts`))};`);
    if (existsSync(reference)) lines.push(`import reference${i} from ${path(reference)};`);
    const stub = stubFromSolution(readFileSync(join(ROOT, "solutions", `${e.slug}.ts`), "utf8"), `solutions/${e.slug}.ts`);
    entries.push(`${path(e.slug)}: { spec: spec${i}, ref: ref${i}, reference: ${existsSync(reference) ? `reference${i}` : "{}"}, stub: ${JSON.stringify(stub)} }`);
  });
  lines.push(`const executor = ${JSON.stringify(executor)};`);
  lines.push(`const start = () => startExercisePage({ course: { ${entries.join(", ")} }, executor, lessons: ${JSON.stringify(lessons)} });`);
  lines.push(`if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();`);
  return bundle(lines.join("\n"), "iife");
}

/** The training page's script: the worker (lib/, the learner's files) as a string, and the stubs. */
export function bundleTrain(exercises: ExerciseRef[]): string {
  const libs = libModules();
  const worker = bundle(
    [
      `import { startTrainWorker } from ${path(join(HERE, "train-worker.ts"))};`,
      ...libs.map((l, i) => `import * as l${i} from ${path(join(ROOT, "lib", l))};`),
      `startTrainWorker({ ${libs.map((l, i) => `${path(l)}: l${i}`).join(", ")} });`,
    ].join("\n"),
    "iife",
  );
  const stubs = Object.fromEntries(exercises.map((e) => [e.slug, stubFromSolution(readFileSync(join(ROOT, "solutions", `${e.slug}.ts`), "utf8"), `solutions/${e.slug}.ts`)]));
  const defaults = { layers: [...DEFAULTS.layers], lr: DEFAULTS.lr, iterations: DEFAULTS.iterations, seed: DEFAULTS.seed };
  return bundle(
    [
      `import { startTrainPage } from ${path(join(HERE, "train-page.ts"))};`,
      `const start = () => startTrainPage({ stubs: ${JSON.stringify(stubs)}, worker: ${JSON.stringify(worker)}, defaults: ${JSON.stringify(defaults)}, slug: ${path(trainExercise(exercises).slug)} });`,
      `if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();`,
    ].join("\n"),
    "iife",
  );
}

/** `npm run train`'s digits (its default pair and split), pixel values × 1000 (exact: they have three decimals), gzipped (level 6: 0.2 s instead of level 9's 1 s, for 3% more bytes). */
export function digitsScript(): string {
  const d = loadDigits({ digits: DEFAULTS.digits, seed: DEFAULTS.seed, testFraction: DEFAULTS.testFraction });
  const pixels = new Uint16Array(d.Xtrain.data.length + d.Xtest.data.length);
  let k = 0;
  for (const v of [d.Xtrain.data, d.Xtest.data]) {
    for (let i = 0; i < v.length; i++) {
      const n = Math.round(v[i]! * 1000);
      if (n / 1000 !== v[i]) throw new Error(`digits: pixel value ${v[i]} does not have three decimals`);
      pixels[k++] = n;
    }
  }
  const data: DigitsData = {
    x: gzipSync(Buffer.from(pixels.buffer), { level: 6 }).toString("base64"),
    rows: d.Xtrain.shape[0]!,
    mTrain: d.Xtrain.shape[1]!,
    mTest: d.Xtest.shape[1]!,
    Ytrain: Array.from(d.Ytrain.data),
    Ytest: Array.from(d.Ytest.data),
    labels: [d.labels[0], d.labels[1]],
  };
  return `globalThis.DNN_DIGITS = ${JSON.stringify(data)};\n`;
}

function trainMain(lang: Lang): string {
  const t = TRAIN_TEXT[lang];
  return `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p class="train-data"></p>
<div class="toolbar" role="toolbar" aria-label="${escapeHtml(t.title)}">
  <label>${escapeHtml(t.lr)} <input id="lr" type="number" step="any" min="0" inputmode="decimal" size="6"></label>
  <label>${escapeHtml(t.iterations)} <input id="iterations" type="number" min="1" max="5000" step="1" size="6"></label>
  <button type="button" class="primary" data-testid="train">${escapeHtml(t.train)}</button>
  <button type="button" class="stop-button" hidden>${escapeHtml(t.stop)}</button>
</div>
<p class="train-status" role="status" aria-live="polite"></p>
<div class="chart"></div>
<div class="train-result" aria-live="polite"></div>
<section class="misclassified"></section>`;
}

function navHtml(lang: Lang, exercises: ExerciseRef[], current: string | null): string {
  const t = TEXT[lang];
  const items = exercises
    .map((e) => `<li><a data-slug="${e.slug}" href="${e.slug}.html"${e.slug === current ? ' aria-current="page"' : ""}><span class="num">${e.id}</span> ${escapeHtml(e.name)}</a></li>`)
    .join("\n");
  return `<nav class="exercise-nav" aria-label="${escapeHtml(t.exercises)}">
<p class="toc-title"><a href="index.html">${escapeHtml(t.exercises)}</a></p>
<ol>
${items}
</ol>
<p class="progress" aria-live="off"></p>
<p class="toc-title"><a href="train.html">${escapeHtml(TRAIN_TEXT[lang].title)}</a></p>
<p class="toc-title"><a href="../index.html">${escapeHtml(t.lessons)}</a></p>
</nav>`;
}

function pageHtml(lang: Lang, title: string, switchHref: string, main: string, nav: string, exercise?: string, scripts: string[] = exercise ? ["exercise.js"] : []): string {
  const t = TEXT[lang];
  const o: Lang = lang === "en" ? "ko" : "en";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="../../assets/book.css">
<link rel="stylesheet" href="../../assets/exercise.css">
${scripts.map((src) => `<script defer src="../../assets/${src}"></script>\n`).join("")}</head>
<body class="exercise-page"${exercise ? ` data-exercise="${exercise}"` : ""} data-lang="${lang}">
<header class="topbar">
  <a class="brand" href="../index.html">dnn-workbook <span>${escapeHtml(t.exercises)}</span></a>
  <a class="lang-switch" href="${switchHref}" hreflang="${o}" lang="${o}" rel="alternate" title="${escapeHtml(TEXT[o].switchTo)}">${TEXT[o].langName}</a>
</header>
<div class="exercise-layout">
${nav}
<main>
${main}
</main>
</div>
</body>
</html>
`;
}

function exerciseMain(lang: Lang, e: ExerciseRef): string {
  const t = TEXT[lang];
  return `<h1><span class="num">${e.id}</span> ${escapeHtml(e.name)} <small class="exercise-title"></small></h1>
<p class="lesson-link"></p>
<p class="offline-note">${escapeHtml(t.offline)}</p>
<div class="toolbar" role="toolbar" aria-label="${escapeHtml(t.exercises)}">
  <button type="button" class="primary" data-testid="grade" aria-keyshortcuts="Control+Enter Meta+Enter" title="${escapeHtml(t.gradeKey)}">${escapeHtml(t.grade)}</button>
  <button type="button" class="hint-button">${escapeHtml(t.nextHint)}</button>
  <button type="button" class="reset-button">${escapeHtml(t.reset)}</button>
  <button type="button" class="undo-button" hidden>${escapeHtml(t.undoReset)}</button>
  <button type="button" class="export-button">${escapeHtml(t.export)}</button>
  <label class="file-button">${escapeHtml(t.import)}<input type="file" class="import-input" accept=".zip,.ts" multiple></label>
  <label class="file-button">${escapeHtml(t.importFolder)}<input type="file" class="import-input" webkitdirectory></label>
  <label class="watch"><input type="checkbox" id="watch"> ${escapeHtml(t.watch)}</label>
</div>
<p class="key-note">${escapeHtml(t.gradeKey)} <span class="saved-note"></span></p>
<div class="editor" data-testid="editor"></div>
<ol class="hints" aria-label="${escapeHtml(t.hint)}"></ol>
<p class="announce visually-hidden" role="status" aria-live="polite"></p>
<section class="report" data-testid="report" role="region" aria-label="${escapeHtml(t.report)}"></section>`;
}

/** Writes the exercise pages and their assets into `outDir` (the book's folder). */
export function buildExercisePages(outDir: string): ExercisePagesResult {
  const exercises = listExercises();
  const executor = bundleExecutor(exercises);
  const page = bundlePage(exercises, executor);
  const css = readFileSync(join(HERE, "exercise.css"), "utf8");
  mkdirSync(join(outDir, "assets"), { recursive: true });
  writeFileSync(join(outDir, "assets", "exercise.js"), page);
  writeFileSync(join(outDir, "assets", "exercise.css"), css);
  const train = bundleTrain(exercises);
  const digits = digitsScript();
  writeFileSync(join(outDir, "assets", "train.js"), train);
  writeFileSync(join(outDir, "assets", "digits.js"), digits);
  const pages: string[] = [];
  for (const lang of LANGS) {
    const t = TEXT[lang];
    const o: Lang = lang === "en" ? "ko" : "en";
    const dir = join(outDir, lang, "exercises");
    mkdirSync(dir, { recursive: true });
    for (const e of exercises) {
      const file = join(dir, `${e.slug}.html`);
      writeFileSync(file, pageHtml(lang, `${e.id} ${e.name} · ${t.exercises} · dnn-workbook`, `../../${o}/exercises/${e.slug}.html`, exerciseMain(lang, e), navHtml(lang, exercises, e.slug), e.slug));
      pages.push(file);
    }
    const index = join(dir, "index.html");
    const list = exercises.map((e) => `<li><a href="${e.slug}.html"><span class="num">${e.id}</span> ${escapeHtml(e.name)}</a></li>`).join("\n");
    writeFileSync(
      index,
      pageHtml(lang, `${t.exercises} · dnn-workbook`, `../../${o}/exercises/index.html`, `<h1>${escapeHtml(t.exercises)}</h1>\n<p>${escapeHtml(t.offline)}</p>\n<ol class="index-list">\n${list}\n</ol>`, navHtml(lang, exercises, null)),
    );
    pages.push(index);
    const trainPage = join(dir, "train.html");
    writeFileSync(trainPage, pageHtml(lang, `${TRAIN_TEXT[lang].title} · dnn-workbook`, `../../${o}/exercises/train.html`, trainMain(lang), navHtml(lang, exercises, null), undefined, ["digits.js", "train.js"]));
    pages.push(trainPage);
  }
  return { pages, bytes: { page: Buffer.byteLength(page), executor: Buffer.byteLength(executor), css: Buffer.byteLength(css), train: Buffer.byteLength(train), digits: Buffer.byteLength(digits) } };
}
