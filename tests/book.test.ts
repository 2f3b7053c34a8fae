// The HTML book, built into a temporary folder and opened page by page in headless Chromium from
// file://: no console errors, no failed requests, every formula typeset by KaTeX, every image
// loaded, and a language switch that leads to the same lesson in the other language. Writes the
// two screenshots in docs/screenshots/ that the README shows. The three tests that look at every
// page share one load of each (runBook), a few pages of the browser at once, which starts first.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildBook } from "../grader/lessons/book.ts";
import { LANGS, listLessons } from "../grader/lessons/index.ts";
import { ROOT } from "../grader/lessons/lessons.ts";
import { eachOnPages, windows } from "./helpers/pages.ts";
import { has, CHROMIUM, INSTALL, testsNeeding } from "./helpers/tools.ts";

const HAS_CHROMIUM = has.chromium();

const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

/**
 * Pages working at once in the run over every page: the driver's round trips of one overlap the
 * others' work. Two: the run's wall time with four was no shorter (the browser's own work, a
 * second a lesson, is the most of it), and each window costs its own renderer's start.
 */
const PAGES_AT_ONCE = 2;

const outDir = mkdtempSync(join(tmpdir(), "dnn-workbook-book-"));
let browser: Browser | undefined;
let pages: string[] = [];

test.before(async () => {
  const result = buildBook({ outDir });
  pages = result.pages;
  console.log(`  book: ${pages.length} pages built in ${Math.round(result.ms)} ms`);
  // Playwright hides scrollbars in headless mode by default; the layout test measures them.
  if (HAS_CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, ignoreDefaultArgs: ["--hide-scrollbars"] });
  // Every page loads while the tests before the ones that look at every page run.
  if (browser) runBook().catch(() => {});
});

test.after(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** The tests that open the book in Chromium: skipped with a notice where it is missing, failed in CI (./helpers/tools.ts). */
const inBrowser = testsNeeding(HAS_CHROMIUM, INSTALL.chromium, "the book's tests in Chromium");

function needBrowser(): Browser {
  if (!browser) assert.unreachable(`Chromium did not start (${CHROMIUM}).`);
  return browser!;
}

/**
 * A page that stays open: the windows of the run over every page are its popups, and the tests of
 * one page at a time load their pages into it (a new page costs the browser more than a load).
 */
let blank: Promise<Page> | undefined;
const blankPage = () => (blank ??= needBrowser().newContext().then((context) => context.newPage()));
/** The windows of the run over every page, opened from the blank page. */
let opened: Promise<Page[]> | undefined;
const openWindows = () => (opened ??= blankPage().then((page) => windows(page, PAGES_AT_ONCE)));
/** The blank page, for a test of one page at a time: once the windows it opens are open. */
const onePage = async () => {
  await openWindows();
  return blankPage();
};

const WIDTHS = [390, 1000, 1400];

/** What a page showed when loaded (at 1000 × 900). */
type Loaded = {
  lang: string;
  katex: number;
  katexErrors: number;
  rawMath: string | null;
  images: { src: string | null; loaded: boolean }[];
  switchHref: string | null;
  sections: string[];
};
/** A page's layout at one width (× 900). */
type Layout = {
  pageScroll: number;
  past: string[];
  formulas: { text: string; wide: boolean; scrolls: boolean; bar: number; clippedVertically: boolean }[];
  code: number;
  figures: { src: string | null; loaded: boolean; fits: boolean }[];
};
/** A lesson's self-check at 390 × 900: its answers, whether each was open and visible before its click, and visible after. */
type Quiz = { count: number; inQuiz: number; answers: { open: boolean; visibleBefore: boolean; visibleAfter: boolean }[]; error?: unknown };
type BookRun = { problems: string[]; pages: Map<string, { loaded: Loaded; layouts: Map<number, Layout>; quiz?: Quiz }> };
let bookRun: Promise<BookRun> | undefined;

/**
 * One load of each book page does for the three tests that look at every page (each asserts on its
 * part; the run starts before the tests). The page is loaded at 1000 × 900 and looked at; then
 * measured at each of WIDTHS in turn (a book page has no script, so its layout after a resize is
 * its layout when loaded at that width: the measures were the same, page by page and width by
 * width, when this was compared); then, for a lesson, its self-check is opened answer by answer at
 * 390 × 900, the one step that changes the page, with a real mouse click on each summary. Only
 * page.evaluate and the mouse talk to the page: Playwright's selector methods would send its
 * 340 KB selector engine into every page loaded, and its clicks wait for animation frames.
 * PAGES_AT_ONCE pages work at once, each a window of its own (./helpers/pages.ts). The console
 * errors, uncaught errors and failed requests of the pages meanwhile, each named by the file then
 * loaded, are `problems`.
 */
function runBook(): Promise<BookRun> {
  return (bookRun ??= (async () => {
    const run: BookRun = { problems: [], pages: new Map() };
    const all = (await openWindows()).map((page) => {
      const p = { page, current: "" };
      page.on("console", (msg) => {
        if (msg.type() === "error" || msg.type() === "warning") run.problems.push(`${p.current}: console ${msg.type()}: ${msg.text()}`);
      });
      page.on("pageerror", (error) => run.problems.push(`${p.current}: ${error.message}`));
      page.on("requestfailed", (request) => run.problems.push(`${p.current}: failed request ${request.url()} (${request.failure()?.errorText})`));
      return p;
    });
    await eachOnPages(all, pages, async (p, file) => {
      const { page } = p;
      p.current = relative(outDir, file);
      await page.setViewportSize({ width: 1000, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      // No named functions inside evaluate(): tsx would wrap them in a helper the page lacks.
      const loaded: Loaded = await page.evaluate(async () => {
        await document.fonts.ready;
        const clone = document.body.cloneNode(true) as HTMLElement;
        for (const el of clone.querySelectorAll(".katex, pre, code")) el.remove();
        const visibleText = clone.textContent ?? "";
        const switcher = document.querySelector<HTMLAnchorElement>("a.lang-switch");
        return {
          lang: document.documentElement.lang,
          katex: document.querySelectorAll("article .katex").length,
          katexErrors: document.querySelectorAll(".katex-error").length,
          rawMath: /\$[^$\s][^$]*\$|\\frac|\\begin\{|\^\{\[/.exec(visibleText)?.[0] ?? null,
          images: [...document.images].map((img) => ({ src: img.getAttribute("src"), loaded: img.complete && img.naturalWidth > 0 })),
          switchHref: switcher ? switcher.href : null,
          sections: [...document.querySelectorAll("article h2[id]")].map((h) => h.id),
        };
      });
      const layouts = new Map<number, Layout>();
      // The width it was loaded at first: it is laid out already.
      for (const width of [1000, 1400, 390]) {
        if (width !== 1000) await page.setViewportSize({ width, height: 900 });
        layouts.set(
          width,
          await page.evaluate(() => {
            const content = document.querySelector("article") ?? document.querySelector("main")!;
            const column = content.getBoundingClientRect();
            const past: string[] = [];
            // Inside a box that scrolls (a formula, a table, a code block) is that box's business. The
            // elements come parents first: whether an element's parent scrolls, or is inside a box that
            // does (below the column), is known when the element comes.
            const scrolls = new Map<Element, boolean>();
            const inside = new Map<Element, boolean>();
            for (const el of content.querySelectorAll("*")) {
              const parent = el.parentElement!;
              const scroller = parent !== content && (scrolls.get(parent)! || inside.get(parent)!);
              inside.set(el, scroller);
              if (el.firstElementChild) scrolls.set(el, getComputedStyle(el).overflowX !== "visible");
              if (scroller) continue;
              const box = el.getBoundingClientRect();
              if (box.width > 0 && box.right > column.right + 1) past.push(`${el.tagName.toLowerCase()}.${el.className}: ${(el.parentElement?.textContent ?? "").slice(0, 60)}`);
            }
            const formulas = [...document.querySelectorAll<HTMLElement>(".math-display")].map((e) => ({
              text: (e.textContent ?? "").slice(0, 50),
              wide: e.scrollWidth > e.clientWidth + 1,
              scrolls: getComputedStyle(e).overflowX === "auto",
              bar: e.offsetHeight - e.clientHeight,
              clippedVertically: e.scrollHeight > e.clientHeight + 1,
            }));
            const code = [...document.querySelectorAll<HTMLElement>("pre.code")].filter((e) => e.scrollWidth > e.clientWidth + 1).length;
            const figures = [...document.querySelectorAll<HTMLImageElement>("article figure img")].map((img) => ({
              src: img.getAttribute("src"),
              loaded: img.complete && img.naturalWidth > 0,
              fits: img.getBoundingClientRect().right <= column.right + 1,
            }));
            return { pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, past, formulas, code, figures };
          }),
        );
      }
      let quiz: Quiz | undefined;
      if (/\d\d_[a-z_]+\.html$/.test(file)) {
        quiz = { count: 0, inQuiz: 0, answers: [] };
        try {
          // At the last width measured: 390 × 900.
          // Answer k before its click: open or not, its body visible or not (visible as Playwright's
          // isVisible() says: checkVisibility(), visibility "visible" and a box of some size), its
          // summary scrolled to the middle of the screen, and where the summary's centre is then. The
          // same call says whether answer k - 1 is visible after its click. A real mouse click at that
          // point lands on whatever is there: a summary that something covers does not open.
          type Step = { visibleAfter: boolean; next?: { open: boolean; visibleBefore: boolean; x: number; y: number } };
          const step = (k: number, after: number) =>
            page.evaluate(
              ([k, after]) => {
                const answers = [...document.querySelectorAll<HTMLDetailsElement>("details.answer")];
                const visible = (el: Element | null) => {
                  if (!el || !el.checkVisibility() || getComputedStyle(el).visibility !== "visible") return false;
                  const box = el.getBoundingClientRect();
                  return box.width > 0 && box.height > 0;
                };
                const out: Step = { visibleAfter: after >= 0 && visible(answers[after]!.querySelector(".answer-body")) };
                const details = answers[k];
                if (details) {
                  const open = details.open;
                  const visibleBefore = visible(details.querySelector(".answer-body"));
                  const summary = details.querySelector("summary")!;
                  summary.scrollIntoView({ block: "center", inline: "center" });
                  const box = summary.getBoundingClientRect();
                  out.next = { open, visibleBefore, x: box.left + box.width / 2, y: box.top + box.height / 2 };
                }
                return out;
              },
              [k, after] as const,
            );
          const counts = await page.evaluate(() => ({
            count: document.querySelectorAll("details.answer").length,
            inQuiz: document.querySelectorAll("#quiz ~ ol details.answer, #quiz + p + ol details.answer").length,
          }));
          quiz.count = counts.count;
          quiz.inQuiz = counts.inQuiz;
          let s = await step(0, -1);
          for (let k = 0; k < quiz.count; k++) {
            const before = s.next!;
            await page.mouse.click(before.x, before.y);
            s = await step(k + 1, k);
            quiz.answers.push({ open: before.open, visibleBefore: before.visibleBefore, visibleAfter: s.visibleAfter });
          }
        } catch (error) {
          quiz.error = error;
        }
      }
      run.pages.set(file, { loaded, layouts, quiz });
    });
    await Promise.all(all.map((p) => p.page.close()));
    return run;
  })());
}

test("the book has a page per lesson and language, an index per language and a root index", () => {
  const names = pages.map((p) => relative(outDir, p).split("\\").join("/")).sort();
  for (const lang of LANGS) {
    assert.ok(names.includes(`${lang}/index.html`), `${lang}/index.html`);
    for (const lesson of listLessons(lang)) {
      assert.ok(names.includes(`${lang}/${lesson.file.replace(/\.md$/, ".html")}`), `${lang}/${lesson.file} as HTML`);
    }
  }
  assert.ok(names.includes("index.html"));
  assert.ok(existsSync(join(outDir, "assets", "katex", "katex.min.css")), "KaTeX's stylesheet is copied");
  assert.ok(existsSync(join(outDir, "assets", "katex", "fonts", "KaTeX_Main-Regular.woff2")), "KaTeX's fonts are copied");
  assert.ok(existsSync(join(outDir, "figures", "network_notation.svg")), "the diagrams are copied");
  const html = readFileSync(join(outDir, "en", "02_forward_propagation.html"), "utf8");
  assert.not.match(html, /https?:\/\/(?!www\.w3\.org)/, "no CDN or other network URL in a page");
  // Korean pages show the Korean figures; a figure's caption is its short title, not its alt text.
  const ko = readFileSync(join(outDir, "ko", "04_building_blocks.html"), "utf8");
  assert.match(ko, /src="\.\.\/figures\/layer_blocks\.ko\.svg"/);
  assert.ok(existsSync(join(outDir, "figures", "layer_blocks.ko.svg")), "the Korean figures are copied");
  assert.match(html, /<figcaption>Vectorization, measured: a loop over the examples against one matrix product<\/figcaption>/);
  assert.match(html, /alt="Time to compute layer 1/);
});

test("a TeX error fails the build, naming the file, the line and the formula", () => {
  const lessons = mkdtempSync(join(tmpdir(), "dnn-workbook-badtex-"));
  try {
    for (const lang of LANGS) {
      mkdirSync(join(lessons, lang));
      writeFileSync(join(lessons, lang, "01_bad.md"), "# Bad\n\n## Overview {#overview}\n\nFine $x^2$, broken $\\frac{1}{m$ here.\n");
    }
    let message = "";
    try {
      buildBook({ outDir: join(lessons, "out"), lessonsDir: lessons });
    } catch (error) {
      message = (error as Error).message;
    }
    assert.match(message, /01_bad\.md:5: cannot render \$\\frac\{1\}\{m\$/);
    assert.match(message, /KaTeX parse error/);
  } finally {
    rmSync(lessons, { recursive: true, force: true });
  }
});

inBrowser("following the language switch keeps the lesson and its sections", async () => {
  const page = await onePage();
  await page.goto(pathToFileURL(join(outDir, "en", "05_backward_propagation.html")).href);
  const sectionsEn = await page.$$eval("article h2[id]", (hs) => hs.map((h) => h.id));
  // Until the page the link leads to has loaded.
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== from), page.click("a.lang-switch")]);
  assert.match(page.url(), /\/ko\/05_backward_propagation\.html$/);
  assert.is(await page.getAttribute("html", "lang"), "ko");
  assert.equal(await page.$$eval("article h2[id]", (hs) => hs.map((h) => h.id)), sectionsEn);
});

inBrowser("screenshots of an English and a Korean page for the README (docs/screenshots/)", async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const page = await onePage();
  await page.setViewportSize({ width: 1000, height: 800 });
  for (const lang of LANGS) {
    await page.goto(`${pathToFileURL(join(outDir, lang, "02_forward_propagation.html")).href}#vectorized`);
    await page.evaluate(() => document.fonts.ready);
    const path = join(SCREENSHOTS, `book-${lang}.png`);
    await page.screenshot({ path });
    assert.ok(readFileSync(path).length > 10_000, `${path} looks empty`);
    // The self-check of lesson 05, with its second answer opened.
    await page.goto(`${pathToFileURL(join(outDir, lang, "05_backward_propagation.html")).href}#quiz`);
    await page.evaluate(() => document.fonts.ready);
    await page.locator("details.answer summary").nth(1).click();
    const quiz = join(SCREENSHOTS, `book-quiz-${lang}.png`);
    await page.screenshot({ path: quiz });
    assert.ok(readFileSync(quiz).length > 10_000, `${quiz} looks empty`);
  }
});

inBrowser("every page loads from file:// without console errors or failed requests; math, images and the language switch work", async () => {
  const run = await runBook();
  for (const file of pages) {
    const current = relative(outDir, file);
    const report = run.pages.get(file)!.loaded;
    const lesson = /\/(\d\d_[a-z_]+)\.html$/.exec(file.split("\\").join("/"))?.[1];
    if (lesson) {
      assert.ok(report.katex > 0, `${current}: no formula typeset by KaTeX`);
      assert.ok(report.sections.includes("overview") && report.sections.includes("exercises"), `${current}: outline sections`);
    }
    assert.is(report.katexErrors, 0, `${current}: KaTeX errors`);
    assert.is(report.rawMath, null, `${current}: raw TeX in the page text: ${report.rawMath}`);
    for (const img of report.images) assert.ok(img.loaded, `${current}: image ${img.src} did not load`);
    if (current !== "index.html") {
      assert.ok(report.switchHref, `${current}: no language switch`);
      const target = fileURLToPath(report.switchHref!);
      assert.ok(existsSync(target), `${current}: the language switch points at a missing page ${target}`);
      const otherLang = report.lang === "en" ? "ko" : "en";
      assert.is(relative(outDir, dirname(target)), otherLang, `${current}: the switch goes to the other language`);
      if (lesson) assert.ok(target.endsWith(`${lesson}.html`), `${current}: the switch goes to the same lesson`);
    }
  }
  assert.equal(run.problems, [], run.problems.join("\n"));
});

inBrowser("at 390, 1000 and 1400 px: no sideways page scroll, nothing past the column, wide formulas scroll with a visible bar, figures whole", async () => {
  const run = await runBook();
  const problems: string[] = [];
  for (const width of WIDTHS) {
    for (const file of pages) {
      const name = `${relative(outDir, file)} at ${width} px`;
      const r = run.pages.get(file)!.layouts.get(width)!;
      if (r.pageScroll > 0) problems.push(`${name}: the page scrolls sideways by ${r.pageScroll} px`);
      for (const p of r.past.slice(0, 3)) problems.push(`${name}: past the column: ${p}`);
      for (const f of r.formulas) {
        if (f.clippedVertically) problems.push(`${name}: formula clipped vertically: ${f.text}`);
        if (f.wide && !(f.scrolls && f.bar >= 6)) problems.push(`${name}: a wide formula without a visible scrollbar (${f.bar} px): ${f.text}`);
      }
      if (r.code > 0) problems.push(`${name}: ${r.code} code blocks wider than the page`);
      for (const f of r.figures) {
        if (!f.loaded) problems.push(`${name}: figure ${f.src} did not load`);
        if (!f.fits) problems.push(`${name}: figure ${f.src} is wider than the column`);
      }
    }
  }
  assert.equal(problems, [], problems.join("\n"));
});

inBrowser("every self-check answer starts hidden and opens with a click, in every lesson and language", async () => {
  const run = await runBook();
  for (const file of pages.filter((p) => /\d\d_[a-z_]+\.html$/.test(p))) {
    const name = relative(outDir, file);
    const { count, inQuiz, answers, error } = run.pages.get(file)!.quiz!;
    assert.ok(count >= 4 && count <= 8, `${name}: ${count} answers`);
    assert.is(inQuiz, count, `${name}: the answers belong to the quiz section`);
    answers.forEach((answer, k) => {
      assert.is(answer.open, false, `${name}: answer ${k + 1} is open before the click`);
      assert.not.ok(answer.visibleBefore, `${name}: answer ${k + 1} is visible before the click`);
      assert.ok(answer.visibleAfter, `${name}: answer ${k + 1} does not open`);
    });
    if (error) throw error;
  }
});

test.run();
