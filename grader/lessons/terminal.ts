// Renders a lesson's Markdown for a terminal of a given width: headings, emphasis, code, links
// (with their targets), nested lists, box-drawn tables, blockquotes, math as Unicode text and
// diagrams as their ASCII fallback. Every line fits the width, measured in display columns, so
// Korean (two columns a character) wraps as correctly as English.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { Chalk } from "chalk";
import type { CodeTokenKind } from "./highlight.ts";
import { highlight } from "./highlight.ts";
import type { Lang } from "./lessons.ts";
import { LESSONS_DIR, ROOT } from "./lessons.ts";
import type { Token } from "./markdown.ts";
import { parseLesson } from "./markdown.ts";
import { pad, sliceByWidth, stringWidth } from "./string-width.ts";
import { splitAtQuads, texToBlock, texToText } from "./tex-to-text.ts";

export type TerminalOptions = {
  width: number;
  color: boolean;
  lang: Lang;
  /** Directory the lesson's relative links start from; defaults to `lessons/<lang>`. */
  baseDir?: string;
  /** The lesson's number, for the pointer to its quiz (`npm run quiz -- 3`). */
  lessonNumber?: string;
};

type Style = (text: string) => string;
type Labels = { figure: string; noFallback: string; narrow: string; answers: (lesson: string) => string };
/** `keep`: a short formula that should not break at its spaces; `glue`: a command, kept whole when it fits a line. */
type Run = { text: string; style: Style; keep?: boolean; glue?: boolean };

const plain: Style = (s) => s;

const LABELS = {
  en: {
    figure: "Figure",
    noFallback: "diagram: open the HTML book (npm run book) to see it",
    narrow: "too wide for this terminal; widen it or open the book",
    answers: (n: string) => `The answers are hidden here. npm run quiz -- ${n} asks these questions one at a time and shows each answer when you ask for it.`,
  },
  ko: {
    figure: "그림",
    noFallback: "도식은 HTML 책(npm run book)에서 볼 수 있습니다",
    narrow: "터미널이 좁아 생략했습니다. 창을 넓히거나 책을 여세요",
    answers: (n: string) => `답은 여기서 감춰 두었습니다. 질문을 하나씩 묻고 원할 때 답을 보여 주는 명령: npm run quiz -- ${n}`,
  },
} satisfies Record<Lang, Labels>;

function makeStyles(color: boolean) {
  const c = new Chalk({ level: color ? 1 : 0 });
  const code: Record<CodeTokenKind, Style> = {
    comment: c.gray,
    string: c.green,
    number: c.yellow,
    keyword: c.magenta,
    builtin: c.cyan,
    plain,
  };
  return {
    h1: c.bold.underline,
    h2: c.bold.cyan,
    h3: c.bold,
    strong: c.bold,
    em: c.italic,
    strike: c.strikethrough,
    code: c.yellow,
    math: c.cyan,
    link: c.underline,
    dim: c.dim,
    code_tokens: code,
  };
}
type Styles = ReturnType<typeof makeStyles>;

// ── the tree of block tokens ───────────────────────────────────────────────────────────────

type Node = { token: Token; children: Node[] };

/** markdown-it's flat open/close token list as a tree of nodes. */
function toTree(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    const level = stack[stack.length - 1]!;
    if (token.nesting === 1) {
      const node: Node = { token, children: [] };
      level.push(node);
      stack.push(node.children);
    } else if (token.nesting === -1) stack.pop();
    else level.push({ token, children: [] });
  }
  return root;
}

// ── wrapping styled text ──────────────────────────────────────────────────────────────────

type Word = { frags: Run[]; width: number };

/** Splits runs into words (glued fragments between spaces) and hard line breaks. */
function toWords(runs: Run[], width: number): (Word | "\n")[] {
  const items: (Word | "\n")[] = [];
  let word: Word | null = null;
  const endWord = (): void => {
    if (word) items.push(word);
    word = null;
  };
  const add = (text: string, style: Style): void => {
    if (!word) word = { frags: [], width: 0 };
    word.frags.push({ text, style });
    word.width += stringWidth(text);
  };
  for (const run of runs) {
    // A short formula stays on one line; a long one may break at its spaces.
    if ((run.keep && stringWidth(run.text) <= Math.max(12, width / 2)) || (run.glue && stringWidth(run.text) <= width)) {
      add(run.text, run.style);
      continue;
    }
    for (const part of run.text.split(/(\n|[ \t]+)/)) {
      if (part === "") continue;
      if (part === "\n") {
        endWord();
        items.push("\n");
      } else if (/^[ \t]+$/.test(part)) endWord();
      else add(part, run.style);
    }
  }
  endWord();
  return items;
}

function renderFrags(frags: Run[]): string {
  let out = "";
  let i = 0;
  while (i < frags.length) {
    const style = frags[i]!.style;
    let text = "";
    while (i < frags.length && frags[i]!.style === style) text += frags[i++]!.text;
    out += style(text);
  }
  return out;
}

/** Splits one word that is wider than a line into pieces of at most `width` columns. */
function splitWord(word: Word, width: number): Word[] {
  const pieces: Word[] = [];
  let current: Word = { frags: [], width: 0 };
  for (const frag of word.frags) {
    let text = frag.text;
    while (text !== "") {
      const room = width - current.width;
      const [head, ...tail] = sliceByWidth(text, Math.max(1, room));
      const headWidth = stringWidth(head!);
      if (headWidth > room && current.width > 0) {
        pieces.push(current);
        current = { frags: [], width: 0 };
        continue;
      }
      current.frags.push({ text: head!, style: frag.style });
      current.width += headWidth;
      text = tail.join("");
      if (text !== "") {
        pieces.push(current);
        current = { frags: [], width: 0 };
      }
    }
  }
  if (current.frags.length) pieces.push(current);
  return pieces;
}

/** Greedy word wrap of styled runs to lines of at most `width` columns. */
function wrapRuns(runs: Run[], width: number): string[] {
  const lines: string[] = [];
  let line: Run[] = [];
  let used = 0;
  const flush = (): void => {
    lines.push(renderFrags(line));
    line = [];
    used = 0;
  };
  for (const item of toWords(runs, width)) {
    if (item === "\n") {
      flush();
      continue;
    }
    for (const word of item.width > width ? splitWord(item, width) : [item]) {
      const gap = used > 0 ? 1 : 0;
      if (used + gap + word.width > width && used > 0) flush();
      if (used > 0) {
        // A space between two pieces of the same style takes that style, so a bold phrase is one escape sequence.
        const before = line[line.length - 1]!.style;
        line.push({ text: " ", style: before === word.frags[0]!.style ? before : plain });
      }
      line.push(...word.frags);
      used += (used > 0 ? 1 : 0) + word.width;
    }
  }
  if (line.length || lines.length === 0) flush();
  return lines;
}

/**
 * Breaks one line of code into pieces of at most `width` columns, at the last space that fits (so
 * no token or Korean word is cut), or mid-token only when a token alone is wider than the line.
 * Code never reflows: every piece after the first is a continuation of the same line.
 */
function sliceRuns(runs: Run[], width: number): string[] {
  const chars: { ch: string; style: Style; w: number }[] = [];
  for (const run of runs) for (const ch of run.text) chars.push({ ch, style: run.style, w: stringWidth(ch) });
  const total = chars.reduce((w, c) => w + c.w, 0);
  if (total <= width) return [renderFrags(runs.filter((r) => r.text !== ""))];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    if (pieces.length > 0) while (start < chars.length && chars[start]!.ch === " ") start++;
    let used = 0;
    let end = start;
    while (end < chars.length && used + chars[end]!.w <= width) used += chars[end++]!.w;
    if (end < chars.length) {
      // Back up to the last space inside the piece, unless that leaves (almost) nothing.
      let space = end;
      while (space > start && chars[space]!.ch !== " ") space--;
      if (space > start + width / 4) end = space;
    }
    if (end === start) end = start + 1;
    const frags: Run[] = [];
    for (const c of chars.slice(start, end)) {
      const last = frags[frags.length - 1];
      if (last && last.style === c.style) last.text += c.ch;
      else frags.push({ text: c.ch, style: c.style });
    }
    pieces.push(renderFrags(frags).replace(/\s+$/, ""));
    start = end;
  }
  return pieces;
}

// ── the renderer ──────────────────────────────────────────────────────────────────────────

class TerminalRenderer {
  private readonly s: Styles;
  private readonly labels: (typeof LABELS)[Lang];
  private readonly baseDir: string;
  /** How many lists enclose the one being rendered: • at the top, then ◦, then ▪. */
  private listDepth = 0;

  constructor(private readonly opts: TerminalOptions) {
    this.s = makeStyles(opts.color);
    this.labels = LABELS[opts.lang];
    this.baseDir = opts.baseDir ?? join(LESSONS_DIR, opts.lang);
  }

  render(markdown: string): string {
    const lines = this.blocks(toTree(parseLesson(markdown)), Math.max(20, this.opts.width));
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    while (lines.length && lines[0] === "") lines.shift();
    return `${lines.join("\n")}\n`;
  }

  /** Renders sibling blocks, one blank line between them (none inside tight list items). */
  private blocks(nodes: Node[], width: number, tight = false): string[] {
    const out: string[] = [];
    for (const node of nodes) {
      const lines = this.block(node, width);
      if (lines.length === 0) continue;
      if (out.length > 0 && !tight) out.push("");
      out.push(...lines);
    }
    return out;
  }

  private block(node: Node, width: number): string[] {
    const t = node.token;
    switch (t.type) {
      case "heading_open":
        return this.heading(t, node.children[0]!, width);
      case "paragraph_open":
        return this.paragraph(node.children[0]!, width);
      case "bullet_list_open":
      case "ordered_list_open":
        return this.list(node, width);
      case "blockquote_open": {
        // A quiz answer stays hidden in the lesson; `npm run quiz` reveals it on request.
        if (t.meta?.answer) return [];
        const bar = this.s.dim("│ ");
        return this.blocks(node.children, width - 2).map((l) => (l === "" ? this.s.dim("│") : bar + l));
      }
      case "fence":
      case "code_block":
        return this.code(t.content, t.info.trim().split(/\s+/)[0] ?? "", width);
      case "math_block":
        return this.displayMath(t.content, width);
      case "table_open":
        return this.table(node, width);
      case "hr":
        return [this.s.dim("─".repeat(width))];
      default:
        return node.children.length ? this.blocks(node.children, width) : [];
    }
  }

  private heading(open: Token, inline: Node, width: number): string[] {
    const level = Number(open.tag.slice(1));
    const runs = this.inline(inline.token.children ?? []);
    const style = level === 1 ? this.s.h1 : level === 2 ? this.s.h2 : this.s.h3;
    const styled = runs.map((r) => ({ ...r, style: (x: string) => style(r.style(x)) }));
    const lines = wrapRuns(styled, width);
    if (level <= 2) {
      const underline = Math.min(width, Math.max(...lines.map((l) => stringWidth(l))));
      lines.push(this.s.dim((level === 1 ? "═" : "─").repeat(underline)));
    }
    return lines;
  }

  private paragraph(inline: Node, width: number): string[] {
    const children = inline.token.children ?? [];
    const images = children.filter((c) => c.type === "image");
    const onlyImage = images.length === 1 && children.every((c) => c.type === "image" || (c.type === "text" && c.content.trim() === "") || c.type === "softbreak");
    if (onlyImage) return this.figure(images[0]!, width);
    return wrapRuns(this.inline(children), width);
  }

  private figure(image: Token, width: number): string[] {
    const alt = image.content || image.attrGet("alt") || "";
    const src = image.attrGet("src") ?? "";
    // With a drawing below it, the short caption (the image's title) is enough; without one, the
    // full description (the alt text) stands in for the picture.
    const caption = image.attrGet("title");
    const headFor = (text: string) => wrapRuns([{ text: `[${this.labels.figure}]`, style: this.s.strong }, { text: ` ${text}`, style: plain }], width);
    let head = headFor(alt);
    // NAME.<lang>.txt (a translated drawing) wins over NAME.txt.
    const fallback = [`.${this.opts.lang}.txt`, ".txt"]
      .map((ext) => this.resolveLocal(src.replace(/\.svg$/, ext)))
      .find((path) => path !== null && existsSync(path));
    if (!fallback) {
      return [...head, ...wrapRuns([{ text: `(${this.displayTarget(src)} — ${this.labels.noFallback})`, style: this.s.dim }], width)];
    }
    const art = readFileSync(fallback, "utf8").replace(/\s+$/, "").split("\n");
    const artWidth = Math.max(...art.map((l) => stringWidth(l)));
    if (artWidth + 2 > width) {
      return [...head, ...wrapRuns([{ text: `(${this.displayTarget(src)} — ${this.labels.narrow})`, style: this.s.dim }], width)];
    }
    if (caption) head = headFor(caption);
    return [...head, "", ...art.map((l) => `  ${l}`.trimEnd())];
  }

  private list(node: Node, width: number): string[] {
    const ordered = node.token.type === "ordered_list_open";
    const depth = this.listDepth;
    const start = Number(node.token.attrGet("start") ?? 1);
    const items = node.children.filter((c) => c.token.type === "list_item_open");
    const markers = items.map((item, i) => (ordered ? `${item.token.info || start + i}. ` : `${["•", "◦", "▪"][depth % 3]} `));
    const markerWidth = Math.max(...markers.map((m) => stringWidth(m)));
    const tight = items.every((item) => item.children.every((c) => c.token.type !== "paragraph_open" || c.token.hidden));
    const out: string[] = [];
    this.listDepth++;
    items.forEach((item, i) => {
      const lines = this.blocks(item.children, width - markerWidth, tight);
      if (!tight && i > 0) out.push("");
      const marker = pad(markers[i]!, markerWidth, ordered ? "right" : "left");
      lines.forEach((line, j) => out.push(line === "" ? "" : (j === 0 ? this.s.dim(marker) : " ".repeat(markerWidth)) + line));
      if (lines.length === 0) out.push(this.s.dim(marker).trimEnd());
    });
    this.listDepth--;
    const hasAnswers = (n: Node): boolean => Boolean(n.token.meta?.answer) || n.children.some(hasAnswers);
    if (depth === 0 && hasAnswers(node)) {
      out.push("", ...wrapRuns([{ text: this.labels.answers(this.opts.lessonNumber ?? "<lesson>"), style: this.s.dim }], width));
    }
    return out;
  }

  private code(source: string, lang: string, width: number): string[] {
    const indent = "    ";
    const room = width - indent.length;
    const lines: Run[][] = [[]];
    for (const piece of highlight(source.replace(/\n$/, ""), lang)) {
      piece.text.split("\n").forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]!.push({ text: part, style: this.s.code_tokens[piece.kind] });
      });
    }
    const out: string[] = [];
    for (const runs of lines) {
      const cut = sliceRuns(runs, room);
      cut.forEach((part, i) => out.push(part === "" ? "" : (i === 0 ? indent : `  ${this.s.dim("↪")} `) + part));
    }
    return out;
  }

  private displayMath(tex: string, width: number): string[] {
    // Matrices are drawn as grids when the block fits. Side-by-side equations (separated by
    // \quad) that do not fit together are stacked; only then does a formula wrap as flat text.
    const fits = (block: string[]): boolean => Math.max(...block.map((l) => stringWidth(l))) <= width;
    const centre = (block: string[]): string[] => {
      const indent = " ".repeat((width - Math.max(...block.map((l) => stringWidth(l)))) >> 1);
      return block.map((l) => this.s.math(indent + l).trimEnd());
    };
    const whole = texToBlock(tex);
    if (fits(whole)) return centre(whole);
    const parts = splitAtQuads(tex).map((part) => texToBlock(part.replace(/,$/, "")));
    if (parts.length > 1 && parts.every(fits)) {
      const gap = parts.some((p) => p.length > 1) ? [""] : [];
      return parts.flatMap((part, i) => [...(i > 0 ? gap : []), ...centre(part)]);
    }
    const out: string[] = [];
    for (const line of texToText(tex, true).split("\n")) {
      for (const part of wrapRuns([{ text: line, style: this.s.math }], width)) {
        out.push(pad(part, width, "center").trimEnd());
      }
    }
    return out;
  }

  private table(node: Node, width: number): string[] {
    type Cell = { runs: Run[]; align: "left" | "center" | "right"; header: boolean };
    const rows: Cell[][] = [];
    const walk = (nodes: Node[], header: boolean): void => {
      for (const n of nodes) {
        if (n.token.type === "thead_open") walk(n.children, true);
        else if (n.token.type === "tbody_open") walk(n.children, false);
        else if (n.token.type === "tr_open") {
          rows.push(
            n.children.map((cell) => {
              const align = /text-align:(left|center|right)/.exec(cell.token.attrGet("style") ?? "")?.[1] as Cell["align"] | undefined;
              const runs = this.inline(cell.children[0]?.token.children ?? []);
              return { runs: header ? runs.map((r) => ({ ...r, style: (x: string) => this.s.strong(r.style(x)) })) : runs, align: align ?? "left", header };
            }),
          );
        }
      }
    };
    walk(node.children, false);
    const cols = Math.max(...rows.map((r) => r.length));
    const natural = Array.from({ length: cols }, (_, c) =>
      Math.max(1, ...rows.map((r) => (r[c] ? stringWidth(r[c]!.runs.map((x) => x.text).join("")) : 0))),
    );
    // Shrink the widest column one step at a time until the table fits.
    const widths = [...natural];
    const frame = 3 * cols + 1;
    while (widths.reduce((a, b) => a + b, 0) + frame > width) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= 4) break;
      widths[widest]!--;
    }
    const b = this.s.dim;
    const rule = (l: string, m: string, r: string): string => b(l + widths.map((w) => "─".repeat(w + 2)).join(m) + r);
    const out = [rule("┌", "┬", "┐")];
    rows.forEach((row, i) => {
      const cells = widths.map((w, c) => (row[c] ? wrapRuns(row[c]!.runs, w) : [""]));
      const height = Math.max(...cells.map((c) => c.length));
      for (let k = 0; k < height; k++) {
        const parts = widths.map((w, c) => pad(cells[c]![k] ?? "", w, row[c]?.align ?? "left"));
        out.push(b("│ ") + parts.join(b(" │ ")) + b(" │"));
      }
      if (row[0]?.header && !rows[i + 1]?.[0]?.header) out.push(rule("├", "┼", "┤"));
    });
    out.push(rule("└", "┴", "┘"));
    return out;
  }

  // ── inline ──

  private inline(tokens: Token[]): Run[] {
    const runs: Run[] = [];
    const stack: Style[] = [];
    const current = (): Style => stack.reduce<Style>((acc, s) => (x) => s(acc(x)), plain);
    const links: string[] = [];
    let linkStart = 0;
    for (const t of tokens) {
      switch (t.type) {
        case "text":
          runs.push({ text: t.content, style: current() });
          break;
        case "softbreak":
          runs.push({ text: " ", style: plain });
          break;
        case "hardbreak":
          runs.push({ text: "\n", style: plain });
          break;
        case "code_inline":
          runs.push({ text: t.content, style: (x) => this.s.code(current()(x)), glue: true });
          break;
        case "math_inline":
          runs.push({ text: texToText(t.content), style: (x) => this.s.math(current()(x)), keep: true });
          break;
        case "strong_open":
          stack.push(this.s.strong);
          break;
        case "em_open":
          stack.push(this.s.em);
          break;
        case "s_open":
          stack.push(this.s.strike);
          break;
        case "link_open":
          links.push(t.attrGet("href") ?? "");
          linkStart = runs.length;
          stack.push(this.s.link);
          break;
        case "strong_close":
        case "em_close":
        case "s_close":
        case "link_close":
          stack.pop();
          if (t.type === "link_close") {
            const href = links.pop() ?? "";
            const shown = this.displayTarget(href);
            const text = runs.slice(linkStart).map((r) => r.text).join("");
            if (shown && text.trim() !== shown) runs.push({ text: ` (${shown})`, style: this.s.dim });
          }
          break;
        case "image":
          runs.push({ text: `[${this.labels.figure}: ${t.content}]`, style: this.s.dim });
          break;
        default:
          if (t.content) runs.push({ text: t.content, style: current() });
      }
    }
    return runs;
  }

  /** Absolute path of a relative link target, or null for URLs and anchors. */
  private resolveLocal(target: string): string | null {
    if (!target || /^[a-z]+:/i.test(target) || target.startsWith("#")) return null;
    const path = target.split("#")[0]!;
    return isAbsolute(path) ? path : resolve(this.baseDir, path);
  }

  /** How a link target reads in the terminal: repository paths instead of `../../`. */
  private displayTarget(target: string): string {
    const local = this.resolveLocal(target);
    if (!local) return target;
    const hash = target.includes("#") ? target.slice(target.indexOf("#")) : "";
    const rel = relative(ROOT, local);
    return (rel.startsWith("..") ? relative(dirname(this.baseDir), local) : rel).split("\\").join("/") + hash;
  }
}

/** Renders one lesson's Markdown as terminal text of at most `opts.width` columns a line. */
export function renderLessonToTerminal(markdown: string, opts: TerminalOptions): string {
  return new TerminalRenderer(opts).render(markdown);
}
