// The one Markdown dialect of the lessons, shared by the terminal reader and the HTML book:
// CommonMark plus tables (markdown-it), `$…$` and `$$…$$` math, and explicit heading anchors
// `## Title {#id}` (so English and Korean headings share ids). Headings without `{#id}` get a
// slug of their text.
import MarkdownIt from "markdown-it";
import type { StateBlock, StateCore, StateInline, Token } from "markdown-it";

export type { Token };

const ANCHOR = /\s*\{#([A-Za-z0-9_-]+)\}\s*$/;

/** A heading's slug when it has no explicit `{#id}`: lower-case words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

/** Moves `{#id}` at the end of a heading into the heading's `id`, or derives one. */
function headingIds(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== "heading_open") continue;
    const inline = tokens[i + 1]!;
    const match = ANCHOR.exec(inline.content);
    if (match) inline.content = inline.content.slice(0, match.index);
    tokens[i]!.attrSet("id", match ? match[1]! : slugify(inline.content));
    tokens[i]!.meta = { ...(tokens[i]!.meta ?? {}), explicitId: Boolean(match) };
  }
}

/** `$…$` inside a paragraph: the opening `$` is not followed by a space, the closing one not preceded by one nor followed by a digit. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== "$" || src[start + 1] === "$") return false;
  if (/\s/.test(src[start + 1] ?? " ")) return false;
  let end = start + 1;
  for (;;) {
    end = src.indexOf("$", end);
    if (end === -1) return false;
    if (src[end - 1] === "\\") {
      end++;
      continue;
    }
    break;
  }
  if (/\s/.test(src[end - 1]!) || /\d/.test(src[end + 1] ?? "")) return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    token.markup = "$";
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

/** `$$` on its own line(s): either `$$ formula $$` on one line or opening and closing lines. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number): string =>
    state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  if (!first.startsWith("$$")) return false;
  let content: string;
  let line = startLine;
  const rest = first.slice(2);
  if (rest.trimEnd().endsWith("$$") && rest.trim().length >= 2) {
    content = rest.trimEnd().slice(0, -2);
  } else {
    const parts = [rest];
    let closed = false;
    while (++line < endLine) {
      const text = lineText(line);
      if (state.sCount[line]! < state.blkIndent && text !== "") return false;
      if (text.trimEnd().endsWith("$$")) {
        parts.push(text.trimEnd().slice(0, -2));
        closed = true;
        break;
      }
      parts.push(text);
    }
    if (!closed) return false;
    content = parts.join("\n");
  }
  if (silent) return true;
  state.line = line + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content.trim();
  token.markup = "$$";
  token.map = [startLine, state.line];
  return true;
}

function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
}

/** The id of the self-check section: `## Check yourself {#quiz}`. */
export const QUIZ_ID = "quiz";

/**
 * The self-check questions: in the `{#quiz}` section, an ordered list whose items are questions;
 * a blockquote inside an item is that question's answer, hidden until the reader asks for it.
 * Marks those blockquotes' open and close tokens with `meta.answer`.
 */
function quizAnswers(state: StateCore): void {
  let inQuiz = false;
  let listDepth = 0;
  for (const token of state.tokens) {
    if (token.type === "heading_open" && token.tag === "h2") inQuiz = token.attrGet("id") === QUIZ_ID;
    if (!inQuiz) continue;
    if (token.type === "ordered_list_open" || token.type === "bullet_list_open") listDepth++;
    if (token.type === "ordered_list_close" || token.type === "bullet_list_close") listDepth--;
    if ((token.type === "blockquote_open" || token.type === "blockquote_close") && listDepth > 0) {
      token.meta = { ...(token.meta ?? {}), answer: true };
    }
  }
}

/** A parser for the lessons' dialect (html off: lessons are pure Markdown). */
export function createLessonMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(mathPlugin);
  md.core.ruler.before("inline", "heading_ids", headingIds);
  md.core.ruler.after("heading_ids", "quiz_answers", quizAnswers);
  return md;
}

let shared: MarkdownIt | undefined;

/** The parser both renderers use. */
export function lessonMarkdown(): MarkdownIt {
  shared ??= createLessonMarkdown();
  return shared;
}

export function parseLesson(markdown: string): Token[] {
  return lessonMarkdown().parse(markdown, {});
}

/** Every formula of a lesson, with whether it is display math and its source line. */
export function collectMath(tokens: Token[]): { tex: string; display: boolean; line: number }[] {
  const out: { tex: string; display: boolean; line: number }[] = [];
  let line = 0;
  const walk = (list: Token[]): void => {
    for (const t of list) {
      if (t.map) line = t.map[0] + 1;
      if (t.type === "math_block") out.push({ tex: t.content, display: true, line });
      else if (t.type === "math_inline") out.push({ tex: t.content, display: false, line });
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  return out;
}

/** Headings of a lesson in order: level, id and plain text. */
export function collectHeadings(tokens: Token[]): { level: number; id: string; text: string }[] {
  const out: { level: number; id: string; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "heading_open") continue;
    out.push({ level: Number(t.tag.slice(1)), id: t.attrGet("id") ?? "", text: tokens[i + 1]!.content.trim() });
  }
  return out;
}

export type QuizQuestion = { number: number; question: string; answer: string };

/**
 * The questions of a lesson's `{#quiz}` section, as Markdown: each question without its answer,
 * and the answer without its `>` markers. An item without an answer is an error (the quiz would
 * have nothing to reveal), reported with its line.
 */
export function quizQuestions(markdown: string): QuizQuestion[] {
  const tokens = parseLesson(markdown);
  const lines = markdown.split("\n");
  const out: QuizQuestion[] = [];
  let inQuiz = false;
  let depth = 0;
  let item: { start: number; end: number; answer: [number, number] | null } | null = null;
  const flush = (): void => {
    if (!item) return;
    if (!item.answer) throw new Error(`quiz question at line ${item.start + 1} has no answer (a "> " blockquote inside the item)`);
    const [a0, a1] = item.answer;
    const question = lines.slice(item.start, a0).join("\n").replace(/^\s*\d+[.)]\s*/, "");
    const answer = lines.slice(a0, a1).map((l) => l.replace(/^\s*> ?/, "")).join("\n");
    out.push({ number: out.length + 1, question: dedent(question).trim(), answer: answer.trim() });
    item = null;
  };
  for (const t of tokens) {
    if (t.type === "heading_open" && t.tag === "h2") {
      flush();
      inQuiz = t.attrGet("id") === QUIZ_ID;
    }
    if (!inQuiz) continue;
    if (t.type === "ordered_list_open") depth++;
    if (t.type === "ordered_list_close") depth--;
    if (t.type === "list_item_open" && depth === 1) {
      flush();
      item = { start: t.map![0], end: t.map![1], answer: null };
    }
    if (t.type === "blockquote_open" && item && !item.answer) item.answer = [t.map![0], t.map![1]];
  }
  flush();
  return out;
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.slice(1).filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0]!, ...lines.slice(1).map((l) => l.slice(cut))].join("\n");
}

/** Every link target and image source of a lesson. */
export function collectLinks(tokens: Token[]): { kind: "link" | "image"; target: string; line: number }[] {
  const out: { kind: "link" | "image"; target: string; line: number }[] = [];
  let line = 0;
  const walk = (list: Token[]): void => {
    for (const t of list) {
      if (t.map) line = t.map[0] + 1;
      if (t.type === "link_open") out.push({ kind: "link", target: t.attrGet("href") ?? "", line });
      if (t.type === "image") out.push({ kind: "image", target: t.attrGet("src") ?? "", line });
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  return out;
}
