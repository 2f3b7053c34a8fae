/**
 * `npm run list`: every exercise (whatever the course holds now) with its status, points, lesson
 * file and hints seen; the current exercise marked ▸.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { listExercises, paths } from "../grader/exercises.ts";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { listCommand } from "../grader/commands/list.ts";
import { specOf } from "../grader/commands/hint.ts";
import { saveProgress } from "../grader/progress.ts";
import { Runner } from "../grader/runner/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "dnn-list-"));
const dir = join(tmp, "exercises");
process.env.DNN_WORKBOOK_HOME = join(tmp, "home");
const exercises = listExercises();
mkdirSync(dir, { recursive: true });
for (const e of exercises) writeFileSync(paths.learner(e, dir), stubFromSolution(readFileSync(paths.solution(e), "utf8")));
// The first exercise solved, so the first not passing is the second.
const [solved, next] = exercises;
copyFileSync(paths.solution(solved!), paths.learner(solved!, dir));

// The first list grades with a runner of its own, as `npm run list` does; the others, which differ
// only in the terminal's width and the progress file, grade the same folder with this one (one
// executor, not one each).
const runner = new Runner({ learnerDir: dir });

async function list(argv: string[], by?: Runner): Promise<string> {
  const out: string[] = [];
  const { write } = process.stdout;
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  try {
    assert.is(await listCommand(argv, by), 0);
  } finally {
    process.stdout.write = write;
  }
  return stripVTControlCharacters(out.join(""));
}

const lineOf = (text: string, id: string, name: string) => text.split("\n").find((l) => new RegExp(`\\s${id} ${name}\\s`).test(l));

test("every exercise is listed with its status, points, lesson and hints", async () => {
  const text = await list(["--dir", dir]);
  for (const e of exercises) {
    const line = lineOf(text, e.id, e.name);
    assert.ok(line, `${e.slug} is listed:\n${text}`);
    const spec = await specOf(e);
    assert.ok(line!.includes(paths.lesson(spec.lesson).replace(/^.*\//, "").replace(/#.*$/, "")), `${e.slug}'s lesson: ${line}`);
    assert.ok(line!.includes(`hints 0/${spec.hints.length}`), `${e.slug}'s hints: ${line}`);
    if (e === solved) assert.match(line!, /✔ .* (\d+)\/\1\b/);
    else assert.match(line!, /○ .* 0\/\d+ /);
  }
  assert.match(text, new RegExp(`1/${exercises.length} exercises`));
});

test("the lesson column keeps the section when the terminal is wide enough", async () => {
  const { columns } = process.stdout;
  process.stdout.columns = 200;
  try {
    const text = await list(["--dir", dir], runner);
    const e = exercises[0]!;
    assert.ok(lineOf(text, e.id, e.name)!.includes(paths.lesson((await specOf(e)).lesson)), text);
  } finally {
    process.stdout.columns = columns;
  }
});

test("the current exercise is marked: the progress file's while it does not pass, else the first one not passing", async () => {
  if (!next) return; // a course of one exercise
  const marked = (text: string) => text.split("\n").filter((l) => /^\s*▸ \S \d{2} /.test(l));
  let text = await list(["--dir", dir], runner);
  assert.equal(marked(text), [lineOf(text, next.id, next.name)], "the first one not passing");
  const later = exercises[exercises.length - 1]!;
  saveProgress({ version: 1, current: later.slug, hintsShown: { [next.slug]: 2 } });
  text = await list(["--dir", dir], runner);
  assert.equal(marked(text), [lineOf(text, later.id, later.name)], "the progress file's");
  assert.match(lineOf(text, next.id, next.name)!, /hints 2\/\d+/);
  saveProgress({ version: 1, current: solved!.slug, hintsShown: {} });
  text = await list(["--dir", dir], runner);
  assert.equal(marked(text), [lineOf(text, next.id, next.name)], "not one that passes");
});

test.after(async () => {
  await runner.close();
  rmSync(tmp, { recursive: true, force: true });
});
test.run();
