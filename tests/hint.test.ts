/**
 * `npm run hint`: one hint at a time, counted in the progress file; --all; after the last, the
 * lesson and the reference solution; and the grade report shows the next hint not seen yet.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { listExercises, paths } from "../grader/exercises.ts";
import { hintCommand, specOf } from "../grader/commands/hint.ts";
import { gradeCommand } from "../grader/commands/grade.ts";
import { loadProgress } from "../grader/progress.ts";

const tmp = mkdtempSync(join(tmpdir(), "dnn-hint-"));
process.env.DNN_WORKBOOK_HOME = tmp;
const ex = listExercises().find((e) => e.id === "02") ?? listExercises()[0]!;
const spec = await specOf(ex);

/** Runs a command, returning its exit code and what it printed (colours removed, and white space folded: output wraps to the terminal). */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { write: o } = process.stdout;
  const { write: e } = process.stderr;
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await run();
    const fold = (parts: string[]) => stripVTControlCharacters(parts.join("")).replace(/\s+/g, " ");
    return { code, out: fold(out), err: fold(err) };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const hint = (...argv: string[]) => capture(() => hintCommand(argv));
const shown = () => loadProgress().hintsShown[ex.slug] ?? 0;

test("the spec has hints to give (at least two)", () => {
  assert.ok(spec.hints.length >= 2, `${ex.slug} has ${spec.hints.length} hints`);
});

test("hints come one at a time, and the count is remembered", async () => {
  rmSync(join(tmp, ".dnn-workbook"), { recursive: true, force: true });
  for (let i = 0; i < spec.hints.length; i++) {
    const r = await hint(ex.id);
    assert.is(r.code, 0);
    assert.ok(r.out.includes(`hint ${i + 1} of ${spec.hints.length}`), r.out);
    assert.ok(r.out.includes(spec.hints[i]!), `hint ${i + 1} is shown`);
    for (const [j, other] of spec.hints.entries()) if (j !== i) assert.not.ok(r.out.includes(other), `only hint ${i + 1}`);
    assert.is(shown(), i + 1);
    if (i + 1 < spec.hints.length) assert.ok(r.out.includes(`npm run hint -- ${ex.id}`), "says how to get the next one");
    else assert.match(r.out, /That was the last hint/);
  }
});

test("after the last hint: no more, the lesson section and the reference solution", async () => {
  const r = await hint(ex.slug);
  assert.is(r.code, 0);
  assert.match(r.out, /no more hints/i);
  assert.ok(r.out.includes(paths.lesson(spec.lesson)), r.out);
  assert.ok(r.out.includes(`solutions/${ex.slug}.ts`), r.out);
  assert.is(shown(), spec.hints.length, "the count stays at the number of hints");
});

test("--all shows every hint and counts them all as seen", async () => {
  rmSync(join(tmp, ".dnn-workbook"), { recursive: true, force: true });
  const r = await hint(ex.id, "--all");
  assert.is(r.code, 0);
  for (const h of spec.hints) assert.ok(r.out.includes(h));
  assert.ok(r.out.includes(`solutions/${ex.slug}.ts`));
  assert.is(shown(), spec.hints.length);
});

test("without an exercise it takes the current one from the progress file, else asks which", async () => {
  rmSync(join(tmp, ".dnn-workbook"), { recursive: true, force: true });
  await hint().then(
    () => assert.unreachable("should ask which exercise"),
    (e: Error) => assert.match(e.message, /Which exercise/),
  );
  mkdirSync(join(tmp, ".dnn-workbook"), { recursive: true });
  writeFileSync(join(tmp, ".dnn-workbook", "progress.json"), JSON.stringify({ version: 1, current: ex.slug, hintsShown: {} }));
  const r = await hint();
  assert.ok(r.out.includes(spec.hints[0]!));
});

test("the grade report shows the first hint, then the last one asked for, never more", async () => {
  const dir = join(tmp, "exercises");
  mkdirSync(dir, { recursive: true });
  // A wrong answer (W·A without b) makes a check fail, so the report shows a hint.
  const wrong = readFileSync(paths.solution(ex), "utf8").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)");
  assert.ok(wrong.includes("np.dot(W, A);"), "the solution of 02 still computes np.add(np.dot(W, A), b)");
  writeFileSync(paths.learner(ex, dir), wrong);
  // The exercise's hint comes once, after the checks ("Stuck? Hint 1/3 for 02: …"), wrapped: compare unwrapped.
  // Without the type checker's warnings (DNN_WORKBOOK_TYPECHECK=0, as a learner can ask): they are
  // not under test here (tests/typecheck.test.ts), and this wrong answer has none, but the compiler
  // would take a second and a half of CPU to start each run (its findings are cached by the file's
  // path and contents, and the file is in a new temporary folder each run).
  const grade = async () => {
    const before = process.env.DNN_WORKBOOK_TYPECHECK;
    process.env.DNN_WORKBOOK_TYPECHECK = "0";
    try {
      const r = await capture(() => gradeCommand({ exercise: ex.id, dir, color: false, width: 100 }));
      return { ...r, out: r.out.replace(/\s+/g, " ") };
    } finally {
      if (before === undefined) delete process.env.DNN_WORKBOOK_TYPECHECK;
      else process.env.DNN_WORKBOOK_TYPECHECK = before;
    }
  };
  rmSync(join(tmp, ".dnn-workbook"), { recursive: true, force: true });
  const flat = (t: string) => t.replace(/\s+/g, " ");
  assert.ok((await grade()).out.includes(flat(`Hint 1/${spec.hints.length} for ${ex.id}: ${spec.hints[0]}`)));
  await hint(ex.id);
  assert.ok((await grade()).out.includes(flat(`Hint 1/${spec.hints.length} for ${ex.id}: ${spec.hints[0]}`)));
  await hint(ex.id);
  const out = (await grade()).out;
  assert.ok(out.includes(flat(`Hint 2/${spec.hints.length} for ${ex.id}: ${spec.hints[1]}`)));
  assert.not.ok(out.includes(flat(spec.hints[2]!)));
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
