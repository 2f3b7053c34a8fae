/**
 * `npm run dev:new -- <name> [--lesson NN_topic] [--fn functionName]` — scaffolds a new exercise,
 * numbered after the last one: its solution (with solution markers), spec, reference script,
 * lesson section (a new lesson, or a section added to an existing one with --lesson), and the
 * stub generated from the solution as dev:sync does. Then prints what is left to fill in — the
 * list `npm run dev:check` shows for the exercise until every item is done.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ROOT, UsageError, listExercises, paths } from "../exercises.ts";
import { checkCourse } from "../authoring/course-check.ts";
import { LANGS } from "../authoring/course-check.ts";
import {
  NAME,
  camelCase,
  lessonTemplate,
  lessonWithSection,
  nextNumber,
  numberedFiles,
  referenceTemplate,
  solutionTemplate,
  specTemplate,
} from "../authoring/scaffold.ts";
import type { NewExercise } from "../authoring/scaffold.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { writeFileAtomic } from "../fs-safe.ts";
import { formatLeftToFill } from "./dev-check.ts";

const USAGE = "Usage: npm run dev:new -- <name> [--lesson NN_topic] [--fn functionName]   (name in snake_case, e.g. leaky_relu)";

/** Loads every spec's exports, to refuse a function name another exercise already exports. */
async function exportedNames(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ex of listExercises(root)) {
    try {
      const spec = (await import(`${pathToFileURL(paths.spec(ex, root)).href}?dev-new=${Date.now()}`)).default;
      for (const name of Object.keys(spec?.exports ?? {})) out.set(name, ex.slug);
    } catch {
      // a spec that does not load is dev:check's to report
    }
  }
  return out;
}

/** Validates the name and plans the new exercise's files. */
export async function planExercise(root: string, name: string, o: { lesson?: string; fn?: string } = {}): Promise<NewExercise> {
  if (!NAME.test(name)) {
    throw new UsageError(`"${name}" is not a snake_case name: lowercase words joined by "_", starting with a letter (e.g. leaky_relu).\n${USAGE}`);
  }
  const folders = ["grader/specs", "solutions", "exercises", "grader/reference"].map((d) => join(root, d));
  const taken = folders.flatMap((d) => numberedFiles(d).filter((f) => f.name === name).map((f) => relative(root, join(d, f.file))));
  if (taken.length) throw new UsageError(`The name "${name}" is taken: ${taken.join(", ")}. Choose another name, or edit that exercise.`);
  const fn = o.fn ?? camelCase(name);
  if (!/^[a-z][A-Za-z0-9]*$/.test(fn)) throw new UsageError(`"${fn}" is not a camelCase function name.`);
  const owner = (await exportedNames(root)).get(fn);
  if (owner) throw new UsageError(`${fn} is already an export of ${owner}: pass another function name with --fn.`);
  const id = nextNumber(folders);
  if (Number(id) > 99) throw new UsageError("There are 100 exercises already: exercise numbers have two digits.");

  let lesson: NewExercise["lesson"];
  const anchor = name.replace(/_/g, "-");
  if (o.lesson) {
    const file = o.lesson.replace(/\.md$/, "").replace(/^.*\//, "");
    const missing = LANGS.filter((lang) => !existsSync(join(root, "lessons", lang, `${file}.md`)));
    if (missing.length) throw new UsageError(`--lesson ${o.lesson}: ${missing.map((l) => `lessons/${l}/${file}.md`).join(" and ")} do${missing.length === 1 ? "es" : ""} not exist.`);
    lesson = { file, anchor, existing: true };
  } else {
    const number = nextNumber(LANGS.map((lang) => join(root, "lessons", lang)));
    lesson = { file: `${number}_${name}`, anchor, existing: false };
  }
  return { id, name, slug: `${id}_${name}`, fn, lesson };
}

/** Writes the new exercise's files; returns them, relative to the root. */
export function scaffoldExercise(root: string, ex: NewExercise): string[] {
  const ref = { id: ex.id, name: ex.name, slug: ex.slug };
  const solution = solutionTemplate(ex);
  // [file, text, whether the file exists already and gets a section]
  const files: [string, string, boolean][] = [
    [paths.solution(ref, root), solution, false],
    [paths.spec(ref, root), specTemplate(ex), false],
    [paths.reference(ref, root).replace(/\.json$/, ".py"), referenceTemplate(ex, root), false],
    // The stub, with the same code as dev:sync.
    [paths.learner(ref, join(root, "exercises")), stubFromSolution(solution, relative(root, paths.solution(ref, root))), false],
  ];
  for (const lang of LANGS) {
    const file = join(root, "lessons", lang, `${ex.lesson.file}.md`);
    files.push(ex.lesson.existing ? [file, lessonWithSection(readFileSync(file, "utf8"), ex, lang), true] : [file, lessonTemplate(ex, lang), false]);
  }
  for (const [file, , edit] of files) {
    if (!edit && existsSync(file)) throw new UsageError(`${relative(root, file)} exists already: dev:new writes new files only.`);
  }
  for (const [file, text] of files) writeFileAtomic(file, text);
  return files.map(([file]) => relative(root, file));
}

export async function devNewCommand(argv: string[], root = ROOT): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { lesson: { type: "string" }, fn: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const ex = await planExercise(root, positionals[0]!, values);
  const written = scaffoldExercise(root, ex);
  const out: string[] = [`Created exercise ${ex.id} ${ex.name} (exports ${ex.fn}):`];
  for (const f of written) out.push(`  ${ex.lesson.existing && f.startsWith("lessons/") ? "added a section to" : "wrote"} ${f}`);
  const check = await checkCourse(root, { only: ex.slug, grade: false });
  const left = formatLeftToFill(check.exercises.flatMap((e) => e.leftToFill));
  out.push("", `Left to fill in (${left.length}):`, ...left.map((l) => `  ${l}`));
  const next = [
    [`python3 ${relative(root, paths.reference(ex, root)).replace(/\.json$/, ".py")}`, "writes the reference outputs (needs numpy)"],
    [`npm run dev:sync -- ${ex.name}`, "writes the stub again from your solution"],
    [`npm run dev:check -- ${ex.name}`, "lists what is still left"],
  ];
  const width = Math.max(...next.map(([cmd]) => cmd!.length));
  out.push("", "Then:", ...next.map(([cmd, why]) => `  ${cmd!.padEnd(width)}   # ${why}`));
  process.stdout.write(out.join("\n") + "\n");
  return 0;
}
