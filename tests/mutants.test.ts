/**
 * The mutant catalog: every operator-level mutant of every solution (grader/authoring/mutate.ts)
 * is graded, and none may pass. A mutant that survives is either equivalent to the solution (listed
 * below with the reason) or a hole in the checks.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutantsOf } from "../grader/authoring/mutate.ts";
import { listExercises, paths } from "../grader/exercises.ts";
import { Runner } from "../grader/runner/index.ts";

/** Mutants that compute the same function as the solution, by "exercise · operator · the line before the change". */
const EQUIVALENT: Record<string, string> = {
  "07_activation_backward · negation dropped · const s = np.divide(1, np.add(1, np.exp(np.negative(Z))));":
    "σ'(z) = σ(z)·(1 − σ(z)) = σ(z)·σ(−z) is symmetric in z: computing s from exp(Z) instead of exp(−Z) gives 1 − s, and (1 − s)·s is the same product",
};

const dir = mkdtempSync(join(tmpdir(), "dnn-mutants-"));
const runner = new Runner({ learnerDir: dir, hiddenSeed: 4242, timeLimitMs: 10_000 });
const survivors: string[] = [];
let total = 0;
let equivalent = 0;

for (const ex of listExercises()) {
  const mutants = mutantsOf(readFileSync(paths.solution(ex), "utf8"));
  test(`${ex.slug}: all ${mutants.length} mutants fail`, async () => {
    const folder = join(dir, ex.slug);
    mkdirSync(folder, { recursive: true });
    for (const [i, m] of mutants.entries()) {
      const file = join(folder, `mutant-${i}.ts`);
      writeFileSync(file, m.source);
      const r = await runner.grade(ex, file);
      total++;
      const key = `${ex.slug} · ${m.operator} · ${m.before}`;
      if (r.status === "passed" && key in EQUIVALENT) equivalent++;
      else if (r.status === "passed") survivors.push(`${key}\n    ${m.before}\n  → ${m.after}`);
    }
  });
}

test("no mutant survives", () => {
  console.log(`mutants: ${total - survivors.length - equivalent}/${total} killed, ${equivalent} equivalent, ${survivors.length} surviving`);
  assert.ok(total >= 60, `only ${total} mutants`);
  assert.is(survivors.length, 0, `surviving mutants:\n  ${survivors.join("\n  ")}`);
});

test.after(async () => {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
});
test.run();
