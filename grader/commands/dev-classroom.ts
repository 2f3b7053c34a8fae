/**
 * `npm run dev:classroom [-- --out DIR]` — builds the GitHub Classroom template repository: the
 * workbook as a learner gets it (lessons, fresh stubs in exercises/, lib/, the grader, the
 * Classroom workflow), WITHOUT solutions/ and the project's own tests. The judge still needs the
 * reference solutions for the hidden cases and for an exercise that imports another, so they ship
 * compiled and minified in grader/reference/bundle/ (grader/authoring/reference-bundle.ts): enough
 * to grade, not the commented source.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, listExercises, paths } from "../exercises.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { buildReferenceBundle } from "../authoring/reference-bundle.ts";

export const DEFAULT_TEMPLATE = "dist/classroom-template";
/** Not part of a learner's repository. */
const LEAVE_OUT = new Set([".ci", "solutions", "tests", "bench", "node_modules", "dist", "grades", "book", "reports", ".git", ".dnn-workbook", ".stryker-tmp"]);
/** Never copied from anywhere: the solutions' sources for the reference outputs, caches. */
const SKIP = /(?:^|\/)(?:__pycache__|node_modules)(?:\/|$)|\.py$|(?:^|\/)grader\/reference\/bundle(?:\/|$)/;

/** Writes the template into `out`; returns its files, relative to `out`. */
export async function stageClassroom(root: string, out: string): Promise<string[]> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(root)) {
    if (LEAVE_OUT.has(name) || /\.log$/.test(name)) continue;
    cpSync(join(root, name), join(out, name), { recursive: true, filter: (src) => !SKIP.test(relative(root, src).split("\\").join("/")) });
  }
  mkdirSync(join(out, "exercises"), { recursive: true });
  for (const ex of listExercises(root)) {
    const solution = join(root, "solutions", `${ex.slug}.ts`);
    if (existsSync(solution)) writeFileSync(paths.learner(ex, join(out, "exercises")), stubFromSolution(readFileSync(solution, "utf8"), relative(root, solution)));
  }
  await buildReferenceBundle(root, out);
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(out, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk("");
  return files.sort();
}

export async function devClassroomCommand(argv: string[], root = ROOT): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string", short: "o" } } });
  const out = resolve(values.out ?? join(root, DEFAULT_TEMPLATE));
  const files = await stageClassroom(root, out);
  process.stdout.write(
    `Wrote the Classroom template to ${relative(process.cwd(), out) || out}: ${files.length} files, no solutions/ (the judge uses grader/reference/bundle/).\n` +
      `Push it to a template repository and use it for the assignment; .github/workflows/classroom.yml reports the points to Classroom.\n`,
  );
  return 0;
}
