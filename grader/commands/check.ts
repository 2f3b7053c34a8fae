/**
 * `npm run check [exercise]`: the TypeScript compiler on the learner's own files (exercises/, or
 * --dir), each problem in numpy's terms where a rule knows it. It grades nothing: `npm run grade`
 * does, and a type error never changes a grade. The workbook's own code is checked by `npm test`.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import chalk, { Chalk } from "chalk";
import { findExercise, listExercises, paths } from "../exercises.ts";
import { TypeChecker } from "../typecheck/index.ts";
import { learnerDirOf } from "./grade.ts";

/** `checker`: checks with this one, kept warm (tests check several folders), instead of a new one. */
export async function checkCommand(argv: string[], out: { write(text: string): unknown } = process.stdout, color = chalk.level > 0, checker?: TypeChecker): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { dir: { type: "string" }, solutions: { type: "boolean" } } });
  const c = new Chalk({ level: color ? 1 : 0 });
  const { dir } = learnerDirOf(values);
  const exercises = positionals.length ? positionals.map((p) => findExercise(p)) : listExercises();
  const own = !checker;
  checker ??= new TypeChecker();
  let problems = 0;
  let files = 0;
  for (const ex of exercises) {
    const file = paths.learner(ex, dir);
    if (!existsSync(file)) continue;
    files++;
    const warnings = checker.check(file);
    problems += warnings.length;
    for (const w of warnings) {
      out.write(`${c.cyan(w.location)}  ${c.dim(`TS${w.code}`)} ${w.message}\n`);
      if (w.numpy) out.write(`  ${c.yellow(`→ ${w.numpy}`)}\n`);
    }
  }
  if (own) checker.dispose();
  out.write(
    problems
      ? `\n${problems} type problem${problems === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}. They change no grade: npm run grade decides, by running your code.\n`
      : `${c.green("✔")} ${files} file${files === 1 ? "" : "s"} type-check.\n`,
  );
  return problems ? 1 : 0;
}
