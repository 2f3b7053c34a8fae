/**
 * One mistake, counted once: a broken 02, 03 or 04 (a loop, a memory bomb, a leftover timer, a
 * wrong cache layout), with the solutions everywhere else, costs nothing in any other exercise.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync } from "node:fs";
import { messagesOf } from "./helpers/grade-fixture.ts";
import { pooled } from "./helpers/pool.ts";
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

// Every exercise that must pass keeps the helper's limit (10 s), far above its slowest correct run
// (exercise 10: about 0.4 s, 0.7 s on a loaded machine). The broken exercise of a loop or a memory
// bomb can only end stopped: a limit of its own spares waiting out the course's. A loop needs
// little; 03's memory bomb fills the heap and is stopped at the heap limit well within its 2 s
// (about 0.4 s), while those of 02 and 04 allocate typed arrays they never write to, which stay out
// of the resident memory the watchdog measures: those end at that time limit.
const OWN_LIMIT_MS: Record<string, number | undefined> = { loop: 1000, memory: 2000 };

const SCENARIOS = Object.entries(BROKEN).flatMap(([slug, variants]) => Object.entries(variants).map(([kind, text]) => ({ slug, kind, text, id: slug.slice(0, 2) })));
type Scenario = (typeof SCENARIOS)[number];

function grade({ slug, kind, text, id }: Scenario) {
  const dir = workbook(`${slug}-${kind}`, { [`${slug}.ts`]: text });
  const own = OWN_LIMIT_MS[kind];
  const limits = own ? { [id]: own } : undefined;
  return gradeAll(dir, { memoryMb: 256, from: id, limits });
}

// Every scenario starts now, two at a time (each grades in its own executor, a worker thread of
// this process); the memory bombs run alone afterwards, since each executor's memory watchdog
// measures the whole process.
const quiet = SCENARIOS.filter((s) => s.kind !== "memory");
const bombs = SCENARIOS.filter((s) => s.kind === "memory");
const quietResults = pooled(quiet, 2, grade);
const bombResults = pooled(bombs, 1, async (s) => {
  await Promise.allSettled(quietResults);
  return grade(s);
});
const results = new Map([...quiet.map((s, i) => [s, quietResults[i]!] as const), ...bombs.map((s, i) => [s, bombResults[i]!] as const)]);

for (const scenario of SCENARIOS) {
  const { slug, kind, id } = scenario;
  test(`one mistake counted once: ${kind} in ${slug}, the solutions everywhere else`, async () => {
    const graded = await results.get(scenario)!;
    if (kind === "timer") {
      // Its answers are right: it may pass, but it is told about what it left behind, and nothing
      // it left behind reaches another exercise.
      const own = graded.get(id)!;
      assert.match(messagesOf(own), /timer|outside the graded call/, summary(own));
      graded.delete(id);
      contained(graded, [], `${kind} in ${slug}`);
    } else contained(graded, [id], `${kind} in ${slug}`);
  });
}

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
