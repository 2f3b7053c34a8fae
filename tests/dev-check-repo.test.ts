// dev:check on the course repository itself: it must pass once the course is complete. While the
// course is being written this test fails and its message is the list of what is still missing.
// The stubs it compares with the solutions are generated ones: exercises/ holds the learner's work.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { checkCourse } from "../grader/authoring/course-check.ts";
import { formatCourseCheck } from "../grader/commands/dev-check.ts";
import { ROOT } from "../grader/exercises.ts";
import { pristineStubs } from "./helpers/pristine.ts";

test("the course repository is consistent (npm run dev:check)", async () => {
  const check = await checkCourse(ROOT, { exercisesDir: pristineStubs() });
  const text = formatCourseCheck(check);
  console.log(`dev:check on the repository: ${check.exercises.length} exercises, ${check.problems.length} problems, ${(check.durationMs / 1000).toFixed(1)} s`);
  assert.ok(check.ok, `npm run dev:check finds ${check.problems.length} problems in the course:\n${text}`);
});

test.run();
