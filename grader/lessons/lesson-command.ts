// `npm run lesson [-- <lesson>] [--lang ko]`: lists the lessons, or prints one for the terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Chalk, supportsColor } from "chalk";
import type { Lang, LessonInfo } from "./lessons.ts";
import { LANGS, LESSONS_DIR, findLesson, isLang, listLessons } from "./lessons.ts";
import { pad, stringWidth } from "./string-width.ts";
import { renderLessonToTerminal } from "./terminal.ts";

const MAX_WIDTH = 100;
const DEFAULT_WIDTH = 80;

const HELP = `Usage: npm run lesson [-- <lesson>] [--lang en|ko] [--width N] [--no-color]

  npm run lesson                 list the lessons
  npm run lesson -- 2            read lesson 02 (also: 02, forward_propagation)
  npm run lesson -- 2 --lang ko  read it in Korean (or set DNN_WORKBOOK_LANG=ko)
  npm run lesson -- 2#vectorized one section (the grader's hints name sections this way)`;

const TEXT = {
  en: { heading: "dnn-workbook lessons", read: "Read one: npm run lesson -- <number>   (in Korean: --lang ko)", unknown: "Unknown lesson" },
  ko: { heading: "dnn-workbook 단원", read: "읽기: npm run lesson -- <번호>   (영어로: --lang en)", unknown: "없는 단원입니다" },
} satisfies Record<Lang, Record<string, string>>;

function listing(lang: Lang, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lessons = listLessons(lang);
  const available = Object.fromEntries(LANGS.map((l) => [l, new Set(listLessons(l).map((x) => x.file))])) as Record<Lang, Set<string>>;
  const titleWidth = Math.min(60, Math.max(...lessons.map((l) => stringWidth(l.title)), 10));
  const rows = lessons.map((l) => {
    const langs = LANGS.map((x) => (available[x].has(l.file) ? x : c.dim("··"))).join(" ");
    return `  ${c.bold(l.number)}  ${pad(l.title, titleWidth)}  ${c.dim(langs)}`;
  });
  return [` ${c.bold(TEXT[lang].heading)}`, "", ...rows, "", ` ${c.dim(TEXT[lang].read)}`, ""].join("\n");
}

function unknownLesson(query: string, lang: Lang, lessons: LessonInfo[]): string {
  const names = lessons.map((l) => `  ${l.number}  ${l.file.replace(/\.md$/, "")}`).join("\n");
  return `${TEXT[lang].unknown}: "${query}". Available lessons:\n${names}\n\n${HELP}`;
}

/** The CLI behind `npm run lesson`; returns the exit code. */
export async function lessonCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const langValue = values.lang ?? process.env.DNN_WORKBOOK_LANG ?? "en";
  if (!isLang(langValue)) {
    console.error(`Unknown language "${langValue}": use one of ${LANGS.join(", ")}.`);
    return 1;
  }
  const lang: Lang = langValue;
  // chalk's supportsColor already weighs isTTY, NO_COLOR and FORCE_COLOR for stdout.
  const color = !values["no-color"] && supportsColor !== false;
  if (positionals.length === 0) {
    process.stdout.write(listing(lang, color));
    return 0;
  }
  const [query = "", section] = positionals.join(" ").replace(/^lessons\/(en|ko)\//, "").split("#");
  const lessons = listLessons(lang);
  const lesson = findLesson(lessons, query);
  if (!lesson) {
    console.error(unknownLesson(query, lang, lessons));
    return 1;
  }
  const requested = values.width === undefined ? undefined : Number(values.width);
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 20)) {
    console.error(`--width must be a whole number of at least 20, not "${values.width}".`);
    return 1;
  }
  const width = requested ?? terminalWidth();
  let markdown = readFileSync(join(LESSONS_DIR, lang, lesson.file), "utf8");
  if (section) {
    const part = sectionOf(markdown, section);
    if (part === null) {
      const anchors = [...markdown.matchAll(/^#{2,3} .*\{#([\w-]+)\}\s*$/gm)].map((m) => `#${m[1]}`);
      console.error(`${lesson.file} has no section #${section}. Its sections: ${anchors.join(", ")}`);
      return 1;
    }
    markdown = part;
  }
  process.stdout.write(renderLessonToTerminal(markdown, { width, color, lang, lessonNumber: String(Number(lesson.number)) }));
  return 0;
}

/** The lesson's title and one section, from its `## … {#id}` (or `### …`) heading to the next heading of that level or higher. */
export function sectionOf(markdown: string, id: string): string | null {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.trimEnd().endsWith(`{#${id}}`));
  if (start < 0) return null;
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  let fence = false;
  for (; end < lines.length; end++) {
    if (/^(```|~~~)/.test(lines[end]!)) fence = !fence;
    const m = /^(#+) /.exec(lines[end]!);
    if (!fence && m && m[1]!.length <= level) break;
  }
  const title = lines.find((l) => /^# /.test(l)) ?? "";
  return [title, "", ...lines.slice(start, end)].join("\n");
}

/**
 * The terminal's width: the tty's own, else $COLUMNS (set by shells, and by people who pipe the
 * output into a pager or a file), else 80; at most 100, so lines stay readable.
 */
export function terminalWidth(stdout: { columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  const columns = stdout.columns || (Number.isInteger(fromEnv) && fromEnv >= 20 ? fromEnv : DEFAULT_WIDTH);
  return Math.min(MAX_WIDTH, columns);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lang: { type: "string", short: "l" },
      width: { type: "string", short: "w" },
      "no-color": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
