/**
 * The learner's own files that an exercise loads: saving one of them re-grades the exercise.
 *
 * Not every relative import counts. The grader maps `../lib/…` to the workbook's lib/ and another
 * exercise (`./03_activation_forward.ts`) to its reference version (grader/runner/hooks.mjs), so
 * only other files in the learner's folder (helpers they wrote) change the result.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, resolve, sep } from "node:path";

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;
const EXERCISE_FILE = /^\d{2}_[a-z][a-z0-9_]*\.ts$/;

/** Files under `learnerDir` that `file` imports, directly or through each other (not `file` itself). */
export function localImports(file: string, learnerDir: string): Set<string> {
  const root = learnerDir.endsWith(sep) ? learnerDir : learnerDir + sep;
  const found = new Set<string>();
  const queue = [file];
  while (queue.length) {
    const current = queue.pop()!;
    let source: string;
    try {
      source = readFileSync(current, "utf8");
    } catch {
      continue;
    }
    for (const m of source.matchAll(SPECIFIER)) {
      const specifier = m[1]!.replace(/[?#].*$/, "");
      if (/(?:^|\/)lib\//.test(specifier)) continue;
      const target = resolve(dirname(current), specifier);
      if (!target.startsWith(root) || target === file || found.has(target)) continue;
      if (EXERCISE_FILE.test(basename(target))) continue; // graded against the reference version
      if (!existsSync(target)) continue;
      found.add(target);
      queue.push(target);
    }
  }
  return found;
}
