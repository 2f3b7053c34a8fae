/**
 * One mistake, counted once: a broken 02, 03 or 04 (a loop, a memory bomb, a leftover timer, a
 * wrong cache layout), with the solutions everywhere else, costs nothing in any other exercise.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync } from "node:fs";
import { messagesOf } from "./helpers/grade-fixture.ts";
import { contained, gradeAll, solution, summary, work, workbook } from "./helpers/trust-workbook.ts";

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
