/**
 * Finds the learner's own file and line in an error the executor reported, and draws that line.
 *
 * A stack is text the learner's code can forge, so a location is believed only when it names a file
 * inside the learner's folder: the path is normalized, mapped from the executor's view of the folder
 * (a sandbox's copy) to the judge's, and its real path (symbolic links resolved) must still be inside
 * the folder before a single byte of it is read.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export type Location = { file: string; line: number; column: number };

const FRAME = /(?:\(|at )((?:file:\/\/)?\/[^():\s]+?)(?:\?[^:)]*)?:(\d+):(\d+)\)?\s*$/;

const withSep = (dir: string) => (dir.endsWith(sep) ? dir : dir + sep);

/** `file` (as the executor named it, inside `from`) as a path inside `to`, or undefined when it is not inside. */
function mapInside(file: string, from: string, to: string): string | undefined {
  const normal = resolve(file);
  if (!normal.startsWith(withSep(resolve(from)))) return undefined;
  return resolve(to, normal.slice(withSep(resolve(from)).length));
}

/** True when `file` really is a file inside `dir` (symbolic links resolved). */
export function reallyInside(file: string, dir: string): boolean {
  try {
    return realpathSync(file).startsWith(withSep(realpathSync(dir)));
  } catch {
    return false;
  }
}

/** The frames of a stack trace that point into `from` (the executor's folder), as files inside `to` (the judge's), top first. */
export function learnerFrames(stack: string | undefined, from: string, to = from): Location[] {
  if (!stack) return [];
  const out: Location[] = [];
  for (const line of stack.split("\n").slice(0, 200)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const raw = m[1]!.startsWith("file://") ? safePath(m[1]!) : m[1]!;
    const file = raw && mapInside(raw, from, to);
    if (file) out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** esbuild's "file.ts:5:10: ERROR: Expected ..." syntax errors. */
export function syntaxErrorLocation(message: string, from: string, to = from): (Location & { text: string }) | undefined {
  const m = /(\/[^\s:]+\.ts):(\d+):(\d+): ERROR: (.+)/.exec(message);
  const file = m && mapInside(m[1]!, from, to);
  if (!m || !file) return undefined;
  return { file, line: Number(m[2]), column: Number(m[3]) + 1, text: m[4]! };
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

const MAX_READ = 1 << 20;

/**
 * The source line with its number and a caret under the column: what an editor would show. Read
 * only when the file is a regular file really inside `dir`.
 */
export function codeFrame(loc: Location, dir: string): string | undefined {
  if (!reallyInside(loc.file, dir)) return undefined;
  let text: string;
  try {
    // Never open what is not a regular file (a FIFO would block the judge).
    if (!statSync(realpathSync(loc.file)).isFile()) return undefined;
    const fd = openSync(realpathSync(loc.file), "r");
    try {
      if (!fstatSync(fd).isFile()) return undefined;
      const buf = Buffer.alloc(MAX_READ);
      const n = readSync(fd, buf, 0, MAX_READ, 0);
      text = buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const line = text.split("\n")[loc.line - 1];
  if (line === undefined || !Number.isSafeInteger(loc.line) || loc.line < 1) return undefined;
  const gutter = `${loc.line} | `;
  const shown = line.replace(/\t/g, "  ").slice(0, 300);
  const indent = Math.min(line.slice(0, Math.max(0, loc.column - 1)).replace(/\t/g, "  ").length, 300);
  return `${gutter}${shown.trimEnd()}\n${" ".repeat(gutter.length - 2)}| ${" ".repeat(indent)}^`;
}
