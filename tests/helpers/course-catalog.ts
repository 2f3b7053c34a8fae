/**
 * The catalog tests every part of the course shares: each mistake fixture fails with the words
 * that name it, each correct variant passes, the solutions pass and the untouched stubs are "not
 * started". Everything is graded once, up front, on three workers in parallel; the tests read
 * the results.
 */
import type { Test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, findExercise } from "../../grader/exercises.ts";
import { Runner } from "../../grader/runner/index.ts";
import type { ExerciseResult } from "../../grader/types.ts";
import { FIXTURES, fixtureGrader, messagesOf } from "./grade-fixture.ts";
import { pristineStubs } from "./pristine.ts";

export type Catalog = {
  exercises: readonly string[];
  /** For each exercise, each mistake fixture's name and the words its message must contain. */
  mistakes: Record<string, Record<string, RegExp[]>>;
  minCorrectVariants: number;
  minChecks: number;
};

export const fixtureFiles = (kind: string, slug: string) =>
  readdirSync(join(FIXTURES, kind, slug))
    .filter((f) => f.endsWith(".ts"))
    .sort();

export const summary = (r: ExerciseResult) =>
  `${r.status} ${r.points}/${r.maxPoints}\n` + r.checks.map((c) => `  [${c.status}] ${c.name}: ${c.message ?? ""}`).join("\n");

/** Registers the catalog's tests on `test`; returns the results (fixtures by "mistakes/<slug>/<file>", solutions by slug) for more. */
export function courseCatalogTests(test: Test, c: Catalog): { fixtures: Map<string, ExerciseResult>; solutions: Map<string, ExerciseResult> } {
  const fixtures = new Map<string, ExerciseResult>();
  const solutions = new Map<string, ExerciseResult>();
  const stubs = new Map<string, ExerciseResult>();

  test.before(async () => {
    const grader = fixtureGrader();
    const solutionRunner = new Runner({ learnerDir: join(ROOT, "solutions"), hiddenSeed: 4242 });
    // The stubs as generated, not exercises/: the learner's work there must not change the tests.
    const stubRunner = new Runner({ learnerDir: pristineStubs(), hiddenSeed: 4242 });
    try {
      await Promise.all([
        (async () => {
          for (const slug of c.exercises) {
            for (const kind of ["mistakes", "correct"]) {
              for (const f of fixtureFiles(kind, slug)) fixtures.set(`${kind}/${slug}/${f}`, await grader.grade(slug.slice(0, 2), `${kind}/${slug}/${f}`));
            }
          }
        })(),
        (async () => {
          for (const slug of c.exercises) solutions.set(slug, await solutionRunner.grade(findExercise(slug)));
        })(),
        (async () => {
          for (const slug of c.exercises) stubs.set(slug, await stubRunner.grade(findExercise(slug)));
        })(),
      ]);
    } finally {
      await Promise.all([grader.close(), solutionRunner.close(), stubRunner.close()]);
    }
  });

  test("every mistake fixture has expectations, and every expectation a fixture", () => {
    for (const slug of c.exercises) {
      assert.equal(fixtureFiles("mistakes", slug), Object.keys(c.mistakes[slug]!).map((m) => `${m}.ts`).sort(), slug);
      assert.ok(fixtureFiles("correct", slug).length >= c.minCorrectVariants, `${slug} has correct variants`);
    }
  });

  for (const slug of c.exercises) {
    for (const [mistake, words] of Object.entries(c.mistakes[slug]!)) {
      test(`${slug}: the mistake "${mistake}" fails and is named`, () => {
        const r = fixtures.get(`mistakes/${slug}/${mistake}.ts`)!;
        assert.ok(r, "graded");
        assert.ok(r.status === "failed" || r.status === "error", `status ${summary(r)}`);
        assert.ok(r.points < r.maxPoints, `points ${summary(r)}`);
        const text = messagesOf(r);
        for (const w of words) assert.match(text, w, `${mistake}: ${w}\n${summary(r)}`);
      });
    }

    test(`${slug}: correct variants written differently pass`, () => {
      for (const f of fixtureFiles("correct", slug)) {
        const r = fixtures.get(`correct/${slug}/${f}`)!;
        assert.is(r.status, "passed", `${f}: ${summary(r)}`);
        assert.is(r.points, r.maxPoints, f);
      }
    });

    test(`${slug}: the solution passes every check`, () => {
      const r = solutions.get(slug)!;
      assert.is(r.status, "passed", summary(r));
      assert.is(r.points, r.maxPoints);
      assert.ok(r.checks.length >= c.minChecks, `at least ${c.minChecks} checks`);
    });

    test(`${slug}: the untouched stub is "not started"`, () => {
      const r = stubs.get(slug)!;
      assert.is(r.status, "not-started", summary(r));
      assert.is(r.points, 0);
    });
  }
  return { fixtures, solutions };
}
