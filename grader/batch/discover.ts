/**
 * Which files of an upload are the learner's submission: ONE rule, used by batch grading, by
 * Gradescope's run_autograder (which grades its upload as a one-learner batch) and by the GitHub
 * Classroom workflow (which grades the learner's repository the same way).
 *
 * 1. The upload is walked (at most 6 folders deep) without following symbolic links. Hidden
 *    entries (".git", ".vscode"), node_modules and the workbook's own folders (solutions/, grader/,
 *    lib/, tests/) are not part of a submission.
 * 2. An exercise file is a regular file named like an exercise of the course (02_linear_forward.ts).
 * 3. The exercise folder is the folder that holds exercise files and
 *    a. is named "exercises", if any such folder holds exercise files;
 *    b. of those, the shallowest; then the one with the most exercise files; then the first by name.
 *    So `exercises/` wins over `old/exercises/`, `src/hw4/exercises/` is found, and a flat upload
 *    of NN_name.ts files is taken where it is.
 * 4. Every .ts file of the exercise folder (and of its subfolders) is the submission: exercise
 *    files and the learner's own helpers alike. Exercise files anywhere else are ignored, and the
 *    gradebook says so ("stale" copies never win).
 * 5. An exercise with no file in the exercise folder is graded as its untouched stub ("not started").
 */
import { lstatSync, readdirSync } from "node:fs";
import { join, sep } from "node:path";

/** Folders of the workbook itself, which a whole-workbook upload also contains: never the learner's. */
export const WORKBOOK_FOLDERS = new Set(["solutions", "grader", "lib", "tests", "node_modules", "__MACOSX"]);
const MAX_DEPTH = 6;
const MAX_ENTRIES = 5000;

export type Discovery = {
  /** The exercise folder (absolute), when one was found. */
  dir?: string;
  /** The same, relative to the upload ("" for the upload itself). */
  where?: string;
  /** What was found but not taken, in words (for the gradebook's reason column). */
  notes: string[];
  /** Why nothing can be graded, when nothing can. */
  problem?: string;
};

const shown = (rel: string) => rel.split(sep).join("/");

/** Applies the rule above to the upload at `root` for the course's exercise file names (`02_linear_forward.ts`). */
export function discover(root: string, exerciseFiles: Set<string>): Discovery {
  const byFolder = new Map<string, string[]>();
  const notes: string[] = [];
  const seen: string[] = [];
  let entries = 0;
  const walk = (rel: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch (e) {
      notes.push(`${shown(rel) || "."}: could not be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      return;
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES) {
        if (entries === MAX_ENTRIES + 1) notes.push(`more than ${MAX_ENTRIES} files: the rest was not looked at`);
        return;
      }
      const relPath = join(rel, name);
      const st = lstatSync(join(root, relPath));
      if (name.startsWith(".")) continue;
      if (seen.length < 8) seen.push(shown(relPath) + (st.isDirectory() ? "/" : ""));
      if (st.isSymbolicLink()) {
        if (exerciseFiles.has(name) || st.isDirectory()) notes.push(`${shown(relPath)}: a symbolic link, not followed`);
        continue;
      }
      if (st.isDirectory()) {
        if (WORKBOOK_FOLDERS.has(name)) continue;
        if (depth < MAX_DEPTH) walk(relPath, depth + 1);
        continue;
      }
      if (!exerciseFiles.has(name)) continue;
      if (!st.isFile()) {
        notes.push(`${shown(relPath)}: not a regular file, not read`);
        continue;
      }
      const list = byFolder.get(rel) ?? [];
      list.push(name);
      byFolder.set(rel, list);
    }
  };
  walk("", 0);
  const depth = (rel: string) => (rel === "" ? 0 : rel.split(sep).length);
  const isExercises = (rel: string) => rel.split(sep).pop() === "exercises";
  const folders = [...byFolder.keys()].sort(
    (a, b) =>
      Number(isExercises(b)) - Number(isExercises(a)) ||
      depth(a) - depth(b) ||
      byFolder.get(b)!.length - byFolder.get(a)!.length ||
      a.localeCompare(b),
  );
  const chosen = folders[0];
  if (chosen === undefined) {
    const what = seen.length ? `it holds ${seen.join(", ")}${entries > seen.length ? ", …" : ""}` : "it is empty";
    return { notes, problem: `no exercise file (NN_name.ts, like 02_linear_forward.ts) in the submission: ${what}` };
  }
  const from = chosen === "" ? "the top folder" : `${shown(chosen)}/`;
  for (const other of folders.slice(1)) notes.push(`ignored ${byFolder.get(other)!.map((f) => shown(join(other, f))).join(", ")}: the exercise files are taken from ${from} only`);
  return { dir: join(root, chosen), where: shown(chosen), notes };
}

