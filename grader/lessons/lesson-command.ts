// `npm run lesson [-- <lesson>] [--lang ko]`: lists the lessons, or prints one for the terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Chalk, supportsColor } from "chalk";
import type { Lang, LessonInfo } from "./lessons.ts";
import { LANGS, LESSONS_DIR, findLesson, isLang, listLessons } from "./lessons.ts";
import { pad, stringWidth } from "./string-width.ts";
import { renderLessonToTerminal } from "./terminal.ts";
import { lessonSection, sectionAnchors } from "./section.ts";

const MAX_WIDTH = 100;
const DEFAULT_WIDTH = 80;

const HELP = `Usage: npm run lesson [-- <lesson>] [--lang en|ko] [--width N] [--no-color]

  npm run lesson                 list the lessons
  npm run lesson -- 2            read lesson 02 (also: 02, forward_propagation)
  npm run lesson -- 2 --lang ko  read it in Korean (or set DNN_WORKBOOK_LANG=ko)
  npm run lesson -- 2#cost       read one section (the anchors of the grader's "Read:" links)`;

const TEXT = {
  en: { heading: "dnn-workbook lessons", read: "Read one: npm run lesson -- <number>   (in Korean: --lang ko)", unknown: "Unknown lesson" },
  ko: { heading: "dnn-workbook 강의", read: "읽기: npm run lesson -- <번호>   (영어로: --lang en)", unknown: "없는 강의입니다" },
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
  const [query = "", anchor] = positionals.join(" ").split("#");
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
  const width = requested ?? Math.min(MAX_WIDTH, process.stdout.columns || DEFAULT_WIDTH);
  let markdown = readFileSync(join(LESSONS_DIR, lang, lesson.file), "utf8");
  if (anchor) {
    const section = lessonSection(markdown, anchor);
    if (!section) {
      console.error(`Lesson ${lesson.number} has no section #${anchor}. Its sections: ${sectionAnchors(markdown).map((a) => `#${a}`).join(", ")}`);
      return 1;
    }
    markdown = section;
  }
  process.stdout.write(renderLessonToTerminal(markdown, { width, color, lang }));
  return 0;
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
