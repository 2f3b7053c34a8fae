// The lessons as a course: both languages have the same lessons and sections, every link and
// image resolves, every lesson has the same outline, every formula renders with KaTeX, the grader
// points only at sections that exist, and the demo output shown in lesson 07 is what the demo prints.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LANGS, findLesson, lessonCommand, listLessons, stringWidth } from "../grader/lessons/index.ts";
import type { Lang } from "../grader/lessons/index.ts";
import { FIGURES_DIR, LESSONS_DIR, ROOT } from "../grader/lessons/lessons.ts";
import { collectHeadings, collectLinks, collectMath, parseLesson } from "../grader/lessons/markdown.ts";
import { mathError } from "../grader/lessons/math.ts";
import { main as xorCircuitTable } from "../lessons/demos/xor_circuit.ts";

/** The course's exercises. Their files may not exist yet while they are being written. */
const EXERCISES = [
  "00_shapes", "01_initialize", "02_linear_forward", "03_activation_forward", "04_model_forward", "05_cost",
  "06_linear_backward", "07_activation_backward", "08_model_backward", "09_update", "10_train", "11_dense_layer",
];
const OUTLINE = ["overview", "summary", "quiz", "exercises"];

const source = (lang: Lang, file: string): string => readFileSync(join(LESSONS_DIR, lang, file), "utf8");
const parsed = new Map<string, ReturnType<typeof parseLesson>>();
/** A lesson's tokens, parsed once (several tests walk them; none modifies them). */
const tokensOf = (lang: Lang, file: string) => {
  const key = `${lang}/${file}`;
  if (!parsed.has(key)) parsed.set(key, parseLesson(source(lang, file)));
  return parsed.get(key)!;
};
/** The section anchors of a lesson: the ids of its ## and ### headings (the title's is not an anchor). */
const idsOf = (lang: Lang, file: string): string[] =>
  collectHeadings(tokensOf(lang, file)).filter((h) => h.level > 1).map((h) => h.id);
const files = (lang: Lang): string[] => listLessons(lang).map((l) => l.file);

test("nine lessons, numbered 01 … 09, in both languages with the same file names", () => {
  const en = files("en");
  assert.is(en.length, 9, `lessons/en has ${en.length} lessons: ${en.join(", ")}`);
  assert.equal(files("ko"), en, "lessons/ko must have exactly the files of lessons/en");
  assert.equal(listLessons("en").map((l) => l.number), ["01", "02", "03", "04", "05", "06", "07", "08", "09"]);
  for (const lang of LANGS) {
    for (const lesson of listLessons(lang)) assert.ok(lesson.title.length > 0, `${lang}/${lesson.file} has no "# " title`);
  }
});

test("each lesson has the same section anchors in English and Korean", () => {
  for (const file of files("en")) {
    assert.equal(idsOf("ko", file), idsOf("en", file), `${file}: the Korean headings' {#id}s differ from the English ones`);
  }
});

test("section anchors are explicit, unique, and present on every ## heading", () => {
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      const lines = source(lang, file).split("\n").filter((l) => /^#{2,3} /.test(l));
      for (const line of lines) assert.match(line, /\{#[a-z0-9-]+\}\s*$/, `${lang}/${file}: heading without {#id}: ${line}`);
      const ids = idsOf(lang, file);
      assert.is(new Set(ids).size, ids.length, `${lang}/${file}: duplicate heading ids ${ids.join(", ")}`);
    }
  }
});

test("every lesson has the outline: a title, overview first, then summary, the self-check quiz and exercises last", () => {
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      const headings = collectHeadings(tokensOf(lang, file));
      assert.is(headings[0]?.level, 1, `${lang}/${file} must start with a "# " title`);
      assert.is(headings.filter((h) => h.level === 1).length, 1, `${lang}/${file} has more than one "# " title`);
      const sections = headings.filter((h) => h.level === 2).map((h) => h.id);
      for (const id of OUTLINE) assert.ok(sections.includes(id), `${lang}/${file} has no "## … {#${id}}" section`);
      assert.is(sections[0], "overview", `${lang}/${file}: the first section must be the overview`);
      assert.equal(sections.slice(-3), ["summary", "quiz", "exercises"], `${lang}/${file}: the last sections must be summary, quiz (check yourself), exercises`);
      assert.ok(sections.length >= 5, `${lang}/${file} has only ${sections.length} sections: it needs concept sections too`);
    }
  }
});

test("every relative link and image resolves (lessons strictly, exercises by name), and so does every #anchor", () => {
  const problems: string[] = [];
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      const dir = join(LESSONS_DIR, lang);
      for (const { kind, target, line } of collectLinks(tokensOf(lang, file))) {
        const where = `lessons/${lang}/${file}:${line}`;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // URLs are not checked offline
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const full = path === "" ? join(dir, file) : resolve(dir, path);
        const rel = relative(ROOT, full).split("\\").join("/");
        if (rel.startsWith("exercises/")) {
          const name = rel.slice("exercises/".length).replace(/\.ts$/, "");
          if (!EXERCISES.includes(name) || !rel.endsWith(".ts")) problems.push(`${where}: ${kind} to an unknown exercise ${target}`);
          continue;
        }
        if (!existsSync(full)) {
          problems.push(`${where}: ${kind} target ${target} does not exist (${rel})`);
          continue;
        }
        if (anchor !== undefined) {
          if (!full.endsWith(".md")) problems.push(`${where}: anchor #${anchor} on a file that is not a lesson`);
          else if (!collectHeadings(parseLesson(readFileSync(full, "utf8"))).some((h) => h.id === anchor)) {
            problems.push(`${where}: ${target} — no heading {#${anchor}} there`);
          }
        }
      }
    }
  }
  assert.equal(problems, [], problems.join("\n"));
});

test("the exercises section links each exercise file and shows its grade command", () => {
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      const text = source(lang, file);
      const section = text.slice(text.indexOf("{#exercises}"));
      const linked = [...section.matchAll(/\(\.\.\/\.\.\/exercises\/(\d\d)_[a-z_]+\.ts\)/g)].map((m) => m[1]!);
      assert.ok(linked.length > 0, `${lang}/${file}: the exercises section links no exercise file`);
      for (const nn of linked) {
        assert.ok(section.includes(`npm run grade -- ${nn}`), `${lang}/${file}: exercise ${nn} is linked without "npm run grade -- ${nn}"`);
      }
    }
  }
});

test("no emphasis marker is left as literal text (CommonMark's flanking rules bite next to Korean)", () => {
  // `**검사(checking)**를` does not close: a `**` after punctuation and before a letter is not
  // right-flanking. Write `**검사**(checking)를` instead.
  const problems: string[] = [];
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      const walk = (tokens: ReturnType<typeof parseLesson>): void => {
        for (const t of tokens) {
          if (t.type === "text" && /\*\*|(^|\s)\*\S/.test(t.content)) problems.push(`${lang}/${file}: ${t.content.slice(0, 80)}`);
          if (t.children) walk(t.children);
        }
      };
      walk(tokensOf(lang, file));
    }
  }
  assert.equal(problems, [], problems.join("\n"));
});

test("every formula renders with KaTeX (throwOnError, strict)", () => {
  const problems: string[] = [];
  let count = 0;
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      for (const { tex, display, line } of collectMath(tokensOf(lang, file))) {
        count++;
        const error = mathError(tex, display);
        if (error) problems.push(`lessons/${lang}/${file}:${line}: ${tex}\n  ${error}`);
      }
    }
  }
  assert.equal(problems, [], problems.join("\n"));
  assert.ok(count > 200, `only ${count} formulas in all lessons?`);
});

test("every image is an SVG in lessons/figures with a text fallback of at most 76 columns", () => {
  const used = new Set<string>();
  for (const lang of LANGS) {
    for (const file of files(lang)) {
      for (const { kind, target } of collectLinks(tokensOf(lang, file))) {
        if (kind !== "image") continue;
        assert.match(target, /^\.\.\/figures\/[a-z0-9_]+\.svg$/, `${lang}/${file}: image ${target} is not ../figures/NAME.svg`);
        used.add(target.slice("../figures/".length));
      }
    }
  }
  const all = readdirSync(FIGURES_DIR).filter((f) => f.endsWith(".svg"));
  // NAME.ko.svg is the Korean translation of NAME.svg, shown in the Korean book.
  const svgs = all.filter((f) => !/\.[a-z]{2}\.svg$/.test(f));
  assert.equal([...used].sort(), svgs.sort(), "every SVG in lessons/figures is used, and every used one exists");
  for (const translated of all.filter((f) => /\.ko\.svg$/.test(f))) {
    assert.ok(svgs.includes(translated.replace(/\.ko\.svg$/, ".svg")), `${translated} translates a figure that does not exist`);
  }
  for (const svg of svgs) assert.ok(all.includes(svg.replace(/\.svg$/, ".ko.svg")), `${svg} has no Korean version (npm run figures writes it)`);
  for (const svg of all) {
    const text = readFileSync(join(FIGURES_DIR, svg), "utf8");
    assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="/, `${svg}: an <svg> root with a viewBox`);
    assert.match(text, /<title[^>]*>[^<]+<\/title>/, `${svg}: a <title> for screen readers`);
    assert.match(text, /font-family:[^;]*sans-serif/, `${svg}: a generic font-family fallback (Korean-safe)`);
    const fallback = join(FIGURES_DIR, svg.replace(/(\.ko)?\.svg$/, ".txt"));
    assert.ok(existsSync(fallback), `${svg} has no terminal fallback ${relative(ROOT, fallback)}`);
    for (const txt of readdirSync(FIGURES_DIR).filter((f) => f.startsWith(svg.replace(/\.svg$/, ".")) && f.endsWith(".txt"))) {
      const widest = Math.max(...readFileSync(join(FIGURES_DIR, txt), "utf8").split("\n").map((l) => stringWidth(l)));
      assert.ok(widest <= 76, `${txt} is ${widest} columns wide (at most 76)`);
    }
  }
});

test("the grader's lesson references point at lessons and sections that exist", () => {
  // Specs say `lesson: "02_forward_propagation#vectorized"`; stubs say "Read: lessons/en/…md#id".
  const refs: { from: string; file: string; anchor?: string }[] = [];
  for (const dir of ["grader/specs", "exercises", "solutions"]) {
    const full = join(ROOT, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(full, name), "utf8");
      for (const m of text.matchAll(/lesson: "(\d\d_[a-z_]+)(?:#([a-z0-9-]+))?"/g)) refs.push({ from: `${dir}/${name}`, file: `${m[1]}.md`, anchor: m[2] });
      for (const m of text.matchAll(/lessons\/en\/(\d\d_[a-z_]+\.md)(?:#([a-z0-9-]+))?/g)) refs.push({ from: `${dir}/${name}`, file: m[1]!, anchor: m[2] });
    }
  }
  const problems: string[] = [];
  for (const ref of refs) {
    for (const lang of LANGS) {
      if (!existsSync(join(LESSONS_DIR, lang, ref.file))) {
        problems.push(`${ref.from}: lessons/${lang}/${ref.file} does not exist`);
      } else if (ref.anchor && !idsOf(lang, ref.file).includes(ref.anchor)) {
        problems.push(`${ref.from}: lessons/${lang}/${ref.file} has no section {#${ref.anchor}}`);
      }
    }
  }
  assert.equal(problems, [], problems.join("\n"));
});

test("lesson 07 shows exactly what lessons/demos/xor_circuit.ts prints", () => {
  for (const lang of LANGS) {
    const printed = xorCircuitTable(2, 16, lang);
    const text = source(lang, "07_why_deep.md");
    const block = /```text\n((?:Parity|패리티)[\s\S]*?)\n```/.exec(text)?.[1];
    assert.ok(block, `${lang}/07_why_deep.md has no \`\`\`text block with the demo's output`);
    assert.fixture(block!, printed);
  }
});

test("findLesson accepts a number, a padded number, a topic or a file name", () => {
  const lessons = listLessons("en");
  for (const query of ["2", "02", "forward_propagation", "02_forward_propagation", "02_forward_propagation.md", "forward-propagation"]) {
    assert.is(findLesson(lessons, query)?.file, "02_forward_propagation.md", `findLesson("${query}")`);
  }
  assert.is(findLesson(lessons, "42"), undefined);
  assert.is(findLesson(lessons, "nonsense"), undefined);
});

/** Runs a command with console and stdout captured. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  const error = console.error;
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  console.log = (...args: unknown[]) => void (out += `${args.join(" ")}\n`);
  console.error = (...args: unknown[]) => void (err += `${args.join(" ")}\n`);
  try {
    return { code: await run(), out, err };
  } finally {
    process.stdout.write = write;
    console.log = log;
    console.error = error;
  }
}

test("lessonCommand lists the lessons, renders one in either language, and rejects an unknown one", async () => {
  const list = await capture(() => lessonCommand(["--no-color"]));
  assert.is(list.code, 0);
  for (const lesson of listLessons("en")) assert.ok(list.out.includes(lesson.title), `the list shows "${lesson.title}"`);
  assert.match(list.out, /en ko/);

  const ko = await capture(() => lessonCommand(["2", "--lang", "ko", "--width", "60", "--no-color"]));
  assert.is(ko.code, 0, ko.err);
  assert.ok(ko.out.includes(listLessons("ko")[1]!.title), "lesson 2 in Korean starts with its Korean title");
  assert.ok(ko.out.split("\n").every((l) => stringWidth(l) <= 60), "every line fits 60 columns");

  const previous = process.env.DNN_WORKBOOK_LANG;
  process.env.DNN_WORKBOOK_LANG = "ko";
  const env = await capture(() => lessonCommand(["forward_propagation", "--no-color"]));
  if (previous === undefined) delete process.env.DNN_WORKBOOK_LANG;
  else process.env.DNN_WORKBOOK_LANG = previous;
  assert.ok(env.out.includes(listLessons("ko")[1]!.title), "DNN_WORKBOOK_LANG=ko selects Korean");

  const unknown = await capture(() => lessonCommand(["42", "--no-color"]));
  assert.is(unknown.code, 1);
  assert.match(unknown.err, /Unknown lesson: "42"/);
  assert.ok(unknown.err.includes("02_forward_propagation"), "the error lists the available lessons");

  const badLang = await capture(() => lessonCommand(["2", "--lang", "fr"]));
  assert.is(badLang.code, 1);
  assert.match(badLang.err, /Unknown language "fr"/);
});

test.run();
