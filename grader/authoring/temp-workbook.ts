/**
 * Temporary copies of a workbook, for checking the course on a copy with one defect (tests), for
 * following AUTHORING.md without touching the repository, and for packaging.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../exercises.ts";

export type TempWorkbook = { root: string; remove(): void };

export type TempWorkbookOptions = {
  /** The workbook to copy from (default: this one). */
  from?: string;
  /** Paths copied as they are (folders recursively, timestamps kept). */
  copy?: string[];
  /** Paths linked, not copied (node_modules; lib and grader code when the copy runs in this process). */
  link?: string[];
  /**
   * Folders whose entries are linked one by one, except the listed ones, which become real,
   * empty folders: `{ grader: ["specs", "reference"] }` links grader/check, grader/runner … and lets
   * a test fill grader/specs itself. In-process grading needs this: the worker and the specs must
   * load the very same grader modules, and a link resolves to them.
   */
  linkExcept?: Record<string, string[]>;
  prefix?: string;
};

export function makeTempWorkbook(o: TempWorkbookOptions = {}): TempWorkbook {
  const from = o.from ?? ROOT;
  const root = mkdtempSync(join(tmpdir(), o.prefix ?? "dnn-workbook-"));
  for (const p of o.copy ?? []) {
    if (existsSync(join(from, p))) cpSync(join(from, p), join(root, p), { recursive: true, preserveTimestamps: true });
  }
  for (const p of o.link ?? []) {
    if (existsSync(join(from, p))) symlinkSync(join(from, p), join(root, p));
  }
  for (const [dir, real] of Object.entries(o.linkExcept ?? {})) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const entry of readdirSync(join(from, dir))) {
      if (real.includes(entry)) continue;
      symlinkSync(join(from, dir, entry), join(root, dir, entry));
    }
    for (const entry of real) mkdirSync(join(root, dir, entry), { recursive: true });
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
