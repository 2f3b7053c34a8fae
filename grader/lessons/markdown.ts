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

/** A parser for the lessons' dialect (html off: lessons are pure Markdown). */
export function createLessonMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.use(mathPlugin);
  md.core.ruler.before("inline", "heading_ids", headingIds);
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
