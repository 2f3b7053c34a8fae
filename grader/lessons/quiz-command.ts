// `npm run quiz [-- <lesson>] [--lang ko] [--answers]`: a lesson's self-check questions in the
// terminal, one at a time, each answer shown only when the reader asks for it. Without a terminal
// to ask in (piped, CI), it prints the questions, and the answers only with --answers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Chalk, supportsColor } from "chalk";
import type { Lang } from "./lessons.ts";
import { LANGS, LESSONS_DIR, findLesson, isLang, listLessons } from "./lessons.ts";
import { terminalWidth } from "./lesson-command.ts";
import { quizQuestions } from "./markdown.ts";
import type { QuizQuestion } from "./markdown.ts";
import { renderLessonToTerminal } from "./terminal.ts";

const HELP = `Usage: npm run quiz [-- <lesson>] [--lang en|ko] [--answers] [--width N] [--no-color]

  npm run quiz                   how many questions each lesson has
  npm run quiz -- 3              the questions of lesson 03, one at a time
  npm run quiz -- 3 --lang ko    in Korean (or set DNN_WORKBOOK_LANG=ko)
  npm run quiz -- 3 --answers    print every question with its answer (no prompts)`;

const TEXT = {
  en: {
    heading: "Self-check questions",
    count: (n: number) => `${n} questions`,
    start: "Try each question first: on paper, in your head, or in code. Then press Enter for the answer.",
    question: (k: number, n: number) => `Question ${k} of ${n}`,
    answer: "Answer",
    reveal: "Enter: show the answer · q: quit",
    next: "Enter: next question · q: quit",
    done: (n: number) => `That was all ${n}. The lesson's summary and exercises are next: npm run lesson -- `,
    piped: "The answers are hidden: run this in a terminal to reveal them one by one, or add --answers.",
    answersHeading: "Answers",
    none: "This lesson has no self-check questions.",
    unknown: "Unknown lesson",
  },
  ko: {
    heading: "스스로 확인하기",
    count: (n: number) => `질문 ${n}개`,
    start: "먼저 종이에, 머릿속으로, 또는 코드로 답해 보세요. 그다음 Enter를 누르면 답이 나옵니다.",
    question: (k: number, n: number) => `질문 ${k} / ${n}`,
    answer: "답",
    reveal: "Enter: 답 보기 · q: 끝내기",
    next: "Enter: 다음 질문 · q: 끝내기",
    done: (n: number) => `${n}개 모두 끝났습니다. 단원의 요약과 연습 문제는 여기서 볼 수 있습니다: npm run lesson -- `,
    piped: "답은 감춰 두었습니다. 터미널에서 실행하면 하나씩 볼 수 있고, --answers를 붙이면 모두 출력합니다.",
    answersHeading: "답",
    none: "이 단원에는 확인 질문이 없습니다.",
    unknown: "없는 단원입니다",
  },
} as const;

export type QuizIO = {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: { write(text: string): unknown };
};

/** The questions of lesson `file` in `lang`. */
export function lessonQuiz(lang: Lang, file: string): QuizQuestion[] {
  return quizQuestions(readFileSync(join(LESSONS_DIR, lang, file), "utf8"));
}

/** The CLI behind `npm run quiz`; returns the exit code. */
export async function quizCommand(argv: string[], io: QuizIO = { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr }): Promise<number> {
  let values: { lang?: string; answers?: boolean; width?: string; "no-color"?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: "string", short: "l" },
        answers: { type: "boolean", short: "a" },
        width: { type: "string", short: "w" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const langValue = values.lang ?? process.env.DNN_WORKBOOK_LANG ?? "en";
  if (!isLang(langValue)) {
    io.stderr.write(`Unknown language "${langValue}": use one of ${LANGS.join(", ")}.\n`);
    return 1;
  }
  const lang: Lang = langValue;
  const t = TEXT[lang];
  const color = !values["no-color"] && io.stdout === process.stdout && supportsColor !== false;
  const c = new Chalk({ level: color ? 1 : 0 });
  const requested = values.width === undefined ? undefined : Number(values.width);
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 20)) {
    io.stderr.write(`--width must be a whole number of at least 20, not "${values.width}".\n`);
    return 1;
  }
  const width = requested ?? terminalWidth(io.stdout);
  const lessons = listLessons(lang);
  const out = (text = "") => io.stdout.write(`${text}\n`);

  if (positionals.length === 0) {
    out(` ${c.bold(t.heading)}`);
    out();
    for (const l of lessons) out(`  ${c.bold(l.number)}  ${l.title}  ${c.dim(`(${t.count(lessonQuiz(lang, l.file).length)})`)}`);
    out();
    out(` ${c.dim("npm run quiz -- <number>")}`);
    return 0;
  }
  const lesson = findLesson(lessons, positionals.join(" "));
  if (!lesson) {
    io.stderr.write(`${t.unknown}: "${positionals.join(" ")}".\n\n${HELP}\n`);
    return 1;
  }
  const questions = lessonQuiz(lang, lesson.file);
  if (questions.length === 0) {
    out(t.none);
    return 0;
  }
  const render = (markdown: string, indent = 2): string[] =>
    renderLessonToTerminal(markdown, { width: width - indent, color, lang })
      .trimEnd()
      .split("\n")
      .map((line) => (line === "" ? "" : " ".repeat(indent) + line));

  out(` ${c.bold(`${lesson.number} ${lesson.title}`)} ${c.dim(`— ${t.heading}, ${t.count(questions.length)}`)}`);
  out();
  const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true && !values.answers;
  if (!interactive) {
    for (const q of questions) {
      out(c.bold(` ${t.question(q.number, questions.length)}`));
      for (const line of render(q.question)) out(line);
      out();
    }
    if (!values.answers) {
      out(c.dim(` ${t.piped}`));
      return 0;
    }
    out(c.bold.underline(` ${t.answersHeading}`));
    out();
    for (const q of questions) {
      out(c.bold(` ${q.number}.`));
      for (const line of render(q.answer)) out(line);
      out();
    }
    return 0;
  }

  for (const line of render(t.start, 1)) out(c.dim(line));
  out();
  const rl = createInterface({ input: io.stdin, terminal: false });
  // Lines are read through the iterator, which buffers them: a line typed ahead is not lost.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    io.stdout.write(prompt);
    const line = await lines.next();
    return line.done ? "q" : String(line.value);
  };
  try {
    for (const q of questions) {
      out(c.bold(` ${t.question(q.number, questions.length)}`));
      for (const line of render(q.question)) out(line);
      out();
      if ((await ask(c.dim(` ${t.reveal} `))).trim().toLowerCase() === "q") return 0;
      out(c.green.bold(` ${t.answer}`));
      for (const line of render(q.answer)) out(line);
      out();
      if (q.number < questions.length && (await ask(c.dim(` ${t.next} `))).trim().toLowerCase() === "q") return 0;
      out();
    }
    out(c.dim(` ${t.done(questions.length)}${Number(lesson.number)}`));
    return 0;
  } finally {
    rl.close();
  }
}
