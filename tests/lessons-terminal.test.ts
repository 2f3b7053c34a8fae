// The terminal reader: display widths (Korean counts double), TeX to text, and a fixture lesson in
// English and Korean rendered at several widths — every line fits, math is converted, tables are
// aligned, and `color: false` means no escape sequences at all.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LANGS, listLessons, renderLessonToTerminal, stringWidth, stripAnsi, texToText } from "../grader/lessons/index.ts";
import type { Lang } from "../grader/lessons/index.ts";
import { LESSONS_DIR } from "../grader/lessons/lessons.ts";
import { sectionOf, terminalWidth } from "../grader/lessons/lesson-command.ts";
import { splitAtQuads, texToBlock } from "../grader/lessons/tex-to-text.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/lessons/", import.meta.url));
const WIDTHS = [40, 60, 80, 100];
const ANSI = /\x1b\[/;

const fixture = (lang: Lang): string => readFileSync(join(FIXTURES, lang, "01_fixture.md"), "utf8");
const render = (lang: Lang, width: number, color = false): string =>
  renderLessonToTerminal(fixture(lang), { width, color, lang, baseDir: join(FIXTURES, lang) });

// ── stringWidth ───────────────────────────────────────────────────────────────────────────

test("stringWidth: ASCII, Hangul, CJK and fullwidth forms", () => {
  assert.is(stringWidth(""), 0);
  assert.is(stringWidth("abc"), 3);
  assert.is(stringWidth("한국어"), 6);
  assert.is(stringWidth("심층 신경망"), 11);
  assert.is(stringWidth("W[l]는"), 6);
  assert.is(stringWidth("漢字"), 4);
  assert.is(stringWidth("ＡＢ"), 4, "fullwidth Latin letters");
  assert.is(stringWidth("あア"), 4, "hiragana and katakana");
});

test("stringWidth: narrow symbols, combining marks and zero-width characters", () => {
  assert.is(stringWidth("Σ·×∈ℝα"), 6, "math symbols and Greek are one column");
  assert.is(stringWidth("┌─┐│"), 4, "box drawing");
  assert.is(stringWidth("ŷ"), 1, "precomposed");
  assert.is(stringWidth("y\u0302"), 1, "y + combining circumflex");
  assert.is(stringWidth("e\u0301te\u0301"), 3, "combining acute accents");
  assert.is(stringWidth("a\u200bb"), 2, "zero-width space");
  assert.is(stringWidth("\u1100\u1161\u11a8"), 2, "a Hangul syllable from conjoining jamo");
  assert.is(stringWidth("😀"), 2, "emoji");
});

test("stringWidth: ANSI escapes take no columns; multi-line text counts its widest line", () => {
  assert.is(stringWidth("\x1b[1m\x1b[36m굵게\x1b[39m\x1b[22m"), 4);
  assert.is(stringWidth("\x1b]8;;https://example.com\x07link\x1b]8;;\x07"), 4, "OSC 8 hyperlink");
  assert.is(stringWidth("ab\n한국어\nc"), 6);
  assert.is(stripAnsi("\x1b[31mred\x1b[0m"), "red");
});

// ── TeX to text ───────────────────────────────────────────────────────────────────────────

test("texToText: the course's notation reads as it does in the notes", () => {
  const cases: [string, string][] = [
    ["Z^{[l]} = W^{[l]} \\cdot A^{[l-1]} + b^{[l]}", "Z[l] = W[l]·A[l-1] + b[l]"],
    ["\\frac{1}{m}", "(1/m)"],
    ["X \\in \\mathbb{R}^{n_x \\times m}", "X ∈ ℝ^(nₓ × m)"],
    ["\\hat{y} = a^{[L]}", "ŷ = a[L]"],
    ["a^{[2](i)}", "a[2](i)"],
    ["dW^{[l]} = \\frac{1}{m} dZ^{[l]} A^{[l-1]T}", "dW[l] = (1/m) dZ[l] A[l-1]ᵀ"],
    ["dA^{[l-1]} = W^{[l]T} dZ^{[l]}", "dA[l-1] = W[l]ᵀ dZ[l]"],
    ["da^{[L]} = -\\frac{y}{a} + \\frac{1-y}{1-a}", "da[L] = -(y/a) + (1-y)/(1-a)"],
    ["dz^{[l]} = da^{[l]} * g^{[l]\\prime}(z^{[l]})", "dz[l] = da[l] * g[l]′(z[l])"],
    ["\\sum_{i=1}^{m} \\mathcal{L}^{(i)}", "Σᵢ₌₁ᵐ ℒ(i)"],
    ["\\sum_k W^{[l]}_{jk} a_k", "Σₖ Wⱼₖ[l] aₖ"],
    ["h_{\\text{or}} - h_{\\text{and}}", "h_or - h_and"],
    ["\\frac{J(\\theta + \\varepsilon) - J(\\theta - \\varepsilon)}{2\\varepsilon}", "(J(θ + ε) - J(θ - ε))/(2ε)"],
    ["\\frac{1 - y}{1 - a}", "(1 - y)/(1 - a)"],
    ["\\frac{\\partial J}{\\partial \\theta}", "(∂J/∂θ)"],
    ["\\sigma(z) = \\frac{1}{1 + e^{-z}}", "σ(z) = 1/(1 + e^(-z))"],
    ["x_1 \\oplus x_2 \\oplus \\dots \\oplus x_n", "x₁ ⊕ x₂ ⊕ … ⊕ xₙ"],
    ["O(2^{n-1})", "O(2ⁿ⁻¹)"],
    ["\\text{np.sum}(dZ, \\text{axis} = 1)", "np.sum(dZ, axis = 1)"],
    ["\\alpha \\, dW", "α dW"],
    ["x \\in \\mathbb{R}^{n_x}, \\qquad y \\in \\{0, 1\\}", "x ∈ ℝ^(nₓ),    y ∈ {0, 1}"],
    ["\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "[1, 2; 3, 4]"],
  ];
  for (const [tex, text] of cases) assert.is(texToText(tex), text, tex);
});

test("texToBlock: a matrix in display math becomes a grid with tall brackets", () => {
  assert.equal(texToBlock("A = \\begin{bmatrix} 1 & -3.5 \\\\ 0.25 & 2 \\end{bmatrix}"), [
    "A = ⎡    1  -3.5 ⎤",
    "    ⎣ 0.25     2 ⎦",
  ]);
  assert.equal(texToBlock("\\begin{pmatrix} a \\\\ b \\\\ c \\end{pmatrix}"), ["⎛ a ⎞", "⎜ b ⎟", "⎝ c ⎠"]);
  assert.equal(texToBlock("Y = \\begin{bmatrix} 0 & 1 \\end{bmatrix}"), ["Y = [ 0  1 ]"]);
});

test("side-by-side display equations split at top-level \\quad and stack when too wide", () => {
  assert.equal(splitAtQuads("a = 1, \\quad b = \\begin{bmatrix} 1 \\quad 2 \\end{bmatrix}, \\qquad c = \\frac{1}{2}"), [
    "a = 1,",
    "b = \\begin{bmatrix} 1 \\quad 2 \\end{bmatrix},",
    "c = \\frac{1}{2}",
  ]);
  const markdown = "$$A = \\begin{bmatrix} 10 & 20 \\\\ 30 & 40 \\end{bmatrix}, \\qquad B = \\begin{bmatrix} 50 & 60 \\\\ 70 & 80 \\end{bmatrix}$$\n";
  const wide = renderLessonToTerminal(markdown, { width: 60, color: false, lang: "en" }).split("\n");
  assert.ok(wide.some((l) => l.includes("A = ⎡") || l.includes("⎤,    B")), "side by side when they fit");
  const narrow = renderLessonToTerminal(markdown, { width: 24, color: false, lang: "en" }).trimEnd().split("\n");
  assert.equal(narrow.map((l) => l.trim()), ["A = ⎡ 10  20 ⎤", "⎣ 30  40 ⎦", "", "B = ⎡ 50  60 ⎤", "⎣ 70  80 ⎦"]);
});

// ── the fixture lesson ────────────────────────────────────────────────────────────────────

test("no line is wider than the terminal, in English and in Korean, at every width", () => {
  for (const lang of LANGS) {
    for (const width of WIDTHS) {
      for (const color of [false, true]) {
        const lines = render(lang, width, color).split("\n");
        const over = lines.filter((l) => stringWidth(l) > width);
        assert.equal(over, [], `${lang} at ${width} columns${color ? " (colour)" : ""}: ${over.length} lines too wide`);
      }
    }
  }
});

test("long Korean paragraphs wrap instead of running past the edge", () => {
  const out = render("ko", 40);
  assert.ok(out.includes("이 문단은 일부러 길게 썼습니다."), "the paragraph is there");
  const paragraph = out.split("\n\n").find((p) => p.includes("이 문단은"))!;
  assert.ok(paragraph.split("\n").length >= 8, "a 300-column Korean paragraph takes many 40-column lines");
  // The unbroken run of Hangul is cut at character boundaries, two columns each.
  assert.ok(out.includes("띄어쓰기없이"), "the long run of Hangul is there");
});

test("math is converted to text: no TeX commands, superscript braces or dollar signs remain", () => {
  for (const lang of LANGS) {
    const out = render(lang, 80);
    assert.not.match(out, /\\frac|\\sum|\\mathbb|\\hat|\\begin|\^\{\[|\$/, `${lang}: raw TeX left`);
    assert.ok(out.includes("Z[l] = W[l]·A[l-1] + b[l]"), `${lang}: inline math`);
    assert.ok(out.includes("J = -(1/m) Σᵢ₌₁ᵐ"), `${lang}: display math`);
    assert.ok(out.includes("X ∈ ℝ^(nₓ × m)"), `${lang}: ∈ ℝ^(nₓ × m)`);
    assert.ok(out.includes("ŷ = a[L]"), `${lang}: ŷ`);
  }
});

test("display math is centred on its own line; aligned equations line up at the &", () => {
  const lines = render("en", 100).split("\n");
  const line = lines.find((l) => l.includes("J = -(1/m) Σᵢ₌₁ᵐ"))!;
  const left = line.length - line.trimStart().length;
  assert.ok(Math.abs(left - (100 - stringWidth(line.trim())) / 2) <= 1, `centred: ${left} spaces before ${stringWidth(line.trim())} columns`);
  const dW = lines.find((l) => l.includes("dW[l] = (1/m) dZ[l] A[l-1]ᵀ"))!;
  const db = lines.find((l) => l.includes("db[l] = (1/m) Σᵢ₌₁ᵐ dZ[l](i)"))!;
  assert.is(dW.indexOf("="), db.indexOf("="), `the = signs line up:\n${dW}\n${db}`);
});

test("tables are box-drawn and aligned: every row of a table has the same width", () => {
  for (const lang of LANGS) {
    for (const width of [40, 80]) {
      const lines = render(lang, width).split("\n");
      const start = lines.findIndex((l) => l.startsWith("┌"));
      const end = lines.findIndex((l, i) => i > start && l.startsWith("└"));
      assert.ok(start >= 0 && end > start, `${lang}: a table is drawn`);
      const table = lines.slice(start, end + 1);
      const widths = new Set(table.map((l) => stringWidth(l)));
      assert.is(widths.size, 1, `${lang} at ${width}: rows of widths ${[...widths].join(", ")}\n${table.join("\n")}`);
      // The column separators line up in every row.
      const columns = (l: string): number[] => [...l].flatMap((ch, i) => ("│┬┼┴┤├┐┘┌└".includes(ch) ? [stringWidth([...l].slice(0, i).join(""))] : []));
      const first = columns(table[0]!);
      for (const row of table) assert.equal(columns(row), first, `${lang} at ${width}: misaligned row ${row}`);
      assert.ok(table.some((l) => l.startsWith("├")), "a rule under the header");
    }
  }
});

test("table cells honour the column alignment", () => {
  const lines = render("en", 100).split("\n");
  const row = lines.find((l) => l.includes("W[l]") && l.startsWith("│"))!;
  const cells = row.split("│").slice(1, -1);
  assert.ok(cells[0]!.startsWith(" W[l]"), `left-aligned: "${cells[0]}"`);
  assert.ok(cells[2]!.endsWith("layer l "), `right-aligned: "${cells[2]}"`);
  const shape = cells[1]!;
  const before = shape.length - shape.trimStart().length;
  const after = shape.length - shape.trimEnd().length;
  assert.ok(Math.abs(before - after) <= 1, `centred: "${shape}"`);
});

test("no escape sequences at all with color: false; colours with color: true", () => {
  for (const lang of LANGS) {
    for (const width of WIDTHS) assert.not.match(render(lang, width, false), ANSI, `${lang} at ${width}`);
    assert.match(render(lang, 80, true), ANSI, `${lang}: colour is used when asked for`);
    assert.is(stripAnsi(render(lang, 80, true)), render(lang, 80, false), `${lang}: colour changes nothing but colour`);
  }
});

test("headings, lists, blockquotes, code and links render readably", () => {
  const out = render("en", 80);
  const flat = out.replace(/\s+/g, " ");
  assert.match(out, /^A fixture lesson\n═+/m, "the title, underlined");
  assert.match(out, /^Overview\n─+/m, "a section heading, underlined, without its {#id} anchor");
  assert.not.match(out, / #[a-z-]+$/m, "no #anchor after a heading");
  assert.match(out, /^• First item with W\[1\]$/m, "bullets");
  assert.match(out, /^  ◦ nested item one/m, "nested bullets are indented");
  assert.match(out, /^    1\. deeper ordered$/m, "ordered lists inside nested lists");
  assert.match(out, /^│ A blockquote/m, "blockquotes get a bar");
  assert.match(out, /^    const Z = np\.add\(np\.dot\(W, A\), b\);/m, "code is indented");
  assert.match(out, /^  ↪ /m, "a long code line continues on a marked line");
  assert.ok(flat.includes("link to the next lesson (tests/fixtures/lessons/en/02_next.md#vectorized)"), "a link shows its target");
});

test("a figure prints its alt text and the text drawing stored beside the SVG", () => {
  const en = render("en", 80);
  assert.ok(en.includes("[Figure] A small diagram"), "the alt text");
  assert.ok(en.includes("x ──▶ [ W·x + b ] ──▶ z ──▶ [ g ] ──▶ a"), "the fallback drawing");
  assert.ok(en.includes("missing.svg — diagram: open the HTML book"), "no fallback: the path and a pointer to the book");
  assert.ok(render("ko", 80).includes("[그림] 작은 도식"), "Korean label");
  const narrow = render("en", 40);
  assert.ok(narrow.includes("too wide for this terminal"), "a drawing wider than the terminal is replaced by a note");
});

// ── the real lessons ──────────────────────────────────────────────────────────────────────

/** TeX that should never reach the terminal: commands, braced scripts, dollar-delimited math. */
const RAW_TEX = /\\(frac|begin|end|mathbb|mathcal|hat|text|sum|left|right|partial|cdot|alpha|varepsilon|operatorname|quad|qquad|le|ge|in)\b|[_^]\{|\$\$|(^|\s)\$[^{]/;

/** Every line of a cases block (⎧ … ⎩) starts its brace piece in the same column. */
function bracesStack(out: string): string[] {
  const lines = out.split("\n");
  const problems: string[] = [];
  lines.forEach((line, i) => {
    const top = line.indexOf("⎧");
    if (top < 0) return;
    const col = stringWidth(line.slice(0, top));
    let j = i + 1;
    while (j < lines.length && /^\s*[^⎩]*⎪|⎨/.test(lines[j]!) && !lines[j]!.includes("⎩")) j++;
    const bottom = lines[j] ?? "";
    const at = bottom.indexOf("⎩");
    if (at < 0 || stringWidth(bottom.slice(0, at)) !== col) problems.push(`${line}\n${bottom}`);
  });
  return problems;
}

const SNAPSHOTS = fileURLToPath(new URL("./snapshots/terminal/", import.meta.url));

test("snapshots: every lesson at 60, 80 and 120 columns — no raw TeX, no line over the width, cases stacked", () => {
  const update = process.env.UPDATE_SNAPSHOTS === "1";
  const stale: string[] = [];
  for (const lang of LANGS) {
    for (const lesson of listLessons(lang)) {
      const markdown = readFileSync(join(LESSONS_DIR, lang, lesson.file), "utf8");
      for (const width of [60, 80, 120]) {
        const out = renderLessonToTerminal(markdown, { width, color: false, lang });
        const where = `${lang}/${lesson.file} at ${width}`;
        const over = out.split("\n").filter((l) => stringWidth(l) > width);
        assert.equal(over, [], `${where}: lines over the width`);
        const raw = out.split("\n").filter((l) => RAW_TEX.test(l));
        assert.equal(raw, [], `${where}: raw TeX`);
        assert.equal(bracesStack(out), [], `${where}: a cases environment that does not stack`);
        const file = join(SNAPSHOTS, lang, `${lesson.file.replace(/\.md$/, "")}.${width}.txt`);
        if (update) {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, out);
        } else if (!existsSync(file) || readFileSync(file, "utf8") !== out) stale.push(relative(SNAPSHOTS, file));
      }
    }
  }
  assert.equal(stale, [], `terminal output changed (review it, then: UPDATE_SNAPSHOTS=1 node tests/run.mjs lessons-terminal)`);
});

test("cases stack: ReLU′'s two cases are one brace, values and conditions in columns", () => {
  const md = "$$\\operatorname{ReLU}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}$$\n";
  const lines = renderLessonToTerminal(md, { width: 60, color: false, lang: "en" }).trimEnd().split("\n");
  assert.is(lines.length, 2, lines.join("\n"));
  assert.match(lines[0]!, /ReLU′\(z\) = ⎧ 1   if z > 0$/);
  assert.match(lines[1]!, /^\s+⎩ 0   if z ≤ 0$/);
  assert.is(lines[0]!.indexOf("⎧"), lines[1]!.indexOf("⎩"));
  assert.is(texToText("\\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}"), "{ 1 if z > 0; 0 if z ≤ 0 }", "inline: one line");
});

test("code breaks at spaces, never inside a token or a Korean word; commands in text stay whole", () => {
  const code = "const dW = np.multiply(np.dot(dZ, A_prev.T), 1 / m); // 모든 샘플에 대한 기울기의 평균을 구합니다 (n[l], n[l-1])";
  const out = renderLessonToTerminal("```ts\n" + code + "\n```\n", { width: 40, color: false, lang: "ko" });
  const pieces = out.trimEnd().split("\n").map((l) => l.replace(/^(    |  ↪ )/, ""));
  assert.ok(pieces.length > 2, out);
  assert.is(pieces.join(" "), code, "joining the pieces at single spaces gives the line back");
  for (const line of out.split("\n")) assert.ok(stringWidth(line) <= 40, line);
  const text = renderLessonToTerminal("Run `npm run train -- --lr 0.1 --iterations 300` to see it.\n", { width: 50, color: false, lang: "en" });
  assert.ok(text.split("\n").some((l) => l.includes("npm run train -- --lr 0.1 --iterations 300")), text);
});

test("one section of a lesson, as the grader's hints name it (02_forward_propagation.md#vectorized)", () => {
  for (const lang of LANGS) {
    const markdown = readFileSync(join(LESSONS_DIR, lang, "02_forward_propagation.md"), "utf8");
    const part = sectionOf(markdown, "vectorized")!;
    assert.match(part, /^# /, "the lesson's title first");
    assert.match(part, /\{#vectorized\}/);
    assert.not.match(part, /\{#layer-loop\}|\{#one-example\}/, "only that section");
    assert.ok(part.includes("```ts"), "a code block inside the section is kept");
  }
  assert.is(sectionOf("# T\n\n## A {#a}\n", "b"), null);
});

test("the reader's width: the terminal's, else $COLUMNS when piped, else 80; at most 100", () => {
  assert.is(terminalWidth({ columns: 72 }, {}), 72);
  assert.is(terminalWidth({ columns: undefined }, { COLUMNS: "60" }), 60);
  assert.is(terminalWidth({}, {}), 80);
  assert.is(terminalWidth({}, { COLUMNS: "200" }), 100);
  assert.is(terminalWidth({}, { COLUMNS: "junk" }), 80);
});

test("every lesson in both languages renders within 40, 72 and 100 columns with no TeX left", () => {
  for (const lang of LANGS) {
    for (const lesson of listLessons(lang)) {
      const markdown = readFileSync(join(LESSONS_DIR, lang, lesson.file), "utf8");
      for (const width of [40, 72, 100]) {
        const out = renderLessonToTerminal(markdown, { width, color: false, lang });
        const over = out.split("\n").filter((l) => stringWidth(l) > width);
        assert.equal(over, [], `${lang}/${lesson.file} at ${width}`);
        assert.not.match(out, /\\frac|\\begin|\\mathbb|\\hat|\^\{\[|\\text\{/, `${lang}/${lesson.file}: raw TeX`);
      }
    }
  }
});

test("exercise links show the repository path, and figures their drawings, in real lessons", () => {
  const markdown = readFileSync(join(LESSONS_DIR, "en", "04_building_blocks.md"), "utf8");
  const out = renderLessonToTerminal(markdown, { width: 80, color: false, lang: "en" });
  assert.ok(out.includes("exercises/08_model_backward.ts — modelBackward"), "the link text is the path, shown once");
  assert.not.match(out, /\.\.\/\.\.\/exercises/, "no ../../ paths");
  assert.ok(out.includes("┌─ forward, layer l"), "the layer_blocks drawing");
});

test.run();
