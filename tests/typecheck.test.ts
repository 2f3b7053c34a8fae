// The type checker for the learner: the compiler's problems in one exercise file, each numpy habit
// in numpy's terms, warnings that never change a grade, and a warm re-check after a save.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";
import { TypeChecker } from "../grader/typecheck/index.ts";
import type { TypeWarning } from "../grader/types.ts";
import { reporters } from "../grader/reporters/index.ts";
import { totalsOf } from "../grader/types.ts";
import type { ExerciseResult, GradeReport } from "../grader/types.ts";

const TYPES = join(ROOT, "tests", "fixtures", "types");
const checker = new TypeChecker({ base: ROOT });

/** The warning at `line` whose numpy words contain every pattern. */
function at(warnings: TypeWarning[], line: number, ...words: (string | RegExp)[]): TypeWarning {
  const here = warnings.filter((w) => Number(w.location.split(":").at(-2)) === line);
  const found = here.find((w) => words.every((p) => (typeof p === "string" ? (w.numpy ?? "").includes(p) : p.test(w.numpy ?? ""))));
  if (!found) assert.unreachable(`line ${line}: no warning with ${words.join(", ")}:\n${JSON.stringify(here, null, 1)}`);
  return found!;
}

test("operators on arrays: the np function to write", () => {
  const w = checker.check(join(TYPES, "02_operators.ts"));
  assert.is(at(w, 6, "np.add(a, b)").code, 2365);
  assert.not.match(at(w, 6, "np.add").message, /import\(/, "types are named as written: NDArray");
  at(w, 8, "np.subtract", "np.subtract(1, AL)");
  at(w, 10, "np.greater(a, b)");
});

test("Python habits: Math.*, keyword arguments, tuples, an unknown option, len and None", () => {
  const w = checker.check(join(TYPES, "03_habits.ts"));
  at(w, 6, "Math.max works on plain numbers", "np.maximum(0, Z)");
  at(w, 10, "{ axis: 1, keepdims: true }");
  at(w, 10, "true");
  at(w, 11, /\{ axis: 1, keepdims: true \} \(not "keepdim"\)/);
  at(w, 12, "comma operator", "[n, 1]");
  at(w, 13, "np.zeros([n, 1])");
  at(w, 14, "no len()", "A.shape");
  at(w, 15, "undefined");
});

test("code that runs right but is typed loosely: np.squeeze's number | NDArray names np.item", () => {
  const w = checker.check(join(TYPES, "05_squeeze.ts"));
  assert.is(w.length, 1);
  at(w, 9, "np.item(cost)");
});

test("the solutions type-check without a warning; `../lib/` and missing sibling exercises resolve as when graded", () => {
  for (const slug of ["02_linear_forward", "05_cost", "08_model_backward", "10_train", "11_dense_layer"]) {
    assert.equal(checker.check(join(ROOT, "solutions", `${slug}.ts`)), [], slug);
  }
  // A file alone in a folder elsewhere: lib/ is the workbook's, 07 is the reference one.
  const dir = mkdtempSync(join(tmpdir(), "dnn-types-"));
  try {
    copyFileSync(join(ROOT, "solutions", "08_model_backward.ts"), join(dir, "08_model_backward.ts"));
    assert.equal(checker.check(join(dir, "08_model_backward.ts")), []);
    // Warm: a save re-checks only the saved file.
    appendFileSync(join(dir, "08_model_backward.ts"), "export const broken: number = np.zeros([1, 1]);\n");
    const t0 = performance.now();
    const w = checker.check(join(dir, "08_model_backward.ts"));
    const ms = performance.now() - t0;
    assert.is(w.length, 1);
    assert.match(w[0]!.numpy ?? "", /np\.item\(A\)/);
    console.log(`re-check after a save: ${ms.toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the pretty report shows type warnings as warnings, in numpy's terms, and they change no grade", () => {
  const warnings = checker.check(join(TYPES, "05_squeeze.ts"));
  const r: ExerciseResult = {
    id: "05", name: "cost", title: "Cost", status: "passed", points: 6, maxPoints: 6, durationMs: 1, file: "exercises/05_cost.ts",
    checks: [{ name: "the course's cost", status: "passed", points: 6, maxPoints: 6 }], typeWarnings: warnings,
  };
  const report: GradeReport = { workbook: "dnn-workbook", version: 1, source: "exercises", hiddenSeed: 1, results: [r], totals: totalsOf([r]) };
  const text = reporters.pretty(report, { color: false, detail: "all", width: 100 });
  assert.match(text.replace(/\s+/g, " "), /⚠ The type checker sees 1 problem in exercises\/05_cost\.ts \(warnings: the checks above decide the grade\)/);
  assert.match(text, /05_squeeze\.ts:9:3\s+TS2322/);
  assert.match(text, /→ np\.squeeze gives a number only when/);
  assert.match(text, /✔ 05 cost\s+6\/6/);
});

test.after(() => checker.dispose());
test.run();
