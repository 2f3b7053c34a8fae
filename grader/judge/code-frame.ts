/**
 * Reading a stack trace and drawing a line of code: the parts of ./locate.ts that need no file
 * system, shared with the browser's judge (grader/browser/).
 */

export type Location = { file: string; line: number; column: number };

const FRAME = /(?:\(|at )((?:file:\/\/)?\/[^():\s]+?)(?:\?[^:)]*)?:(\d+):(\d+)\)?\s*$/;

/** Every frame of a stack that names an absolute path or a file: URL, top first (as written: not yet trusted). */
export function stackFrames(stack: string): Location[] {
  const out: Location[] = [];
  for (const line of stack.split("\n").slice(0, 200)) {
    const m = FRAME.exec(line.trim());
    if (m) out.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** esbuild's "file.ts:5:10: ERROR: Expected ..." syntax errors (column made 1-based). */
export function parseSyntaxError(message: string): (Location & { text: string }) | undefined {
  const m = /(\/[^\s:]+\.ts):(\d+):(\d+): ERROR: (.+)/.exec(message);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) + 1, text: m[4]! } : undefined;
}

/** The source line at `loc.line` of `text`, with its number and a caret under the column. */
export function drawCodeFrame(text: string, loc: Location): string | undefined {
  const line = text.split("\n")[loc.line - 1];
  if (line === undefined || !Number.isSafeInteger(loc.line) || loc.line < 1) return undefined;
  const gutter = `${loc.line} | `;
  const shown = line.replace(/\t/g, "  ").slice(0, 300);
  const indent = Math.min(line.slice(0, Math.max(0, loc.column - 1)).replace(/\t/g, "  ").length, 300);
  return `${gutter}${shown.trimEnd()}\n${" ".repeat(gutter.length - 2)}| ${" ".repeat(indent)}^`;
}
