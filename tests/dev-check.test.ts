// dev:check catches each problem: a minimal workbook (tests/fixtures/dev/workbook) with one defect each.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync, utimesSync } from "node:fs";
import { checkCourse } from "../grader/authoring/course-check.ts";
import { stubFromSolution as stubOf } from "../grader/authoring/stub.ts";
import type { CourseCheck, Problem } from "../grader/authoring/course-check.ts";
import { formatCourseCheck } from "../grader/commands/dev-check.ts";
import { devFixture } from "./fixtures/dev/build.ts";
import type { Fixture } from "./fixtures/dev/build.ts";

/** Builds a fixture, applies the defect, checks the course (files only unless `grade`), cleans up. */
async function checkWith(defect: (f: Fixture) => void, grade = false): Promise<CourseCheck> {
  const f = devFixture();
  try {
    defect(f);
    return await checkCourse(f.root, { grade });
  } finally {
    f.remove();
  }
}

/** The one problem of a check, asserted to be of `rule`, whose message has every part. */
function only(check: CourseCheck, rule: Problem["rule"], ...parts: string[]): Problem {
  const text = formatCourseCheck(check);
  assert.is(check.ok, false, text);
  const found = check.problems.filter((p) => p.rule === rule);
  assert.ok(found.length >= 1, `no "${rule}" problem:\n${text}`);
  const others = check.problems.filter((p) => p.rule !== rule);
  assert.equal(others, [], `unexpected problems besides "${rule}":\n${text}`);
  const p = found[0]!;
  for (const part of parts) assert.ok(`${p.file}:${p.line} ${p.message}`.includes(part), `"${part}" not in: ${p.file}:${p.line} ${p.message}`);
  return p;
}

test("the fixture workbook passes every rule, graded too", async () => {
  const check = await checkWith(() => {}, true);
  const text = formatCourseCheck(check);
  assert.ok(check.ok, text);
  assert.is(check.exercises.length, 2);
  for (const e of check.exercises) for (const r of e.rules) assert.is(r.status, "ok", `${e.exercise.slug} ${r.rule}\n${text}`);
  assert.match(text, /✔ 01 scale\s+10\/10 rules/);
  assert.match(text, /✔ The course is consistent/);
});

test("a solution that does not pass", async () => {
  const check = await checkWith((f) => f.edit("solutions/01_scale.ts", "np.multiply(A, k)", "np.multiply(A, k + 1)"), true);
  only(check, "solution-passes", "solutions/01_scale.ts", "does not pass", "scale(A, ");
});

test("a solution that throws: the message has its file and line", async () => {
  const check = await checkWith((f) => f.edit("solutions/01_scale.ts", "return np.multiply(A, k);", 'throw new Error("oops");'), true);
  const p = only(check, "solution-passes", "oops", "solutions/01_scale.ts:11");
  assert.match(p.message, /\(at solutions\/01_scale\.ts:11:\d+\)/);
});

test("an untouched stub that earns points: a check passes without code", async () => {
  const check = await checkWith((f) => f.edit("grader/specs/02_shift.ts", "checks: [", `checks: [\n    { name: "always passes", run: () => {} },`), true);
  only(check, "stub-not-started", "always passes", "every check must fail");
});

test("a stub in exercises/ out of sync with its solution says npm run dev:sync", async () => {
  const check = await checkWith((f) => f.edit("exercises/01_scale.ts", "// TODO:", "// TODO: (edited)"));
  only(check, "stub", "exercises/01_scale.ts", "out of sync", "npm run dev:sync", "line 10");
  assert.match(formatCourseCheck(check), /learners' working folder/);
});

test("a missing stub says npm run dev:sync", async () => {
  const check = await checkWith((f) => rmSync(f.path("exercises/02_shift.ts")));
  only(check, "stub", "exercises/02_shift.ts does not exist", "npm run dev:sync");
});

test("a solution without a spec belongs to no exercise", async () => {
  const check = await checkWith((f) => f.write("solutions/03_cube.ts", "export const x = 1; // SOLUTION: one\n"));
  only(check, "orphans", "solutions/03_cube.ts", "no grader/specs/03_cube.ts", "dev:new");
});

test("a spec without a solution", async () => {
  const check = await checkWith((f) => rmSync(f.path("solutions/02_shift.ts")));
  only(check, "solution", "solutions/02_shift.ts does not exist");
});

test("fewer than two hints", async () => {
  const check = await checkWith((f) => f.edit("grader/specs/02_shift.ts", ', "np.add(A, c) broadcasts c over A."', ""));
  only(check, "hints", "grader/specs/02_shift.ts:12", "1 hint written", "at least 2");
});

test("placeholder hints count as missing, and are left to fill in", async () => {
  const check = await checkWith((f) => f.edit("grader/specs/02_shift.ts", /hints: \[.*\]/, 'hints: ["TODO(author): a question", "TODO(author): another"]'));
  assert.ok(check.problems.some((p) => p.rule === "hints" && p.message.includes("0 hints written (2 still TODO(author))")), formatCourseCheck(check));
  const left = check.exercises[1]!.leftToFill;
  assert.equal(
    left.map((p) => `${p.file}:${p.line} ${p.message}`),
    ["grader/specs/02_shift.ts:12 TODO(author): a question", "grader/specs/02_shift.ts:12 TODO(author): another"],
  );
});

test("an export without a // TODO: in its stub", async () => {
  const check = await checkWith((f) => {
    f.write("solutions/02_shift.ts", f.read("solutions/02_shift.ts") + "\n/** Given. */\nexport function unshift(A: NDArray, c: number): NDArray {\n  return np.subtract(A, c);\n}\n");
    f.edit("grader/specs/02_shift.ts", 'exports: { shift: "(A, c)" }', 'exports: { shift: "(A, c)", unshift: "(A, c)" }');
    f.write("exercises/02_shift.ts", stubOf(f.read("solutions/02_shift.ts"))); // keeps the "in sync" rule quiet
  });
  only(check, "todo", "unshift has no // TODO:", "solutions/02_shift.ts:14");
});

test("unbalanced solution markers, with the line", async () => {
  const check = await checkWith((f) => f.edit("solutions/01_scale.ts", "  // END SOLUTION\n", ""));
  only(check, "solution", "solutions/01_scale.ts:9", "no matching");
});

test("a lesson missing in Korean", async () => {
  const check = await checkWith((f) => rmSync(f.path("lessons/ko/01_basics.md")));
  const p = only(check, "lesson", "lessons/ko/01_basics.md does not exist", "Korean");
  assert.is(check.problems.length, 2); // both exercises use the lesson
  assert.is(p.slug, "01_scale");
});

test("a lesson without the spec's anchor", async () => {
  const check = await checkWith((f) => f.edit("lessons/en/01_basics.md", "## Shifting {#shifting}", "## Shifting"));
  only(check, "lesson", "lessons/en/01_basics.md", "{#shifting}");
});

test("an anchor outside a heading does not count", async () => {
  const check = await checkWith((f) => {
    f.edit("lessons/ko/01_basics.md", "## 이동 {#shifting}", "## 이동");
    f.edit("lessons/ko/01_basics.md", "$A + c$는", "{#shifting} $A + c$는");
  });
  only(check, "lesson", "lessons/ko/01_basics.md", "{#shifting}");
});

test("reference outputs older than their script", async () => {
  const check = await checkWith((f) => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(f.path("grader/reference/01_scale.py"), later, later);
  });
  only(check, "reference", "grader/reference/01_scale.json is older than grader/reference/01_scale.py", "python3 grader/reference/01_scale.py");
});

test("a reference script without its JSON", async () => {
  const check = await checkWith((f) => rmSync(f.path("grader/reference/02_shift.json")));
  const p = only(check, "reference", "grader/reference/02_shift.json does not exist", "python3 grader/reference/02_shift.py");
  assert.ok(check.exercises[1]!.leftToFill.includes(p));
});

test("reference JSON that does not parse", async () => {
  const check = await checkWith((f) => f.write("grader/reference/01_scale.json", '{"cases": ['));
  only(check, "reference", "grader/reference/01_scale.json is not valid JSON");
});

test("two exercises with the same number", async () => {
  const check = await checkWith((f) => {
    f.write("grader/specs/02_double.ts", f.read("grader/specs/02_shift.ts").replace(/\bshift\b/g, "double"));
    f.write("solutions/02_double.ts", f.read("solutions/02_shift.ts").replace(/\bshift\b/g, "double"));
    f.write("exercises/02_double.ts", stubOf(f.read("solutions/02_double.ts")));
  });
  only(check, "numbers", "grader/specs/02_double.ts and grader/specs/02_shift.ts have the same number 02");
});

test("two exercises with the same name", async () => {
  const check = await checkWith((f) => {
    for (const [from, to] of [["grader/specs", "grader/specs"], ["solutions", "solutions"], ["exercises", "exercises"]] as const) {
      f.write(`${to}/03_shift.ts`, f.read(`${from}/02_shift.ts`).replace(/\bshift\b/g, "shift3"));
    }
    f.write("grader/reference/03_shift.json", f.read("grader/reference/02_shift.json"));
  });
  only(check, "names", 'have the same name "shift"');
});

test("two exercises exporting the same function", async () => {
  const check = await checkWith((f) => {
    f.edit("grader/specs/02_shift.ts", 'exports: { shift: "(A, c)" }', 'exports: { shift: "(A, c)", scale: "(A, k)" }');
  });
  only(check, "exports", "scale is an export of 01_scale and 02_shift");
});

test("files that belong to no exercise, in every folder", async () => {
  const check = await checkWith((f) => {
    f.write("exercises/07_foo.ts", "export {};\n");
    f.write("grader/reference/09_bar.json", "{}\n");
    f.write("grader/specs/notes.ts", "export {};\n");
    f.write("solutions/1_scale.ts", "export {};\n");
  });
  assert.is(check.problems.length, 4, formatCourseCheck(check));
  assert.ok(check.problems.every((p) => p.rule === "orphans"));
  assert.equal(check.problems.map((p) => p.file).sort(), ["exercises/07_foo.ts", "grader/reference/09_bar.json", "grader/specs/notes.ts", "solutions/1_scale.ts"]);
});

test("helper scripts next to the reference scripts are allowed", async () => {
  const check = await checkWith((f) => f.write("grader/reference/dnn.py", "# helpers\n"));
  assert.ok(check.ok, formatCourseCheck(check));
});

test("a spec that does not load", async () => {
  const check = await checkWith((f) => f.edit("grader/specs/02_shift.ts", 'import { defineExercise, expectClose, inOrder } from "../check/index.ts";', 'import { defineExercise, expectClose, inOrder } from "../check/nowhere.ts";'));
  only(check, "spec", "grader/specs/02_shift.ts", "does not load");
});

test("TODO(author) placeholders are listed with file and line", async () => {
  const check = await checkWith((f) => f.edit("grader/specs/01_scale.ts", 'title: "Scale: k·A"', 'title: "TODO(author): a title"'));
  const p = only(check, "placeholders", "grader/specs/01_scale.ts:13", "TODO(author): a title");
  assert.equal(check.exercises[0]!.leftToFill, [p]);
  assert.match(formatCourseCheck(check), /Left to fill in \(1\)\n\s+grader\/specs\/01_scale\.ts:13\s+TODO\(author\): a title/);
});

test("the report is a checklist: ✔/✘ per exercise and per rule", async () => {
  const check = await checkWith((f) => rmSync(f.path("lessons/ko/01_basics.md")));
  const text = formatCourseCheck(check, { all: true });
  assert.match(text, /✘ 01 scale\s+7\/8 rules/);
  assert.match(text, /✔ spec loads/);
  assert.match(text, /✘ lesson section in en and ko\n\s+lessons\/ko\/01_basics\.md does not exist/);
  assert.match(text, /✘ 2 problems/);
});

test.run();
