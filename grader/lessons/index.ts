// The lessons subsystem: the Markdown lessons in lessons/<lang>/, read in the terminal
// (`npm run lesson`) or built into an HTML book (`npm run book`).
//
// Conventions the renderers rely on:
// - Files are `lessons/en/NN_topic.md` and `lessons/ko/NN_topic.md` (same names); the title is
//   the first `# ` heading. Section anchors are explicit, `## Title {#id}`, with the same ids in
//   both languages, so a grader hint can point at `lessons/en/02_forward_propagation.md#vectorized`.
// - Math is TeX in `$…$` (inline) and `$$…$$` (display). The book renders it with KaTeX at build
//   time; the terminal prints it as Unicode text (`W^{[l]}` → `W[l]`, `\frac{1}{m}` → `(1/m)`).
// - Figures are SVGs in `lessons/figures/NAME.svg`, hand-written or drawn by `npm run figures`
//   (grader/lessons/figures/) from real runs of the workbook's code, included as
//   `![alt text](../figures/NAME.svg "short caption")` in a paragraph of their own. The Korean book
//   shows `NAME.ko.svg` when it exists (npm run figures writes it). Their terminal fallback is a
//   plain-text drawing stored beside the SVG as `lessons/figures/NAME.txt` (shared by both
//   languages, or `NAME.ko.txt` for a translated drawing; box-drawing characters are fine, keep
//   it at most 76 columns). The terminal prints
//   "[Figure] caption" (the title, else the alt text) followed by that drawing; when the file is missing or the terminal is
//   narrower than the drawing, it prints the alt text and the path of the SVG instead.
// - Self-check questions: the numbered list of the `## … {#quiz}` section, each answer a `> `
//   blockquote inside its item. The book folds answers in <details>, the terminal reader hides
//   them, and `npm run quiz -- N` (quiz-command.ts) asks the questions one at a time.
// - Exercise links are relative to the lesson file: `../../exercises/NN_name.ts`. The book links
//   to the real file; the terminal shows the repository path.
export type { Lang, LessonInfo } from "./lessons.ts";
export { LANGS, listLessons, findLesson } from "./lessons.ts";
export type { TerminalOptions } from "./terminal.ts";
export { renderLessonToTerminal } from "./terminal.ts";
export { stringWidth, stripAnsi } from "./string-width.ts";
export { texToText } from "./tex-to-text.ts";
export { lessonCommand } from "./lesson-command.ts";
export type { BookOptions, BookResult } from "./book.ts";
export { bookCommand, buildBook } from "./book.ts";
