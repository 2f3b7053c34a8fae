// The book's exercise pages in headless Chromium, from file:// (one built book, one browser):
// every stub page loads without console errors and grades "not started", every reference solution
// pasted in passes, the course's mistake and variant fixtures get the same statuses and points as
// in the CLI (same hidden seed), an infinite loop times out while the page stays responsive, the
// code survives a reload, reset has an undo, and an exported zip grades the same in the CLI.
// Prints load-to-interactive and edit-to-result figures (no thresholds: timing is not tested).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { readZip } from "../grader/authoring/zip.ts";
import { ROOT, findExercise, listExercises } from "../grader/exercises.ts";
import { buildExercisePages } from "../grader/browser/build.ts";
import { Runner } from "../grader/runner/index.ts";
import type { ExerciseResult } from "../grader/types.ts";
import { FIXTURES, fixtureGrader } from "./helpers/grade-fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];
const SEED = 20260526;
const exercises = listExercises();
const outDir = mkdtempSync(join(tmpdir(), "dnn-workbook-browser-"));
let browser: Browser | undefined;
let context: BrowserContext;
const problems: string[] = [];
const loadTimes: number[] = [];

const pageUrl = (slug: string, lang = "en") => `${pathToFileURL(join(outDir, lang, "exercises", `${slug}.html`)).href}?seed=${SEED}`;

test.before(async () => {
  // The exercise pages and their assets only: the lessons are the book test's.
  mkdirSync(join(outDir, "assets"), { recursive: true });
  copyFileSync(join(ROOT, "grader", "lessons", "book.css"), join(outDir, "assets", "book.css"));
  const built = buildExercisePages(outDir);
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  console.log(`  bundles: exercise page ${kb(built.bytes.page)} (the executor's ${kb(built.bytes.executor)} included), css ${kb(built.bytes.css)}, training ${kb(built.bytes.train)}, digits ${kb(built.bytes.digits)}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
});

test.after(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Every page of the context reports its console errors, uncaught errors and any request that leaves for elsewhere than file:, blob: or data:. */
async function open(slug: string, lang = "en", ctx = context): Promise<Page> {
  const page = await ctx.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") problems.push(`${lang}/${slug}: console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${lang}/${slug}: ${error.message}`));
  // A request the page's Content-Security-Policy stops never leaves it; any other one to elsewhere did.
  const left = (url: string) => problems.push(`${lang}/${slug}: a request left the page: ${url}`);
  page.on("requestfinished", (request) => (/^(file|blob|data):/.test(request.url()) ? 0 : left(request.url())));
  page.on("requestfailed", (request) => (/^(file|blob|data):/.test(request.url()) || request.failure()?.errorText === "csp" ? 0 : left(request.url())));
  await page.goto(pageUrl(slug, lang));
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  loadTimes.push(await page.evaluate(() => performance.getEntriesByName("dnn-workbook:interactive")[0]?.startTime ?? NaN));
  return page;
}

/** Replaces the editor's code as a paste does: select all, insert text. */
async function setCode(page: Page, code: string): Promise<void> {
  await page.click("[data-testid=editor] .cm-content");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
}

type Graded = { status: string; points: string; checks: string[]; text: string };

async function grade(page: Page, how: "button" | "keys" = "keys"): Promise<Graded> {
  if (how === "button") await page.click("[data-testid=grade]");
  else {
    await page.click("[data-testid=editor] .cm-content");
    await page.keyboard.press("ControlOrMeta+Enter");
  }
  await page.waitForSelector("[data-testid=report][data-status]", { state: "attached", timeout: 30_000 });
  return page.evaluate(() => {
    const report = document.querySelector<HTMLElement>("[data-testid=report]")!;
    return {
      status: report.dataset.status!,
      points: report.dataset.points!,
      checks: [...report.querySelectorAll("li.check")].map((li) => li.className.replace("check ", "")),
      text: report.innerText,
    };
  });
}

const storedCode = (page: Page, slug: string) => page.evaluate((s) => localStorage.getItem(`dnn-workbook/v1/code/${s}`), slug);
const solution = (slug: string) => readFileSync(join(ROOT, "solutions", `${slug}.ts`), "utf8");
const stub = (slug: string) => stubFromSolution(solution(slug), slug);
const checksOf = (r: ExerciseResult) => r.checks.map((c) => c.status);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test("every stub page, in English and Korean, loads without console errors and grades not-started", async () => {
  for (const lang of ["en", "ko"]) {
    for (const e of exercises) {
      const page = await open(e.slug, lang);
      assert.is(await page.getAttribute("html", "lang"), lang);
      assert.ok(await page.locator("[data-testid=editor] .cm-content").count(), `${lang}/${e.slug}: the editor`);
      const r = await grade(page, "button");
      assert.is(r.status, "not-started", `${lang}/${e.slug}: ${r.text}`);
      await page.close();
    }
  }
  assert.equal(problems, [], problems.join("\n"));
});

test("pasting text replaces the code exactly (no auto-indent, no auto-closed brackets), and each reference solution passes", async () => {
  const page = await context.newPage();
  for (const e of exercises) {
    await page.goto(pageUrl(e.slug));
    await page.waitForSelector("body[data-ready]", { state: "attached" });
    const code = solution(e.slug);
    await setCode(page, code);
    assert.is(await storedCode(page, e.slug), code, `${e.slug}: the editor holds exactly the pasted text`);
    const r = await grade(page);
    assert.is(r.status, "passed", `${e.slug}: ${r.text}`);
  }
  await page.close();
  assert.equal(problems, [], problems.join("\n"));
});

test("the course's mistake and variant fixtures get the same statuses, check by check, in the browser and the CLI", async () => {
  const fixtures: { slug: string; file: string }[] = [];
  for (const kind of ["mistakes", "correct"]) {
    for (const slug of readdirSync(join(FIXTURES, kind)).sort()) {
      for (const f of readdirSync(join(FIXTURES, kind, slug)).filter((x) => x.endsWith(".ts")).sort()) fixtures.push({ slug, file: `${kind}/${slug}/${f}` });
    }
  }
  // The CLI grades in its worker thread while the page grades in Chromium.
  const cli = fixtureGrader({ hiddenSeed: SEED });
  const expected = (async () => {
    const out = new Map<string, ExerciseResult>();
    try {
      for (const f of fixtures) out.set(f.file, await cli.grade(f.slug.slice(0, 2), f.file));
    } finally {
      await cli.close();
    }
    return out;
  })();
  const page = await context.newPage();
  let current = "";
  const graded = new Map<string, Graded>();
  for (const f of fixtures) {
    if (current !== f.slug) {
      await page.goto(pageUrl(f.slug));
      await page.waitForSelector("body[data-ready]", { state: "attached" });
      current = f.slug;
    }
    await setCode(page, readFileSync(join(FIXTURES, f.file), "utf8"));
    graded.set(f.file, await grade(page));
  }
  await page.close();
  const mismatches: string[] = [];
  for (const f of fixtures) {
    const r = graded.get(f.file)!;
    const want = (await expected).get(f.file)!;
    const same = r.status === want.status && r.points === `${want.points}/${want.maxPoints}` && r.checks.join(" ") === checksOf(want).join(" ");
    if (!same) mismatches.push(`${f.file}: browser ${r.status} ${r.points} [${r.checks.join(" ")}], CLI ${want.status} ${want.points}/${want.maxPoints} [${checksOf(want).join(" ")}]`);
    // A named mistake is named in the page too: the CLI's first failure message (file names aside) is in the report.
    const first = want.checks.find((c) => c.status === "failed" && c.message)?.message;
    if (first && f.file.startsWith("mistakes/")) {
      const words = first.split("\n").pop()!.replace(/\s+/g, " ").trim();
      if (!r.text.replace(/\s+/g, " ").includes(words)) mismatches.push(`${f.file}: the report does not say "${words}"`);
    }
  }
  console.log(`  browser = CLI for ${fixtures.length} fixtures`);
  assert.equal(mismatches, [], mismatches.join("\n"));
});

test("an infinite loop times out, the page stays responsive, and the next grade starts a fresh executor", async () => {
  const page = await open("02_linear_forward");
  await setCode(page, solution("02_linear_forward").replace(/export function linearForward\([^)]*\)[^{]*\{/, (m) => `${m}\n  while (true) {}`));
  await page.click("[data-testid=editor] .cm-content");
  await page.keyboard.press("ControlOrMeta+Enter");
  // While the learner's loop runs in its worker, the page answers and the editor takes input.
  const busy = await page.evaluate(() => document.querySelector("[data-testid=report]")!.getAttribute("aria-busy"));
  assert.is(busy, "true");
  const t0 = performance.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  await page.keyboard.press("End");
  const answered = performance.now() - t0;
  assert.is(await page.locator("[data-testid=report][data-status]").count(), 0, "still grading");
  await page.waitForSelector("[data-testid=report][data-status]", { state: "attached", timeout: 30_000 });
  assert.is(await page.getAttribute("[data-testid=report]", "data-status"), "timeout");
  assert.match(await page.innerText("[data-testid=report]"), /Timed out after 5 s/);
  console.log(`  the page answered in ${Math.round(answered)} ms while the loop ran`);
  await setCode(page, solution("02_linear_forward"));
  assert.is((await grade(page)).status, "passed");
  await page.close();
});

test("learner code cannot reach the network: fetch is gone, URL imports are refused, and no request leaves the page", async () => {
  const page = await open("02_linear_forward");
  const before = problems.length;
  const hostile = `${solution("02_linear_forward")}
export const leaks = [typeof fetch, typeof XMLHttpRequest, typeof importScripts, typeof WebSocket];
try { eval("import('http://127.0.0.1:9/x.js')").catch(() => {}); } catch {}
try { require("node:fs"); } catch {}
`;
  await setCode(page, hostile);
  const r = await grade(page);
  assert.is(r.status, "passed", r.text);
  await setCode(page, `import * as fs from "node:fs";\nexport const read = typeof fs.readFileSync;\n${solution("02_linear_forward")}`);
  const refused = await grade(page);
  assert.is(refused.status, "error");
  assert.match(refused.text, /imports "node:fs": exercises import only their own files/);
  await page.waitForTimeout(200);
  assert.equal(problems.slice(before).filter((p) => /request left/.test(p)), []);
  await page.close();
});

test("grade as I type: a pause after an edit grades", async () => {
  const page = await open("09_update");
  await page.check("#watch");
  await setCode(page, solution("09_update"));
  await page.waitForSelector("[data-testid=report][data-status]", { state: "attached", timeout: 30_000 });
  assert.is(await page.getAttribute("[data-testid=report]", "data-status"), "passed");
  await page.uncheck("#watch");
  await page.close();
});

test("the code survives a reload; reset to the stub can be undone; the report links the lesson", async () => {
  const page = await open("05_cost");
  const code = `${solution("05_cost")}\n// mine\n`;
  await setCode(page, code);
  await page.reload();
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  assert.is(await storedCode(page, "05_cost"), code);
  assert.is((await grade(page)).status, "passed", "the restored code is what is graded");
  await page.click(".reset-button");
  assert.is(await storedCode(page, "05_cost"), stub("05_cost"));
  assert.is((await grade(page, "button")).status, "not-started");
  await page.click(".undo-button");
  assert.is(await storedCode(page, "05_cost"), code);
  const lesson = await page.getAttribute(".lesson-link a", "href");
  assert.match(await page.innerText("[data-testid=report]"), /Next: replace each notImplemented\(\)/);
  assert.match(lesson ?? "", /^\.\.\/\d\d_[a-z_]+\.html#/);
  await page.close();
});

test("an exported zip grades the same in the CLI, and imports back into a fresh browser", async () => {
  const page = await open("02_linear_forward");
  await setCode(page, solution("02_linear_forward"));
  const browserStatus: Record<string, string> = { "02_linear_forward": (await grade(page)).status };
  await page.goto(pageUrl("05_cost"));
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  await setCode(page, readFileSync(join(FIXTURES, "mistakes", "05_cost", "no-mean.ts"), "utf8"));
  browserStatus["05_cost"] = (await grade(page)).status;
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(".export-button")]);
  const zipPath = join(outDir, "export.zip");
  await download.saveAs(zipPath);
  await page.close();

  const dir = join(outDir, "unzipped");
  const entries = readZip(readFileSync(zipPath));
  assert.equal(entries.map((e) => e.name).sort(), exercises.map((e) => `exercises/${e.slug}.ts`).sort(), "laid out like exercises/");
  for (const e of entries) {
    mkdirSync(join(dir, "exercises"), { recursive: true });
    writeFileSync(join(dir, e.name), e.data);
  }
  const runner = new Runner({ learnerDir: join(dir, "exercises"), hiddenSeed: SEED });
  try {
    for (const e of exercises) {
      const r = await runner.grade(findExercise(e.slug));
      // The other exercises are whatever earlier tests left in this browser: the solutions.
      const want = browserStatus[e.slug] ?? "passed";
      assert.is(r.status, want, `${e.slug} in the CLI`);
    }
  } finally {
    await runner.close();
  }

  const fresh = await browser!.newContext();
  const other = await open("05_cost", "en", fresh);
  assert.is(await storedCode(other, "05_cost"), null, "a fresh browser starts from the stubs");
  await other.setInputFiles(".import-input[accept]", zipPath);
  await other.waitForFunction(() => localStorage.getItem("dnn-workbook/v1/code/02_linear_forward") !== null);
  assert.is(await storedCode(other, "05_cost"), readFileSync(join(FIXTURES, "mistakes", "05_cost", "no-mean.ts"), "utf8"));
  assert.is(await storedCode(other, "02_linear_forward"), solution("02_linear_forward"));
  assert.is((await grade(other)).status, "failed");
  await fresh.close();
});

test("a 390 px wide screen: no horizontal scrolling, and the grade button is reachable by keyboard", async () => {
  const narrow = await browser!.newContext({ viewport: { width: 390, height: 844 } });
  const page = await open("08_model_backward", "ko", narrow);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  let focused = "";
  for (let i = 0; i < 80 && focused !== "grade"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
  }
  assert.is(focused, "grade", "Tab reaches the grade button");
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=report][data-status]", { state: "attached" });
  assert.is(await page.getAttribute("[role=status]", "aria-live"), "polite");
  assert.ok((await page.innerText("[role=status]")).length > 0, "the result is announced");
  await narrow.close();
});

test("training in the page: the stubs say which exercise to finish; the learner's functions train and the wrong digits are drawn", async () => {
  const fresh = await browser!.newContext();
  const page = await fresh.newPage();
  page.on("pageerror", (error) => problems.push(`train: ${error.message}`));
  await page.goto(pathToFileURL(join(outDir, "en", "exercises", "train.html")).href);
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  await page.click("[data-testid=train]");
  await page.waitForSelector("body[data-trained]", { state: "attached", timeout: 60_000 });
  assert.is(await page.getAttribute("body", "data-trained"), "problem");
  assert.match(await page.innerText(".train-result"), /exercises\/10_train\.ts is not finished yet/);
  await page.evaluate((files) => {
    for (const [slug, code] of Object.entries(files)) localStorage.setItem(`dnn-workbook/v1/code/${slug}`, code);
  }, Object.fromEntries(exercises.map((e) => [e.slug, solution(e.slug)])));
  // A short run that still learns: the default rate is chosen for a smooth curve over many iterations.
  await page.fill("#iterations", "40");
  await page.fill("#lr", "0.3");
  await page.click("[data-testid=train]");
  await page.waitForSelector("body[data-trained]", { state: "attached", timeout: 120_000 });
  const testAccuracy = Number(await page.getAttribute("body", "data-trained"));
  assert.ok(testAccuracy > 0.8, `test accuracy ${testAccuracy} after 40 iterations at learning rate 0.3`);
  assert.ok((await page.locator(".cost-chart polyline").count()) === 1, "the cost chart");
  assert.ok((await page.locator(".misclassified canvas").count()) > 0, "misclassified digits are drawn");
  await fresh.close();
});

test("figures: page load to interactive, and edit → result (median of 10 grades of 02 and 08)", async () => {
  const figures: string[] = [`load to interactive (navigation start → editor and grader ready, in the page): median ${Math.round(median(loadTimes))} ms over ${loadTimes.length} page loads`];
  for (const slug of ["02_linear_forward", "08_model_backward"]) {
    const page = await open(slug);
    // Timed in the page: from the Ctrl+Enter keydown to the report's status in the DOM.
    await page.evaluate(() => {
      const w = window as unknown as { t0: number; times: number[] };
      w.times = [];
      w.t0 = 0;
      document.addEventListener("keydown", (e) => (e.key === "Enter" ? (w.t0 = performance.now()) : 0), true);
      const report = document.querySelector("[data-testid=report]")!;
      new MutationObserver(() => {
        if (report.hasAttribute("data-status") && w.t0) {
          w.times.push(performance.now() - w.t0);
          w.t0 = 0;
        }
      }).observe(report, { attributes: true, attributeFilter: ["data-status"] });
    });
    for (let i = 0; i < 11; i++) {
      await setCode(page, `${solution(slug)}\n// edit ${i}\n`);
      assert.is((await grade(page)).status, "passed");
    }
    // The first grade starts the executor: the median is over the next ten.
    const times = (await page.evaluate(() => (window as unknown as { times: number[] }).times)).slice(1);
    figures.push(`${slug}: edit → result median ${Math.round(median(times))} ms (10 grades)`);
    await page.close();
  }
  console.log(figures.map((f) => `  ${f}`).join("\n"));
  assert.equal(problems, [], problems.join("\n"));
});

const stamp = { t: performance.now() };
test.before.each(() => {
  stamp.t = performance.now();
});
test.after.each((ctx) => {
  console.log(`  [${Math.round(performance.now() - stamp.t)} ms] ${ctx.__test__}`);
});

test.run();
