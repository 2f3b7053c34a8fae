// The learner's loop, around the checks: the slips a numpy user makes that the course's mistakes
// did not name (a wrong seed, reseeding in the loop, X fed to every layer, >= 0.5 in predict),
// reports that focus (a check's own hint, a diagnosis given once, printed output labelled and cut,
// the hidden seed and how to rerun it), the workbook's stable seed, npm run try, check and lesson #.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, findExercise } from "../grader/exercises.ts";
import { Runner } from "../grader/runner/index.ts";
import { reporters } from "../grader/reporters/index.ts";
import { totalsOf } from "../grader/types.ts";
import type { ExerciseResult, GradeReport } from "../grader/types.ts";
import { folderSeed, peekProgress, workbookSeed } from "../grader/progress.ts";
import { tryCommand } from "../grader/commands/try.ts";
import { checkCommand } from "../grader/commands/check.ts";
import { TypeChecker } from "../grader/typecheck/index.ts";
import { sectionOf } from "../grader/lessons/lesson-command.ts";
import { readFileSync } from "node:fs";
import { FIXTURES, messagesOf } from "./helpers/grade-fixture.ts";
import { pristineStubs } from "./helpers/pristine.ts";

const graded = new Map<string, ExerciseResult>();
const FILES: [string, string][] = [
  ["01", "learner/01-wrong-seed.ts"],
  ["01", "learner/01-reseed-in-loop.ts"],
  ["04", "learner/04-same-X.ts"],
  ["10", "learner/10-predict-greater-equal.ts"],
  ["02", "learner/02-prints.ts"],
  ["08", "mistakes/08_model_backward/dAL-sign.ts"],
];

test.before(async () => {
  // A generous time limit: 10's training runs are slow on a busy machine, and time is not under test here.
  const runner = new Runner({ learnerDir: FIXTURES, hiddenSeed: 20260526, timeLimitMs: 30_000 });
  try {
    for (const [id, file] of FILES) graded.set(file, await runner.grade(findExercise(id), join(FIXTURES, file)));
  } finally {
    await runner.close();
  }
});

const report = (r: ExerciseResult, hints: string[] = ["First hint of the exercise?", "Second hint?"]): string => {
  const g: GradeReport = { workbook: "dnn-workbook", version: 1, source: "exercises", hiddenSeed: 1234, results: [r], totals: totalsOf([r]) };
  return reporters.pretty(g, { color: false, detail: "all", width: 100, hints: { [r.id]: hints } });
};

/** Every pattern must be in the result's messages; it must not pass. */
function named(file: string, ...words: RegExp[]): void {
  const r = graded.get(file)!;
  assert.ok(r.status !== "passed", `${file} should not pass`);
  const text = messagesOf(r);
  for (const w of words) assert.match(text, w, `${file}: ${w}\n${text}`);
}

test("a wrong seed is named with the seed it came from", () => {
  named("learner/01-wrong-seed.ts", /the right draws \(randn · 0\.01\) from the wrong seed: np\.random\.seed\(2\)/, /np\.random\.seed\(1\) at the start of the function/);
});

test("reseeding inside the loop is named", () => {
  named("learner/01-reseed-in-loop.ts", /seeded again before each layer \(inside the loop\)/, /Seed once, before the loop/);
});

test("X fed to every layer is named also where the shapes do not fit (the shape error gets the diagnosis)", () => {
  const r = graded.get("learner/04-same-X.ts")!;
  const first = r.checks.find((c) => c.status !== "passed")!;
  assert.match(first.message!, /ShapeError/);
  assert.match(first.message!, /Every layer is fed X/);
  assert.match(first.message!, /Layer l's input is A\[l-1\]/);
  assert.ok(first.location, "the learner's line");
});

test("predict with >= 0.5 is named: only exactly 0.5 differs, not a dtype problem", () => {
  named("learner/10-predict-greater-equal.ts", /1 where A\[L\] >= 0\.5/, /only where A\[L\] > 0\.5, strictly/, /np\.greater\(AL, 0\.5\), not np\.greater_equal/, /Not a dtype problem/);
});

test("report: a diagnosis already given is one line per further case; the exercise's hint comes after the checks", () => {
  const text = report(graded.get("mistakes/08_model_backward/dAL-sign.ts")!);
  assert.is(text.split("dA[L] has the wrong sign").length - 1, 1, text);
  assert.match(text, /✘ hidden cases: networks of 1 to 4 layers — the same mistake as above \(hidden case 1 of 5\)/);
  const hint = text.indexOf("Stuck? Hint 1/2 for 08: First hint of the exercise?");
  assert.ok(hint > text.lastIndexOf("✘ "), "the exercise's hint is not under a check");
  assert.not.match(text, /^\s+Hint 1\/2/m);
});

test("report: a check's own hint is shown under it, and only under it", () => {
  const r = graded.get("mistakes/08_model_backward/dAL-sign.ts")!;
  const withHint = { ...r, checks: r.checks.map((c, i) => (i === 2 ? { ...c, hint: "Which sign does the derivative of −log a have?" } : c)) };
  const text = report(withHint);
  assert.is(text.split("Hint: Which sign").length - 1, 1);
});

test("report: printed output is labelled by check and call, and says how much was cut", () => {
  const r = graded.get("learner/02-prints.ts")!;
  assert.match(r.output!, /^\[Z has the shape \(n\[l\], m\) · call 1\]|\[[^\]]+ · call 1\]/m);
  const text = report(r);
  assert.match(text, /Your code printed \(by check/);
  assert.match(text, /while checking: .+ · call 1/);
  assert.match(text, /… \d+ more lines not shown here \(all of it: npm run grade -- 02 --reporter json\)/);
});

test("report: the hidden seed and how to rerun it", () => {
  const text = report(graded.get("learner/02-prints.ts")!).replace(/\s+/g, " ");
  assert.match(text, /hidden cases: seed 1234 \(this workbook keeps it; npm run grade -- 02 --seed 1234 grades the same cases anywhere\)/);
});

test("the hidden seed is the workbook's: derived from its folder, stored in the progress file, stable", () => {
  const home = mkdtempSync(join(tmpdir(), "dnn-seed-"));
  try {
    const seed = workbookSeed(home);
    assert.is(seed, folderSeed(home));
    assert.is(peekProgress(home).hiddenSeed, seed);
    assert.is(workbookSeed(home), seed);
    assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

const capture = () => {
  let text = "";
  return { out: { write: (t: string) => (text += t) }, get text() { return text; } };
};

test("npm run try -- 02: the learner's answer on the course's inputs, numpy-style, next to the course's", async () => {
  const o = capture();
  assert.is(await tryCommand(["02", "--solutions"], o.out, false), 0);
  assert.match(o.text, /linearForward\(A, W, b\) with A \(3, 2\), W \(1, 3\), b \(1, 1\)/);
  assert.match(o.text, /result\[0\] \(1, 2\) = array\(\[\[ 3\.26295337, -1\.23429987\]\]\)/);
  assert.match(o.text, /the course's answer:/);
  const stub = capture();
  assert.is(await tryCommand(["05", "--dir", pristineStubs()], stub.out, false), 0);
  assert.match(stub.text, /threw NotImplementedError: computeCost is not implemented yet/);
});

test("npm run try -- 11: a class's objects as a transcript, next to the course's class on the same fields", async () => {
  const o = capture();
  assert.is(await tryCommand(["11", "--solutions"], o.out, false), 0);
  assert.match(o.text, /const layer = new Dense\(2\)\n  the new object:\n    layer\.units = 2\n    layer\.w = undefined/);
  assert.match(o.text, /layer\.build\(inputShape\) with inputShape = \[4, 3\]/);
  assert.match(o.text, /the course's class, from these fields, leaves: units = 2, w \(3, 2\), b \(1, 2\)/);
  // The first call builds the weights; the course's class is given the same ones, so it agrees.
  const call = /layer\.call\(inputs\) with inputs \(4, 3\)[\s\S]*?result \(4, 2\) = (array[^\n]*)[\s\S]*?expected \(4, 2\) = (array[^\n]*)/.exec(o.text);
  assert.ok(call, o.text);
  assert.is(call![1], call![2]);
  assert.not.match(o.text, /w \(50, 40\)/, "the statistics check's large layer is left out");
  const stub = capture();
  assert.is(await tryCommand(["11", "--dir", pristineStubs()], stub.out, false), 0);
  assert.match(stub.text, /threw NotImplementedError: (build|call) is not implemented yet/);
});

test("npm run check: the solutions type-check; the stubs too", async () => {
  // One checker for both folders, kept warm as watch mode keeps one: the compiler's start (its
  // standard library and lib/np parsed) is not paid twice.
  const checker = new TypeChecker();
  try {
    const o = capture();
    assert.is(await checkCommand(["--solutions", "02", "05"], o.out, false, checker), 0, o.text);
    assert.match(o.text, /2 files type-check/);
    const s = capture();
    assert.is(await checkCommand(["--dir", pristineStubs()], s.out, false, checker), 0, s.text);
  } finally {
    checker.dispose();
  }
});

test("npm run lesson -- 2#cost: one section; an unknown one lists the anchors", () => {
  const md = readFileSync(join(ROOT, "lessons", "en", "02_forward_propagation.md"), "utf8");
  const section = sectionOf(md, "cost")!;
  assert.match(section, /^# /);
  assert.match(section, /\{#cost\}/);
  assert.not.match(section, /\{#worked-example\}/);
  assert.is(sectionOf(md, "nope"), null);
  assert.ok(sectionOf(md, "layer-loop"));
});

test.run();
