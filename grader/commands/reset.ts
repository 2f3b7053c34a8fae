/**
 * `npm run reset -- 02` — puts the stub back in exercises/02_linear_forward.ts, after copying the
 * learner's file to a timestamped backup in .dnn-workbook/backups/. `--all` resets every
 * exercise (one question for all of them), `--yes` skips the question. The only command that
 * writes a learner's file.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ROOT, UsageError, findExercise, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { backupFile, writeFileAtomic } from "../fs-safe.ts";
import { stateRoot } from "../progress.ts";
import { learnerDirOf } from "./grade.ts";

/** Where reset reads its answer and writes its messages (the tests pass their own). */
export type ResetIO = {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
};

const MESSAGES = {
  which: `Which exercise? For example: npm run reset -- 02 (or --all for every exercise).`,
  both: `Name one exercise or use --all, not both.`,
  solutions: `reset restores learner files; it never writes the reference solutions.`,
  askOne: (file: string) => `Reset ${file} to the stub? Your file is backed up first. [y/N] `,
  askAll: (n: number, dir: string) => `Reset ${n} exercise${n === 1 ? "" : "s"} in ${dir}/ to the stub? Your files are backed up first. [y/N] `,
  noTty: `reset asks before it replaces your file, but there is no terminal to ask in. Add --yes to reset without asking, e.g. npm run reset -- 02 --yes (your file is still backed up first).`,
  declined: `Nothing was changed.`,
  same: (file: string) => `${file} is already the stub: nothing to reset.`,
  allSame: (dir: string) => `Every exercise in ${dir}/ is already its stub: nothing to reset.`,
  backedUp: (file: string, backup: string) => `Backed up ${file} → ${backup}`,
  restored: (file: string) => `Restored ${file} to the stub.`,
  undo: (file: string, backup: string) => `To get your version back: cp ${backup} ${file}`,
};

type Plan = { exercise: ExerciseRef; file: string; stub: string; exists: boolean };

/** A path as the learner would type it: relative to where they are, when it is inside. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

async function confirm(question: string, io: ResetIO): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: false });
  try {
    const answer = new Promise<string>((done) => {
      rl.once("line", done);
      rl.once("close", () => done(""));
    });
    io.stdout.write(question);
    return /^\s*y(es)?\s*$/i.test(await answer);
  } finally {
    rl.close();
  }
}

export async function resetCommand(argv: string[], io: ResetIO = process): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean", short: "a" }, yes: { type: "boolean", short: "y" }, dir: { type: "string" } },
  });
  if (positionals.length > 1) throw new UsageError(`reset takes one exercise, not ${positionals.join(" ")} (or --all).`);
  if (values.all && positionals.length) throw new UsageError(MESSAGES.both);
  if (!values.all && !positionals.length) throw new UsageError(MESSAGES.which);
  const { dir } = learnerDirOf({ dir: values.dir });
  if (resolve(dir) === resolve(ROOT, "solutions")) throw new UsageError(MESSAGES.solutions);

  const all = listExercises();
  const selected = values.all ? all : [findExercise(positionals[0]!, all)];
  const plans: Plan[] = selected.map((exercise) => {
    const solution = paths.solution(exercise);
    const file = paths.learner(exercise, dir);
    const exists = existsSync(file);
    return { exercise, file, exists, stub: stubFromSolution(readFileSync(solution, "utf8"), relative(ROOT, solution)) };
  });
  const todo = plans.filter((p) => !p.exists || readFileSync(p.file, "utf8") !== p.stub);
  const say = (line: string) => io.stdout.write(`${line}\n`);

  if (todo.length === 0) {
    say(values.all ? MESSAGES.allSame(shown(dir)) : MESSAGES.same(shown(plans[0]!.file)));
    return 0;
  }
  if (!values.yes) {
    if (!io.stdin.isTTY || !io.stdout.isTTY) {
      io.stderr.write(`${MESSAGES.noTty}\n`);
      return 1;
    }
    const question = values.all ? MESSAGES.askAll(todo.length, shown(dir)) : MESSAGES.askOne(shown(todo[0]!.file));
    if (!(await confirm(question, io))) {
      say(MESSAGES.declined);
      return 1;
    }
  }
  for (const plan of todo) {
    const file = shown(plan.file);
    let backup: string | undefined;
    if (plan.exists) {
      backup = shown(backupFile(plan.file, stateRoot()));
      say(MESSAGES.backedUp(file, backup));
    }
    writeFileAtomic(plan.file, plan.stub);
    say(MESSAGES.restored(file));
    if (backup && !values.all) say(MESSAGES.undo(file, backup));
  }
  if (values.all) {
    const unchanged = plans.length - todo.length;
    if (unchanged) say(`(${unchanged} already ${unchanged === 1 ? "was its" : "were their"} stub${unchanged === 1 ? "" : "s"}.)`);
  }
  return 0;
}
