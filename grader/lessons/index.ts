// The lessons subsystem: the Markdown lessons in lessons/<lang>/, read in the terminal
// (`npm run lesson`) or built into an HTML book (`npm run book`).
//
// Conventions the renderers rely on:
// - Files are `lessons/en/NN_topic.md` and `lessons/ko/NN_topic.md` (same names); the title is
//   the first `# ` heading. Section anchors are explicit, `## Title {#id}`, with the same ids in
//   both languages, so a grader hint can point at `lessons/en/02_forward_propagation.md#vectorized`.
// - Math is TeX in `$…$` (inline) and `$$…$$` (display). The book renders it with KaTeX at build
//   time; the terminal prints it as Unicode text (`W^{[l]}` → `W[l]`, `\frac{1}{m}` → `(1/m)`).
// - Diagrams are hand-written SVGs in `lessons/figures/NAME.svg`, included as
//   `![alt text](../figures/NAME.svg)` in a paragraph of their own. Their terminal fallback is a
//   plain-text drawing stored beside the SVG as `lessons/figures/NAME.txt` (shared by both
//   languages, or `NAME.ko.txt` for a translated drawing; box-drawing characters are fine, keep
//   it at most 76 columns). The terminal prints
//   "[Figure] alt text" followed by that drawing; when the file is missing or the terminal is
//   narrower than the drawing, it prints the alt text and the path of the SVG instead.
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
