// Builds the lessons into a static HTML book that works offline from file://: one page per lesson
// and language, an index per language and a root index, KaTeX rendered at build time (its CSS and
// fonts copied in), code highlighted, diagrams copied in, and links to the exercise files.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { CodeTokenKind } from "./highlight.ts";
import { highlight } from "./highlight.ts";
import type { Lang, LessonInfo } from "./lessons.ts";
import { FIGURES_DIR, LANGS, LESSONS_DIR, ROOT, listLessons } from "./lessons.ts";
import type { Token } from "./markdown.ts";
import { collectHeadings, collectMath, createLessonMarkdown, parseLesson } from "./markdown.ts";
import { renderMath } from "./math.ts";
import { exercisePageHref } from "../browser/paths.ts";

export type BookOptions = {
  /** Output directory (created; its previous contents are replaced). */
  outDir: string;
  /** Where `en/`, `ko/` and `figures/` are; defaults to the repository's `lessons/`. */
  lessonsDir?: string;
};

export type BookResult = { outDir: string; pages: string[]; ms: number };

const TEXT = {
  en: {
    name: "English",
    bookTitle: "Deep neural networks from scratch",
    tagline: "Build an L-layer neural network in TypeScript, one function at a time, with an autograder that checks each step.",
    lessons: "Lessons",
    onThisPage: "On this page",
    previous: "Previous",
    next: "Next",
    start: "Start: install, then grade your first exercise",
    switchTo: "Read this in English",
    contents: "Contents",
    exercises: "Exercises: write and grade them in the browser",
    footer: "Notation follows Andrew Ng's Deep Learning course, week 4.",
    answer: "Answer",
  },
  ko: {
    name: "한국어",
    bookTitle: "밑바닥부터 만드는 심층 신경망",
    tagline: "L층 신경망을 TypeScript로 함수 하나씩 직접 만들고, 자동 채점기로 매 단계를 확인합니다.",
    lessons: "단원",
    onThisPage: "이 페이지의 내용",
    previous: "이전",
    next: "다음",
    start: "시작하기: 설치한 뒤 첫 연습 문제를 채점해 보세요",
    switchTo: "한국어로 읽기",
    contents: "목차",
    exercises: "연습 문제: 브라우저에서 작성하고 채점하기",
    footer: "표기법은 Andrew Ng 교수의 딥러닝 강의 4주차를 따릅니다.",
    answer: "답 보기",
  },
} satisfies Record<Lang, Record<string, string>>;

const other = (lang: Lang): Lang => (lang === "en" ? "ko" : "en");
const htmlName = (file: string): string => file.replace(/\.md$/, ".html");
const posix = (path: string): string => path.split("\\").join("/");

/** The book's renderer: the lessons' dialect, with rules (below) that read the page being built from `env`. */
const bookMarkdown = createLessonMarkdown();
/** markdown-it's own escaping (&, <, >, "), so the page around a lesson escapes as the lesson does. */
const escapeHtml = bookMarkdown.utils.escapeHtml;

const CODE_CLASS: Record<CodeTokenKind, string> = {
  comment: "tok-comment", string: "tok-string", number: "tok-number", keyword: "tok-keyword", builtin: "tok-builtin", plain: "",
};

function highlightHtml(code: string, lang: string): string {
  return highlight(code, lang)
    .map((t) => (CODE_CLASS[t.kind] ? `<span class="${CODE_CLASS[t.kind]}">${escapeHtml(t.text)}</span>` : escapeHtml(t.text)))
    .join("");
}

type PageEnv = {
  /** Absolute directory of the source lesson (relative links start here). */
  sourceDir: string;
  /** Absolute directory of the output page. */
  pageDir: string;
  /** Absolute output root, where figures/ is copied. */
  outDir: string;
  lessonsDir: string;
  math: Map<string, string>;
  lang: Lang;
};

/** Rewrites a lesson's relative link for the page: lessons → .html, figures → the copies, other files → their real path. */
function rewriteHref(href: string, env: PageEnv): string {
  if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#")) return href;
  const [path, hash] = href.split("#") as [string, string | undefined];
  const target = isAbsolute(path) ? path : resolve(env.sourceDir, path);
  const suffix = hash === undefined ? "" : `#${hash}`;
  const inLessons = relative(env.lessonsDir, target);
  const inBook = /\.md$/.test(inLessons) || posix(inLessons).startsWith("figures/");
  if (inBook && !inLessons.startsWith("..") && !isAbsolute(inLessons)) {
    // lessons/<lang>/NN.md and lessons/figures/x.svg sit at the same place in the book.
    return posix(relative(env.pageDir, join(env.outDir, htmlName(inLessons)))) + suffix;
  }
  // An exercise file (exercises/02_linear_forward.ts) opens its page in the book, with the editor and the grader.
  const exercise = exercisePageHref(target);
  if (exercise) return exercise + suffix;
  return posix(relative(env.pageDir, target)) + suffix;
}

function mathKey(tex: string, display: boolean): string {
  return `${display ? "D" : "I"}${tex}`;
}

/** Renders every formula of a lesson up front, so an error names the file, line and formula. */
function renderAllMath(tokens: Token[], file: string, into: Map<string, string>): void {
  for (const { tex, display, line } of collectMath(tokens)) {
    const key = mathKey(tex, display);
    if (into.has(key)) continue;
    try {
      into.set(key, renderMath(tex, display));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${posix(relative(ROOT, file))}:${line}: cannot render ${display ? "$$" : "$"}${tex}${display ? "$$" : "$"}\n  ${message}`);
    }
  }
}

/** Paragraphs that hold only an image become <figure>s with a caption. */
function markFigures(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.type !== "paragraph_open" || tokens[i + 2]!.type !== "paragraph_close") continue;
    const children = (tokens[i + 1]!.children ?? []).filter((c) => !(c.type === "text" && c.content.trim() === "") && c.type !== "softbreak");
    if (children.length === 1 && children[0]!.type === "image") {
      tokens[i]!.hidden = true;
      tokens[i + 2]!.hidden = true;
      children[0]!.meta = { ...(children[0]!.meta ?? {}), figure: true };
    }
  }
}

Object.assign(bookMarkdown.renderer.rules, {
  math_inline: (t: Token[], i: number, _o: unknown, env: PageEnv) => mathHtml(t[i]!.content, false, env),
  math_block: (t: Token[], i: number, _o: unknown, env: PageEnv) => `<div class="math-display">${mathHtml(t[i]!.content, true, env)}</div>\n`,
  fence: (t: Token[], i: number) => {
    const lang = t[i]!.info.trim().split(/\s+/)[0] ?? "";
    const label = lang && lang !== "text" ? ` data-lang="${escapeHtml(lang)}"` : "";
    return `<pre class="code"${label}><code>${highlightHtml(t[i]!.content.replace(/\n$/, ""), lang)}</code></pre>\n`;
  },
  code_block: (t: Token[], i: number) => `<pre class="code"><code>${escapeHtml(t[i]!.content.replace(/\n$/, ""))}</code></pre>\n`,
  image: (t: Token[], i: number, _o: unknown, env: PageEnv) => {
    const token = t[i]!;
    const src = escapeHtml(rewriteHref(localizedFigure(token.attrGet("src") ?? "", env), env));
    const alt = escapeHtml(token.content);
    // The alt text describes the whole picture for screen readers; the caption is the image's
    // title (`![alt](src "caption")`) when it has one, short enough to read under a figure.
    const caption = escapeHtml(token.attrGet("title") ?? token.content);
    const img = `<img src="${src}" alt="${alt}">`;
    return token.meta?.figure ? `<figure>${img}<figcaption>${caption}</figcaption></figure>\n` : img;
  },
  link_open: (t: Token[], i: number, _o: unknown, env: PageEnv) => {
    const href = t[i]!.attrGet("href") ?? "";
    const external = /^https?:/.test(href) ? ' rel="noopener"' : "";
    const exercise = /(^|\/)exercises\/\d\d_\w+\.ts$/.test(href) ? ' class="exercise-link"' : "";
    return `<a href="${escapeHtml(rewriteHref(href, env))}"${exercise}${external}>`;
  },
  heading_open: (t: Token[], i: number) => {
    const token = t[i]!;
    const id = escapeHtml(token.attrGet("id") ?? "");
    const anchor = token.tag === "h1" ? "" : `<a class="anchor" href="#${id}" aria-hidden="true">#</a>`;
    return `<${token.tag} id="${id}">${anchor}`;
  },
  blockquote_open: (t: Token[], i: number, _o: unknown, env: PageEnv) =>
    t[i]!.meta?.answer ? `<details class="answer"><summary>${escapeHtml(TEXT[env.lang].answer)}</summary>\n<div class="answer-body">\n` : "<blockquote>\n",
  blockquote_close: (t: Token[], i: number) => (t[i]!.meta?.answer ? "</div>\n</details>\n" : "</blockquote>\n"),
  table_open: () => `<div class="table-wrap"><table>\n`,
  table_close: () => `</table></div>\n`,
});

/** `figures/NAME.svg` in a Korean page is `figures/NAME.ko.svg` when that translation exists. */
function localizedFigure(src: string, env: PageEnv): string {
  if (env.lang === "en" || !/\.svg$/.test(src) || /^[a-z]+:/i.test(src)) return src;
  const translated = src.replace(/\.svg$/, `.${env.lang}.svg`);
  return existsSync(resolve(env.sourceDir, translated)) ? translated : src;
}

/** A formula's HTML: rendered up front by renderAllMath for lessons, on demand for titles. */
function mathHtml(tex: string, display: boolean, env: PageEnv): string {
  const key = mathKey(tex, display);
  let html = env.math.get(key);
  if (html === undefined) env.math.set(key, (html = renderMath(tex, display)));
  return html;
}

function renderLessonHtml(tokens: Token[], env: PageEnv): string {
  return bookMarkdown.renderer.render(tokens, bookMarkdown.options, env);
}

type Page = { lang: Lang; lesson: LessonInfo; index: number; lessons: LessonInfo[] };

function layout(opts: { lang: Lang; title: string; assets: string; home: string; switchHref: string; toc: string; body: string; pager?: string }): string {
  const t = TEXT[opts.lang];
  const o = other(opts.lang);
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(opts.title)}</title>
<link rel="stylesheet" href="${opts.assets}/katex/katex.min.css">
<link rel="stylesheet" href="${opts.assets}/book.css">
</head>
<body>
<header class="topbar">
  <a class="brand" href="${opts.home}">dnn-workbook <span>${escapeHtml(t.bookTitle)}</span></a>
  <a class="lang-switch" href="${opts.switchHref}" hreflang="${o}" lang="${o}" rel="alternate" title="${escapeHtml(TEXT[o].switchTo)}">${TEXT[o].name}</a>
</header>
<div class="layout">
<nav class="toc" aria-label="${escapeHtml(t.contents)}">
${opts.toc}
</nav>
<main>
<article>
${opts.body}
</article>
${opts.pager ?? ""}
<footer>${escapeHtml(t.footer)}</footer>
</main>
</div>
</body>
</html>
`;
}

function tocHtml(lang: Lang, lessons: LessonInfo[], current: LessonInfo | null, sections: { id: string; text: string }[]): string {
  const t = TEXT[lang];
  const items = lessons
    .map((l) => {
      const here = current?.file === l.file;
      const sub =
        here && sections.length
          ? `\n<ol class="sections" aria-label="${escapeHtml(t.onThisPage)}">${sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${inlineTitle(s.text)}</a></li>`).join("")}</ol>`
          : "";
      return `<li${here ? ' class="current"' : ""}><a href="${htmlName(l.file)}"${here ? ' aria-current="page"' : ""}><span class="num">${l.number}</span> ${inlineTitle(l.title)}</a>${sub}</li>`;
    })
    .join("\n");
  return `<p class="toc-title"><a href="index.html">${escapeHtml(t.lessons)}</a></p>\n<ol class="lessons">\n${items}\n</ol>\n<p class="toc-title"><a href="exercises/index.html">${escapeHtml(t.exercises)}</a></p>`;
}

/** Formulas in titles (none so far) are rendered once per process, like the lessons' own. */
const titleMath = new Map<string, string>();

/** A heading's text as HTML, rendered like lesson text: `code` and $math$ work, the rest is escaped. */
function inlineTitle(text: string): string {
  const env: Pick<PageEnv, "math"> = { math: titleMath };
  return bookMarkdown.renderInline(text, env);
}

function plainTitle(text: string): string {
  return text.replace(/`([^`]+)`/g, "$1").replace(/\$([^$]+)\$/g, "$1");
}

function pagerHtml(page: Page): string {
  const t = TEXT[page.lang];
  const prev = page.lessons[page.index - 1];
  const next = page.lessons[page.index + 1];
  const link = (l: LessonInfo | undefined, rel: "prev" | "next", label: string): string =>
    l
      ? `<a rel="${rel}" href="${htmlName(l.file)}"><small>${escapeHtml(label)}</small><span>${l.number} ${inlineTitle(l.title)}</span></a>`
      : "<span></span>";
  return `<nav class="pager">${link(prev, "prev", `← ${t.previous}`)}${link(next, "next", `${t.next} →`)}</nav>`;
}

function indexBody(lang: Lang, lessons: LessonInfo[]): string {
  const t = TEXT[lang];
  const list = lessons
    .map((l) => `<li><a href="${htmlName(l.file)}"><span class="num">${l.number}</span> ${inlineTitle(l.title)}</a></li>`)
    .join("\n");
  return `<h1>${escapeHtml(t.bookTitle)}</h1>
<p class="lead">${escapeHtml(t.tagline)}</p>
<ol class="index-list">
${list}
</ol>
<p>${escapeHtml(t.start)}:</p>
<pre class="code" data-lang="sh"><code>${highlightHtml("npm install\nnpm run grade          # all exercises\nnpm run grade -- 01    # one exercise\nnpm run lesson -- 1    # read a lesson in the terminal", "sh")}</code></pre>`;
}

function rootIndex(byLang: Record<Lang, LessonInfo[]>): string {
  const columns = LANGS.map((lang) => {
    const t = TEXT[lang];
    return `<section lang="${lang}">
<h2><a href="${lang}/index.html">${escapeHtml(t.name)}</a></h2>
<p class="lead">${escapeHtml(t.tagline)}</p>
<ol class="index-list">
${byLang[lang].map((l) => `<li><a href="${lang}/${htmlName(l.file)}"><span class="num">${l.number}</span> ${inlineTitle(l.title)}</a></li>`).join("\n")}
</ol>
</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>dnn-workbook</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/book.css">
</head>
<body class="root">
<main>
<h1>dnn-workbook</h1>
<p class="lead">${escapeHtml(TEXT.en.bookTitle)} · <span lang="ko">${escapeHtml(TEXT.ko.bookTitle)}</span></p>
<div class="languages">
${columns}
</div>
</main>
</body>
</html>
`;
}

/** Copies KaTeX's stylesheet and fonts, so math renders from file:// without a network. */
function copyKatexAssets(assetsDir: string): void {
  const require = createRequire(import.meta.url);
  const katexDist = dirname(require.resolve("katex/dist/katex.min.css"));
  mkdirSync(join(assetsDir, "katex"), { recursive: true });
  copyFileSync(join(katexDist, "katex.min.css"), join(assetsDir, "katex", "katex.min.css"));
  cpSync(join(katexDist, "fonts"), join(assetsDir, "katex", "fonts"), { recursive: true });
}

export function buildBook(options: BookOptions): BookResult {
  const started = performance.now();
  const outDir = resolve(options.outDir);
  const lessonsDir = resolve(options.lessonsDir ?? LESSONS_DIR);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });
  copyKatexAssets(join(outDir, "assets"));
  writeFileSync(join(outDir, "assets", "book.css"), readFileSync(new URL("./book.css", import.meta.url)));
  const figuresDir = join(lessonsDir, "figures");
  if (existsSync(figuresDir)) {
    mkdirSync(join(outDir, "figures"), { recursive: true });
    for (const file of readdirSync(figuresDir).filter((f) => f.endsWith(".svg"))) {
      copyFileSync(join(figuresDir, file), join(outDir, "figures", file));
    }
  }

  const byLang = Object.fromEntries(LANGS.map((lang) => [lang, listLessons(lang, lessonsDir)])) as Record<Lang, LessonInfo[]>;
  const pages: string[] = [];
  const write = (path: string, html: string): void => {
    writeFileSync(path, html);
    pages.push(path);
  };
  const math = new Map<string, string>();
  for (const lang of LANGS) {
    const lessons = byLang[lang];
    const pageDir = join(outDir, lang);
    mkdirSync(pageDir, { recursive: true });
    const otherFiles = new Set(byLang[other(lang)].map((l) => l.file));
    lessons.forEach((lesson, index) => {
      const source = join(lessonsDir, lang, lesson.file);
      const tokens = parseLesson(readFileSync(source, "utf8"));
      renderAllMath(tokens, source, math);
      markFigures(tokens);
      const env: PageEnv = { sourceDir: dirname(source), pageDir, outDir, lessonsDir, math, lang };
      const sections = collectHeadings(tokens).filter((h) => h.level === 2);
      write(
        join(pageDir, htmlName(lesson.file)),
        layout({
          lang,
          title: `${lesson.number} ${plainTitle(lesson.title)} · dnn-workbook`,
          assets: "../assets",
          home: "index.html",
          switchHref: `../${other(lang)}/${otherFiles.has(lesson.file) ? htmlName(lesson.file) : "index.html"}`,
          toc: tocHtml(lang, lessons, lesson, sections),
          body: renderLessonHtml(tokens, env),
          pager: pagerHtml({ lang, lesson, index, lessons }),
        }),
      );
    });
    write(
      join(pageDir, "index.html"),
      layout({
        lang,
        title: `${TEXT[lang].bookTitle} · dnn-workbook`,
        assets: "../assets",
        home: "index.html",
        switchHref: `../${other(lang)}/index.html`,
        toc: tocHtml(lang, lessons, null, []),
        body: indexBody(lang, lessons),
      }),
    );
  }
  write(join(outDir, "index.html"), rootIndex(byLang));
  return { outDir, pages, ms: performance.now() - started };
}

const BOOK_HELP = `Usage: npm run book [-- --out DIR]

Builds the lessons (English and Korean) into a static HTML book with rendered math.
  --out DIR   where to write it (default: book/)`;

export async function bookCommand(argv: string[]): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } }, allowPositionals: false }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${BOOK_HELP}`);
    return 1;
  }
  if (values.help) {
    console.log(BOOK_HELP);
    return 0;
  }
  const outDir = resolve(values.out ?? join(ROOT, "book"));
  try {
    const result = buildBook({ outDir });
    // The exercise pages (editor, grader, training), loaded only here: `npm run lesson` does not pay for esbuild.
    const { buildExercisePages } = await import("../browser/build.ts");
    result.pages.push(...buildExercisePages(outDir).pages);
    const shown = relative(process.cwd(), join(result.outDir, "index.html"));
    console.log(`Built ${result.pages.length} pages in ${Math.round(result.ms)} ms.`);
    console.log(`Open ${shown.startsWith("..") ? join(result.outDir, "index.html") : shown}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
