/**
 * The workbook's command line: parses arguments and dispatches. Every npm script calls it.
 */
import { parseArgs } from "node:util";
import chalk from "chalk";
import { UsageError } from "./exercises.ts";
import { gradeCommand } from "./commands/grade.ts";

const USAGE = `Usage: npm run <command> [-- options]

Learner
  grade [exercise]        grade every exercise, or one in detail (02, linear_forward)
    --watch               re-grade the current exercise on every save (also: npm run watch)
    --poll                with --watch: poll for changes instead of watching files
    --dir FOLDER          grade a copy of exercises/ somewhere else
    --solutions           grade the reference solutions instead of exercises/
    --reporter NAME       pretty (default), json, junit, gradescope, markdown, classroom
    --output FILE         write the report to a file
    --seed N              seed of the hidden randomized cases
  hint [exercise]         the next hint of an exercise (--all for every hint)
  list                    every exercise with its status
  reset <exercise>        restore the stub; your file is backed up first (--all, --yes)
  lesson [n[#section]]    read a lesson (or one section: 2#cost) in the terminal (--lang ko)
  quiz [n] [--lang ko]    a lesson's self-check questions, answers on request
  book                    build the HTML book into book/
  train                   train your network on real handwritten digits (grades first; --force)
  try <exercise>          run your function on the course's inputs and print what it returns
  check [exercise]        type-check your files, in numpy's terms (changes no grade)

Instructor
  dev:check               check the course is consistent
  dev:sync                write the stubs in exercises/ from solutions/
  dev:new <name>          scaffold a new exercise
  dev:mutation            StrykerJS over the solutions, graded by the grader (slow)
  dev:gradescope          build the Gradescope autograder zip
  dev:classroom           build the GitHub Classroom template (no solutions/ source)
  grade --submissions DIR --reporter csv|json|junit|gradescope
                          [--roster roster.csv] [--jobs N] [--out DIR]
`;

/**
 * Commands whose modules load only when called, to keep `grade` fast. Each takes the arguments
 * after its name and returns the exit code.
 */
const lazy = {
  watch: async (argv: string[]) => (await import("./commands/watch.ts")).watchCommand(argv),
  submissions: async (argv: string[]) => (await import("./batch/index.ts")).batchCommand(argv),
  hint: async (argv: string[]) => (await import("./commands/hint.ts")).hintCommand(argv),
  list: async (argv: string[]) => (await import("./commands/list.ts")).listCommand(argv),
  reset: async (argv: string[]) => (await import("./commands/reset.ts")).resetCommand(argv),
  lesson: async (argv: string[]) => (await import("./lessons/index.ts")).lessonCommand(argv),
  book: async (argv: string[]) => (await import("./lessons/index.ts")).bookCommand(argv),
  quiz: async (argv: string[]) => (await import("./lessons/quiz-command.ts")).quizCommand(argv),
  train: async (argv: string[]) => (await import("./train/index.ts")).trainCommand(argv),
  check: async (argv: string[]) => (await import("./commands/check.ts")).checkCommand(argv),
  try: async (argv: string[]) => (await import("./commands/try.ts")).tryCommand(argv),
  "dev:check": async (argv: string[]) => (await import("./commands/dev-check.ts")).devCheckCommand(argv),
  "dev:new": async (argv: string[]) => (await import("./commands/dev-new.ts")).devNewCommand(argv),
  "dev:sync": async (argv: string[]) => (await import("./commands/dev-sync.ts")).devSyncCommand(argv),
  "dev:mutation": async (argv: string[]) => (await import("./commands/dev-mutation.ts")).devMutationCommand(argv),
  "dev:gradescope": async (argv: string[]) => (await import("./commands/dev-gradescope.ts")).devGradescopeCommand(argv),
  "dev:classroom": async (argv: string[]) => (await import("./commands/dev-classroom.ts")).devClassroomCommand(argv),
} as const;

const hasFlag = (argv: string[], ...flags: string[]) => argv.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const color = chalk.level > 0;
  const width = process.stdout.columns || 80;
  switch (command) {
    case "grade": {
      if (hasFlag(rest, "--watch", "-w")) return lazy.watch(rest);
      if (hasFlag(rest, "--submissions")) return lazy.submissions(rest);
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          solutions: { type: "boolean" },
          dir: { type: "string" },
          reporter: { type: "string", short: "r" },
          output: { type: "string", short: "o" },
          seed: { type: "string" },
        },
      });
      if (positionals.length > 1) throw new UsageError(`grade takes one exercise at most, not ${positionals.join(" ")}.`);
      return gradeCommand({ ...values, exercise: positionals[0], color, width });
    }
    case "hint":
    case "list":
    case "reset":
    case "lesson":
    case "book":
    case "quiz":
    case "train":
    case "check":
    case "try":
    case "dev:check":
    case "dev:new":
    case "dev:sync":
    case "dev:mutation":
    case "dev:gradescope":
    case "dev:classroom":
      return lazy[command](rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`The grader itself failed; this is a bug in dnn-workbook, not in your code:\n${(error as Error).stack ?? error}\n`);
      process.exitCode = 3;
    }
  },
);
