/**
 * Finds the learner's own file and line in an error, and draws that line.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

export type Location = { file: string; line: number; column: number };

const FRAME = /(?:\(|at )((?:file:\/\/)?\/[^():\s]+?)(?:\?[^:)]*)?:(\d+):(\d+)\)?\s*$/;

/** The frames of a stack trace that point into `dir`, top first. */
export function learnerFrames(stack: string | undefined, dir: string): Location[] {
  if (!stack) return [];
  const out: Location[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith("file://") ? safePath(m[1]!) : m[1]!;
    if (file && file.startsWith(dir)) out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** esbuild's "file.ts:5:10: ERROR: Expected ..." syntax errors. */
export function syntaxErrorLocation(message: string, dir: string): (Location & { text: string }) | undefined {
  const m = /(\/[^\s:]+\.ts):(\d+):(\d+): ERROR: (.+)/.exec(message);
  if (!m || !m[1]!.startsWith(dir)) return undefined;
  return { file: m[1]!, line: Number(m[2]), column: Number(m[3]) + 1, text: m[4]! };
}

function safePath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

export function formatLocation(loc: Location, base: string): string {
  return `${relative(base, loc.file)}:${loc.line}:${loc.column}`;
}

/** The source line with its number and a caret under the column: what an editor would show. */
export function codeFrame(loc: Location): string | undefined {
  let lines: string[];
  try {
    lines = readFileSync(loc.file, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const text = lines[loc.line - 1];
  if (text === undefined) return undefined;
  const gutter = `${loc.line} | `;
  const shown = text.replace(/\t/g, "  ");
  const indent = text.slice(0, Math.max(0, loc.column - 1)).replace(/\t/g, "  ").length;
  return `${gutter}${shown.trimEnd()}\n${" ".repeat(gutter.length - 2)}| ${" ".repeat(indent)}^`;
}
