// Runs the lesson reader or the book builder directly, until grader/cli.ts dispatches to them:
//   npx tsx grader/lessons/main.ts lesson 2 --lang ko
//   npx tsx grader/lessons/main.ts book --out /tmp/book
import { bookCommand, lessonCommand } from "./index.ts";

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (argv: string[]) => Promise<number>> = { lesson: lessonCommand, book: bookCommand };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error("Usage: npx tsx grader/lessons/main.ts lesson [<lesson>] [--lang ko] | book [--out DIR]");
  process.exitCode = 1;
} else {
  process.exitCode = await run(rest);
}
