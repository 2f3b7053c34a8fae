/**
 * One mistake, counted once: a broken 02, 03 or 04 (a loop, a memory bomb, a leftover timer, a
 * wrong cache layout), with the solutions everywhere else, costs nothing in any other exercise.
 *
 * A mistake can reach another exercise in two ways only: through the executor (a loop, a bomb or a
 * timer that outlives its exercise, in the executor that graded it or the process around it), and
 * through the exercises that import the broken one. So each scenario grades the broken exercise,
 * the two graded after it, and every exercise that imports it (helpers/trust-workbook.ts
 * reachable); the ones before it are graded before it can act. One executor per lane serves every
 * scenario in turn, as it serves a course: a mistake that outlived its scenario would show in the
 * next one too.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync } from "node:fs";
import { messagesOf } from "./helpers/grade-fixture.ts";
import { pooledOn } from "./helpers/pool.ts";
import { contained, folderGrader, reachable, solution, summary, work, workbook } from "./helpers/trust-workbook.ts";

// ── One mistake, counted once ───────────────────────────────────────────────────────────────────

const BROKEN: Record<string, Record<string, string>> = {
  "02_linear_forward": {
    loop: `import type { NDArray } from "../lib/np/index.ts";\nexport function linearForward(A: NDArray, W: NDArray, b: NDArray): never { while (true) {} }\n`,
    memory: `import type { NDArray } from "../lib/np/index.ts";\nexport function linearForward(A: NDArray, W: NDArray, b: NDArray): never { const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 24).fill(1)); }\n`,
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
    memory: solution("04_model_forward").replace(/(export function modelForward\([^)]*\)[^{]*\{\n)/, "$1  const keep: Float64Array[] = []; for (;;) keep.push(new Float64Array(1 << 24).fill(1));\n"),
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
// bomb can only end stopped, and a loop spins a core for its whole limit: it gets a limit of its
// own. Loading the broken file, the one step before the loop that counts against it, takes about
// 20 ms (35 ms as the first file of a fresh executor), so 0.5 s leaves the loop most of its limit.
// The memory bombs keep the 10 s: they are stopped for memory long before (03's fills the heap, its
// limit; those of 02 and 04 write typed arrays outside the heap, which the watchdog sees in the
// process's resident memory), but on a loaded machine V8's last full collections before it gives
// up on a 256 MB heap took more than 2 s, and a shorter limit then ended the bomb as a timeout.
const LOOP_MS = 500;

const SCENARIOS = Object.entries(BROKEN).flatMap(([slug, variants]) => Object.entries(variants).map(([kind, text]) => ({ slug, kind, text, id: slug.slice(0, 2) })));
type Scenario = (typeof SCENARIOS)[number];
type Grader = ReturnType<typeof folderGrader>;

function grade(grader: Grader, { slug, kind, text, id }: Scenario) {
  const dir = workbook(`${slug}-${kind}`, { [`${slug}.ts`]: text });
  return grader.grade(dir, [id, ...reachable(id)], kind === "loop" ? { [id]: LOOP_MS } : {});
}

// Every scenario starts now, on two graders (each an executor, a worker thread of this process);
// the memory bombs run alone afterwards, since each executor's memory watchdog measures the whole
// process.
const graders = [folderGrader({ memoryMb: 256 }), folderGrader({ memoryMb: 256 })];
const quiet = SCENARIOS.filter((s) => s.kind !== "memory");
const bombs = SCENARIOS.filter((s) => s.kind === "memory");
const quietResults = pooledOn(graders, quiet, grade);
const bombResults = pooledOn(graders.slice(0, 1), bombs, async (grader, s) => {
  await Promise.allSettled(quietResults);
  return grade(grader, s);
});
const results = new Map([...quiet.map((s, i) => [s, quietResults[i]!] as const), ...bombs.map((s, i) => [s, bombResults[i]!] as const)]);

test("each scenario grades the broken exercise, the two after it and the ones that import it", () => {
  assert.equal(reachable("02"), ["03", "04"]);
  assert.equal(reachable("03"), ["04", "05", "07"]);
  assert.equal(reachable("04"), ["05", "06", "10"]);
});

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
    } else {
      // The broken exercise ends stopped as what it is: a loop at its time limit, a bomb for memory.
      const own = graded.get(id)!;
      if (kind === "loop") assert.is(own.status, "timeout", summary(own));
      if (kind === "memory") assert.match(messagesOf(own), /memory/i, summary(own));
      contained(graded, [id], `${kind} in ${slug}`);
    }
  });
}

test.after(async () => {
  await Promise.all(graders.map((g) => g.close()));
  rmSync(work, { recursive: true, force: true });
});

test.run();
