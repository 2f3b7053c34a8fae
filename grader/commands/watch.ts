/**
 * `npm run watch` (or `npm run grade -- --watch`) — grades the current exercise on every save.
 *
 *   npm run watch                 start at the exercise you were on, or the first one not passing
 *   npm run watch -- 03           start at exercise 03
 *   npm run watch -- --poll       check files for changes by polling (where file events fail)
 *   npm run watch -- --dir DIR    watch another folder of exercise files
 *
 * Keys: h hint · l list · n next · p previous · r re-run · q quit (or Ctrl-C).
 */
import { parseArgs } from "node:util";
import chalk from "chalk";
import { UsageError, findExercise } from "../exercises.ts";
import { WatchSession } from "../watch/index.ts";
import { workbookSeed } from "../progress.ts";
import { learnerDirOf } from "./grade.ts";

export const NO_TTY = `Watch mode needs a terminal: it grades your exercise each time you save it and reads single
keys (h hint, n next, q quit). Here the input or the output is not a terminal (a pipe, a file,
CI, an editor's task panel?).

Grade once instead:
  npm run grade           every exercise, and the first one not passing in detail
  npm run grade -- 02     one exercise, every check
`;

export async function watchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      watch: { type: "boolean", short: "w" },
      solutions: { type: "boolean" },
      dir: { type: "string" },
      poll: { type: "boolean" },
      seed: { type: "string" },
    },
  });
  if (positionals.length > 1) throw new UsageError(`watch starts at one exercise, not ${positionals.join(" ")}.`);
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) throw new UsageError(`--seed takes a whole number, not "${values.seed}".`);
  const start = positionals[0] === undefined ? undefined : findExercise(positionals[0]);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(NO_TTY);
    return 1;
  }
  const { dir, source } = learnerDirOf(values);
  return new WatchSession({
    learnerDir: dir,
    source,
    start,
    poll: values.poll,
    hiddenSeed: values.seed === undefined ? workbookSeed() : Number(values.seed),
    color: chalk.level > 0,
    stdin: process.stdin,
    stdout: process.stdout,
  }).run();
}
