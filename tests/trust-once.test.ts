/**
 * One mistake, counted once: a broken 02, 03 or 04 (a loop, a memory bomb, a leftover timer, a
 * wrong cache layout), with the solutions everywhere else, costs nothing in any other exercise.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, findExercise, listExercises, paths } from "../grader/exercises.ts";
import { Runner } from "../grader/runner/index.ts";
import type { ExerciseResult } from "../grader/types.ts";
import { messagesOf } from "./helpers/grade-fixture.ts";

const work = mkdtempSync(join(tmpdir(), "dnn-trust-"));
const solution = (slug: string) => readFileSync(paths.solution(findExercise(slug), ROOT), "utf8");
const summary = (r: ExerciseResult) => `${r.id} ${r.status} ${r.points}/${r.maxPoints}\n${messagesOf(r)}`;

/** A learner folder: the solutions everywhere, and these files. */
function workbook(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const ex of listExercises()) writeFileSync(join(dir, `${ex.slug}.ts`), solution(ex.slug));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** Grades the exercises from `from` on (the ones before it are graded before any mistake can act). */
async function gradeAll(dir: string, options: { timeLimitMs?: number; memoryMb?: number; from?: string } = {}): Promise<Map<string, ExerciseResult>> {
  const runner = new Runner({ learnerDir: dir, hiddenSeed: 7, timeLimitMs: options.timeLimitMs ?? 4000, memoryMb: options.memoryMb ?? 384 });
  try {
    const results = await runner.gradeAll(listExercises().filter((e) => e.id >= (options.from ?? "00")));
    return new Map(results.map((r) => [r.id, r]));
  } finally {
    await runner.close();
  }
}

/** Every exercise but `attacked` passes in full; `attacked` does not pass. */
function contained(results: Map<string, ExerciseResult>, attacked: string[], what: string): void {
  for (const [id, r] of results) {
    if (attacked.includes(id)) {
      assert.ok(r.status !== "passed", `${what}: the attacked exercise must not pass\n${summary(r)}`);
      assert.ok(r.points < r.maxPoints, `${what}: ${summary(r)}`);
    } else {
      assert.is(r.status, "passed", `${what}: ${summary(r)}`);
      assert.is(r.points, r.maxPoints, `${what}: ${summary(r)}`);
    }
    assert.is(r.points, r.checks.reduce((s, c) => s + c.points, 0), `${what}: points are the checks' sum\n${summary(r)}`);
    assert.ok(r.checks.every((c) => c.points <= c.maxPoints && c.points >= 0), `${what}: points within bounds`);
  }
}

// ── One mistake, counted once ───────────────────────────────────────────────────────────────────

const BROKEN: Record<string, Record<string, string>> = {
  "02_linear_forward": {
    loop: `import type { NDArray } from "../lib/np/index.ts";\nexport function linearForward(A: NDArray, W: NDArray, b: NDArray): never { while (true) {} }\n`,
    memory: `import type { NDArray } from "../lib/np/index.ts";\nexport function linearForward(A: NDArray, W: NDArray, b: NDArray): never { const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 24)); }\n`,
    timer: solution("02_linear_forward").replace(/(export function linearForward\([^)]*\)[^{]*\{\n)/, '$1  setTimeout(() => { throw new Error("late"); }, 30);\n  setInterval(() => {}, 1000);\n'),
  },
  "03_activation_forward": {
    loop: solution("03_activation_forward").replace(/(export function relu\([^)]*\)[^{]*\{\n)/, "$1  while (true) {}\n"),
    memory: solution("03_activation_forward").replace(/(export function relu\([^)]*\)[^{]*\{\n)/, "$1  const keep: number[][] = []; for (;;) keep.push(new Array(1 << 20).fill(1.5));\n"),
    timer: solution("03_activation_forward").replace(/(export function relu\([^)]*\)[^{]*\{\n)/, '$1  setTimeout(() => { throw new Error("late"); }, 30);\n'),
    cache: solution("03_activation_forward").replace(/return \[A, \{ linearCache, activationCache: Z \}\];/, "return [A, { linearCache, activationCache: A }];"),
  },
  "04_model_forward": {
    loop: solution("04_model_forward").replace(/(export function modelForward\([^)]*\)[^{]*\{\n)/, "$1  while (true) {}\n"),
    memory: solution("04_model_forward").replace(/(export function modelForward\([^)]*\)[^{]*\{\n)/, "$1  const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 24));\n"),
    timer: solution("04_model_forward").replace(/(export function modelForward\([^)]*\)[^{]*\{\n)/, '$1  setInterval(() => { throw new Error("late"); }, 5);\n'),
    cache: solution("04_model_forward").replace(/caches\.push\(cache\)/g, "caches.unshift(cache)"),
  },
};

test("the broken variants really are broken (each replacement took effect)", () => {
  for (const [slug, variants] of Object.entries(BROKEN)) {
    for (const [kind, text] of Object.entries(variants)) assert.is.not(text, solution(slug), `${slug} ${kind}`);
  }
});

for (const [slug, variants] of Object.entries(BROKEN)) {
  for (const [kind, text] of Object.entries(variants)) {
    test(`one mistake counted once: ${kind} in ${slug}, the solutions everywhere else`, async () => {
      const dir = workbook(`${slug}-${kind}`, { [`${slug}.ts`]: text });
      const id = slug.slice(0, 2);
      const results = await gradeAll(dir, { timeLimitMs: kind === "memory" ? 8000 : 5000, memoryMb: 256, from: id });
      if (kind === "timer") {
        // Its answers are right: it may pass, but it is told about what it left behind, and nothing
        // it left behind reaches another exercise.
        const own = results.get(id)!;
        assert.match(messagesOf(own), /timer|outside the graded call/, summary(own));
        results.delete(id);
        contained(results, [], `${kind} in ${slug}`);
      } else contained(results, [id], `${kind} in ${slug}`);
    });
  }
}

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
