// The self-check questions: every lesson has 4–8 in both languages, each with an answer; the
// terminal lesson hides the answers and points at `npm run quiz`; the quiz command asks one
// question at a time and shows an answer only when asked (or all of them with --answers).
import { PassThrough } from "node:stream";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { LANGS, listLessons, renderLessonToTerminal } from "../grader/lessons/index.ts";
import { LESSONS_DIR } from "../grader/lessons/lessons.ts";
import { quizQuestions } from "../grader/lessons/markdown.ts";
import { quizCommand } from "../grader/lessons/quiz-command.ts";

const source = (lang: string, file: string): string => readFileSync(join(LESSONS_DIR, lang, file), "utf8");

test("every lesson has 4 to 8 self-check questions, each with an answer, as many in Korean as in English", () => {
  for (const lesson of listLessons("en")) {
    const counts = LANGS.map((lang) => {
      const questions = quizQuestions(source(lang, lesson.file));
      for (const q of questions) {
        assert.ok(q.question.length > 10, `${lang}/${lesson.file} question ${q.number} is empty`);
        assert.ok(q.answer.length > 2, `${lang}/${lesson.file} question ${q.number} has no answer`);
        assert.not.match(q.question, /^\s*>/m, `${lang}/${lesson.file} question ${q.number}: the answer leaked into the question`);
      }
      return questions.length;
    });
    assert.ok(counts[0]! >= 4 && counts[0]! <= 8, `${lesson.file}: ${counts[0]} questions`);
    assert.equal(counts, LANGS.map(() => counts[0]), `${lesson.file}: en and ko have different numbers of questions`);
  }
});

test("the backward-propagation lesson asks for derivations of its formulas", () => {
  for (const [lang, word] of [["en", "Derivation"], ["ko", "유도"]] as const) {
    const derivations = quizQuestions(source(lang, "05_backward_propagation.md")).filter((q) => q.question.includes(word));
    assert.ok(derivations.length >= 4, `${lang}: ${derivations.length} derivation questions`);
  }
});

test("a question without an answer is an error naming its line", () => {
  assert.throws(() => quizQuestions("# T\n\n## Check yourself {#quiz}\n\n1. Question?\n\n## Exercises {#exercises}\n"), /line 5 has no answer/);
});

test("the lesson in the terminal shows the questions, hides the answers, and points at npm run quiz", () => {
  for (const lang of LANGS) {
    const markdown = source(lang, "03_matrix_dimensions.md");
    const out = renderLessonToTerminal(markdown, { width: 80, color: false, lang, lessonNumber: "3" });
    const questions = quizQuestions(markdown);
    assert.ok(out.replace(/\s+/g, " ").includes("A.shape[0]"), `${lang}: a question is shown`);
    assert.ok(!out.includes("the number of columns; A.shape[0] is") && !out.includes("열의 개수인"), `${lang}: an answer leaked`);
    assert.match(out, /npm run quiz -- 3/, `${lang}: the pointer to the quiz`);
    assert.is(questions.length, 6);
  }
});

type Captured = { io: Parameters<typeof quizCommand>[1] & object; stdout: () => string; stdin: PassThrough };
function capture(tty: boolean): Captured {
  let stdout = "";
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = tty;
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: tty, columns: 80, on() {}, once() {}, removeListener() {} },
    stdin,
    stderr: { write: (s: string) => ((stdout += s), true) },
  };
  return { io: io as unknown as Captured["io"], stdout: () => stdout, stdin };
}

test("npm run quiz -- 3, piped: the questions, no answers, and how to see them", async () => {
  const c = capture(false);
  assert.is(await quizCommand(["3"], c.io), 0);
  assert.match(c.stdout(), /Question 1 of 6/);
  assert.match(c.stdout(), /Question 6 of 6/);
  assert.not.match(c.stdout(), /the number of columns; A\.shape\[0\]/);
  assert.match(c.stdout(), /--answers/);
  const all = capture(false);
  assert.is(await quizCommand(["3", "--answers"], all.io), 0);
  assert.match(all.stdout().replace(/\s+/g, " "), /the number of columns; A\.shape\[0\] is the number of units/);
});

test("npm run quiz -- 3 in a terminal: an answer appears only after Enter; q quits", async () => {
  const quit = capture(true);
  const run = quizCommand(["3", "--lang", "ko"], quit.io);
  quit.stdin.write("q\n");
  assert.is(await run, 0);
  assert.match(quit.stdout(), /질문 1 \/ 6/);
  assert.not.match(quit.stdout(), /\n 답\n/, "no answer before Enter");
  const reveal = capture(true);
  const run2 = quizCommand(["3"], reveal.io);
  reveal.stdin.write("\n");
  reveal.stdin.write("q\n");
  assert.is(await run2, 0);
  const out = reveal.stdout();
  assert.match(out, /Answer\n/);
  assert.ok(out.indexOf("Question 1 of 6") < out.indexOf("Answer"), "the question comes before its answer");
  assert.not.match(out, /Question 2 of 6/, "q after the first answer quits");
});

test("npm run quiz lists the lessons with their number of questions", async () => {
  const c = capture(false);
  assert.is(await quizCommand([], c.io), 0);
  assert.match(c.stdout(), /05\s+Backward propagation\s+\(8 questions\)/);
});

test.run();
