/**
 * `npm run hint -- 02` — the next hint of an exercise, one at a time; `--all` shows every hint.
 * How many were shown is remembered in the progress file, so the grade report and watch mode
 * know too.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import chalk from "chalk";
import { ROOT, UsageError, findExercise, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { ExerciseSpec } from "../check/spec.ts";
import { loadProgress, updateProgress } from "../progress.ts";
import { wrap } from "../reporters/pretty.ts";

const MESSAGES = {
  which: `Which exercise? For example: npm run hint -- 02`,
  noHints: (ex: ExerciseRef) => `${ex.id} ${ex.name} has no hints.`,
  noMore: (ex: ExerciseRef, n: number) =>
    `There are no more hints for ${ex.id} ${ex.name}: you have seen all ${n}. (npm run hint -- ${ex.id} --all shows them again.)`,
  last: `That was the last hint.`,
  more: (ex: ExerciseRef, left: number) => `${left} more: npm run hint -- ${ex.id}`,
};

/** An exercise's hints and lesson section, from its spec. */
export async function specOf(ex: ExerciseRef, root = ROOT): Promise<Pick<ExerciseSpec, "hints" | "lesson" | "title">> {
  const spec = (await import(pathToFileURL(paths.spec(ex, root)).href)).default as ExerciseSpec;
  return { hints: spec.hints ?? [], lesson: spec.lesson, title: spec.title };
}

/** Where to look once the hints run out: the lesson section and the reference solution. */
export function afterHints(ex: ExerciseRef, lesson: string, lang = "en"): string[] {
  return [`Read the lesson section: ${paths.lesson(lesson, lang)}`, `Compare with the reference solution: solutions/${ex.slug}.ts`];
}

export async function hintCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean", short: "a" }, lang: { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`hint takes one exercise, not ${positionals.join(" ")}.`);
  const exercises = listExercises();
  const query = positionals[0] ?? loadProgress().current;
  if (!query) throw new UsageError(MESSAGES.which);
  const ex = findExercise(query, exercises);
  const lang = (values.lang ?? process.env.DNN_WORKBOOK_LANG) === "ko" ? "ko" : "en";
  const { hints, lesson } = await specOf(ex);
  const c = chalk;
  const width = Math.min(process.stdout.columns || 80, 100);
  const out: string[] = [];
  const pointers = () => afterHints(ex, lesson, lang).map((l) => `  ${c.dim(l)}`);

  if (hints.length === 0) {
    out.push(MESSAGES.noHints(ex), ...pointers());
  } else if (values.all) {
    updateProgress((p) => {
      p.hintsShown[ex.slug] = hints.length;
    });
    out.push(c.bold(` ${ex.id} ${ex.name} · all ${hints.length} hints`), "");
    hints.forEach((h, i) => out.push(`  ${c.yellow(`${i + 1}.`)} ${wrap(h, width - 5).replace(/\n/g, "\n     ")}`));
    out.push("", ...pointers());
  } else {
    let index = -1;
    updateProgress((p) => {
      const seen = Math.min(p.hintsShown[ex.slug] ?? 0, hints.length);
      if (seen < hints.length) {
        index = seen;
        p.hintsShown[ex.slug] = seen + 1;
      }
    });
    if (index < 0) {
      out.push(MESSAGES.noMore(ex, hints.length), ...pointers());
    } else {
      const last = index + 1 === hints.length;
      out.push(c.bold(` ${ex.id} ${ex.name} · hint ${index + 1} of ${hints.length}`), "", `  ${c.yellow(wrap(hints[index]!, width - 2).replace(/\n/g, "\n  "))}`, "");
      if (last) out.push(`  ${MESSAGES.last}`, ...pointers());
      else out.push(`  ${c.dim(MESSAGES.more(ex, hints.length - index - 1))}`);
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
