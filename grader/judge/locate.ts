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
import { drawCodeFrame, parseSyntaxError, stackFrames } from "./code-frame.ts";
import type { Location } from "./code-frame.ts";

export type { Location } from "./code-frame.ts";


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
  for (const frame of stackFrames(stack)) {
    const raw = frame.file.startsWith("file://") ? safePath(frame.file) : frame.file;
    const file = raw && mapInside(raw, from, to);
    if (file) out.push({ ...frame, file });
  }
  return out;
}

/** esbuild's "file.ts:5:10: ERROR: Expected ..." syntax errors. */
export function syntaxErrorLocation(message: string, from: string, to = from): (Location & { text: string }) | undefined {
  const syntax = parseSyntaxError(message);
  const file = syntax && mapInside(syntax.file, from, to);
  if (!syntax || !file) return undefined;
  return { ...syntax, file };
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
  return drawCodeFrame(text, loc);
}
