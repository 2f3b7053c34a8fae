/**
 * The trust boundary, tried as a hostile learner would: every attack that once rewrote verdicts from
 * inside the learner's realm is stopped, the attacked exercise does not pass, and every other
 * exercise grades exactly as it does without the attack. (One mistake, counted once: tests/trust-once.test.ts.)
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, findExercise, paths } from "../grader/exercises.ts";
import { messagesOf } from "./helpers/grade-fixture.ts";
import { contained, gradeAll, solution, work, workbook } from "./helpers/trust-workbook.ts";

const zeros02 = `import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
export function linearForward(A: NDArray, W: NDArray, b: NDArray): [NDArray, { A: NDArray; W: NDArray; b: NDArray }] {
  return [np.zeros([W.shape[0]!, A.shape[1]!]), { A, W, b }];
}
`;

// Each attack: the files it puts in a learner's folder, the exercises it attacks, and what its
// report must say (when the attack itself is refused with words).
const ATTACKS: { name: string; files: Record<string, string>; attacked: string[]; says?: RegExp }[] = [
  {
    name: "patching MessagePort.prototype.postMessage to rewrite every verdict",
    files: {
      "02_linear_forward.ts": `${zeros02}
const proto = (globalThis as any).MessagePort?.prototype;
const original = proto.postMessage;
try {
  proto.postMessage = function (this: unknown, m: any) {
    if (m && typeof m === "object") { m.ok = true; m.status = "passed"; m.points = 12000; }
    return original.call(this, m);
  };
} catch {}
`,
    },
    attacked: ["02"],
  },
  {
    name: "Object.is = () => true, so that every comparison is exact",
    files: {
      "02_linear_forward.ts": `${zeros02}\ntry { (Object as any).is = () => true; } catch {}\n`,
      // A wrong 05 graded later: it must still fail.
      "05_cost.ts": `import type { NDArray } from "../lib/np/index.ts";\nexport function computeCost(AL: NDArray, Y: NDArray): number { return 42; }\n`,
    },
    attacked: ["02", "05"],
  },
  {
    name: "RandomState.prototype.randn patched to zeros, with a lookup table for the visible cases",
    files: {
      "02_linear_forward.ts": `import { np, RandomState } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
try { (RandomState.prototype as any).randn = (r: number, c: number) => np.zeros([r, c]); } catch {}
export function linearForward(A: NDArray, W: NDArray, b: NDArray): [NDArray, { A: NDArray; W: NDArray; b: NDArray }] {
  // Right for the course's cases only (they have A (3, 2)); zeros for everything else.
  const Z = A.shape[0] === 3 && A.shape[1] === 2 ? np.add(np.dot(W, A), b) : np.zeros([W.shape[0]!, A.shape[1]!]);
  return [Z, { A, W, b }];
}
`,
    },
    attacked: ["02"],
  },
  {
    name: "a data: URL that re-exports node:fs",
    files: {
      "02_linear_forward.ts": `${zeros02}\nexport const fs = await import("data:text/javascript,export * from 'node:fs'");\n`,
    },
    attacked: ["02"],
    says: /imports "data:text\/javascript|imports "node:fs"/,
  },
  {
    name: "eval'd and new Function imports of node:fs",
    files: {
      "02_linear_forward.ts": `${zeros02}\nexport const fs = await (new Function('return import("node:fs")'))();\n`,
    },
    attacked: ["02"],
    says: /node:fs/,
  },
  {
    name: "a helper that re-exports the graded exercise, hoping for the reference version",
    files: {
      "helpers.ts": `export * from "./05_cost.ts";\n`,
      "05_cost.ts": `import type { NDArray } from "../lib/np/index.ts";\nimport * as h from "./helpers.ts";\nexport function computeCost(AL: NDArray, Y: NDArray): number { const f = (h as any).computeCost; return f && f !== computeCost ? f(AL, Y) : 0.5; }\n`,
    },
    attacked: ["05"],
  },
  {
    name: "../lib/../solutions/NN_name.ts, a path through lib/ to the reference",
    files: {
      "05_cost.ts": `export { computeCost } from "../lib/../solutions/05_cost.ts";\n`,
    },
    attacked: ["05"],
    says: /leads out of the workbook's lib|may not import the reference/,
  },
  {
    name: "a forged stack trace naming /etc/passwd, to read it into the report",
    files: {
      "02_linear_forward.ts": `export function linearForward(): never {
  const e = new Error("look");
  e.stack = "Error: look\\n    at linearForward (/etc/passwd:1:1)\\n    at x (${"$"}{process.cwd()}/../../../../etc/passwd:1:1)";
  throw e;
}
`,
    },
    attacked: ["02"],
  },
];

for (const attack of ATTACKS) {
  test(`attack: ${attack.name}`, async () => {
    const dir = workbook(attack.name.replace(/\W+/g, "-").slice(0, 40), attack.files);
    const results = await gradeAll(dir);
    contained(results, attack.attacked, attack.name);
    if (attack.says) assert.match(attack.attacked.map((id) => messagesOf(results.get(id)!)).join("\n"), attack.says);
    for (const r of results.values()) {
      for (const text of [r.codeFrame, ...r.checks.map((c) => c.codeFrame), r.output ?? ""]) assert.not.match(text ?? "", /root:x:0:0/, "no file outside the learner's folder is read");
    }
  });
}

test("attack: a symbolic link that leads to the reference solutions", async () => {
  const dir = workbook("symlink", {});
  symlinkSync(paths.solution(findExercise("05"), ROOT), join(dir, "ref.ts"));
  writeFileSync(join(dir, "05_cost.ts"), `export { computeCost } from "./ref.ts";\n`);
  const results = await gradeAll(dir);
  contained(results, ["05"], "symlink");
  assert.match(messagesOf(results.get("05")!), /outside your folder|may not import the reference/);
});

test("--seed outside 0 … 2³²−1 is a usage error (exit 2), not a timeout", () => {
  for (const seed of ["4294967296", "-1", "1.5", "abc", "99999999999999999999"]) {
    const r = spawnSync(process.execPath, ["--import", "./grader/register.mjs", "grader/cli.ts", "grade", "02", "--solutions", `--seed=${seed}`], { cwd: ROOT, encoding: "utf8" });
    assert.is(r.status, 2, `${seed}: ${r.stderr}`);
    assert.match(r.stderr, /--seed takes a whole number from 0 to 4294967295/);
  }
  const ok = spawnSync(process.execPath, ["--import", "./grader/register.mjs", "grader/cli.ts", "grade", "02", "--solutions", "--seed", "4294967295", "--reporter", "json"], { cwd: ROOT, encoding: "utf8" });
  assert.is(ok.status, 0, ok.stderr);
  assert.is(JSON.parse(ok.stdout).hiddenSeed, 4294967295);
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
