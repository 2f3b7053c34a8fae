/**
 * The trust boundary, tried as a hostile learner would: every attack that once rewrote verdicts from
 * inside the learner's realm is stopped, the attacked exercise does not pass, and every other
 * exercise grades exactly as it does without the attack (tests/trust-once.test.ts: one mistake,
 * counted once).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { ROOT, UsageError, findExercise, paths } from "../grader/exercises.ts";
import { gradeSubmissions } from "../grader/batch/index.ts";
import { gradeReport } from "../grader/commands/grade.ts";
import { messagesOf } from "./helpers/grade-fixture.ts";
import { pooled, pooledOn } from "./helpers/pool.ts";
import { contained, folderGrader, from, reachable, solution, summary, work, workbook } from "./helpers/trust-workbook.ts";

const zeros02 = `import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
export function linearForward(A: NDArray, W: NDArray, b: NDArray): [NDArray, { A: NDArray; W: NDArray; b: NDArray }] {
  return [np.zeros([W.shape[0]!, A.shape[1]!]), { A, W, b }];
}
`;

// Each attack: the files it puts in a learner's folder, the exercises it attacks, what its report
// must say (when the attack itself is refused with words), and whether it tries to change what
// every exercise graded after it shares (a prototype, a global of the executor).
const ATTACKS: { name: string; files: Record<string, string>; attacked: string[]; says?: RegExp; shared?: true }[] = [
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
    shared: true,
  },
  {
    name: "Object.is = () => true, so that every comparison is exact",
    files: {
      "02_linear_forward.ts": `${zeros02}\ntry { (Object as any).is = () => true; } catch {}\n`,
      // A wrong 05 graded later: it must still fail.
      "05_cost.ts": `import type { NDArray } from "../lib/np/index.ts";\nexport function computeCost(AL: NDArray, Y: NDArray): number { return 42; }\n`,
    },
    attacked: ["02", "05"],
    shared: true,
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
    shared: true,
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

/** The learner folder of the symbolic-link attack: a link to the reference, and a 05 that re-exports it. */
function symlinkWorkbook(): string {
  const dir = workbook("symlink", {});
  symlinkSync(paths.solution(findExercise("05"), ROOT), join(dir, "ref.ts"));
  writeFileSync(join(dir, "05_cost.ts"), `export { computeCost } from "./ref.ts";\n`);
  return dir;
}

const EVAL_02 = `import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";
const add = new Function("np", "a", "b", "return np.add(a, b);") as (n: typeof np, a: NDArray, b: NDArray) => NDArray;
export function linearForward(A: NDArray, W: NDArray, b: NDArray): [NDArray, { A: NDArray; W: NDArray; b: NDArray }] {
  const Z = add(np, eval("np.dot")(W, A), b);
  return [Z, { A, W, b }];
}
`;

// Which exercises each folder grades. An attack on what every exercise shares (a prototype, a
// global): from its first attacked exercise to the end of the course, as a change that outlived the
// attacked exercise could show in any exercise graded after it. The other attacks (imports, a
// forged stack) and the folder that uses eval change nothing that outlives their exercise: the
// attacked exercises and what they can reach (the two graded after each, in the executor it leaves
// behind, and the exercises that import it: helpers/trust-workbook.ts reachable). The exercises
// before the first attacked one are graded before any file of the folder loads (an exercise's
// learner file loads only when that exercise is graded: the others import its reference version).
const reach = (attacked: string[], shared = false): string[] => {
  const first = [...attacked].sort()[0]!;
  if (shared) return from(first);
  const ids = new Set(attacked.flatMap((id) => [id, ...reachable(id)]));
  return from(first).filter((id) => ids.has(id));
};

// Two graders share the folders (each an executor, a worker thread of this process, serving folder
// after folder as it serves a course: an attack that outlived its folder would show in the next one
// too); each test awaits and checks its own.
const folders = [
  ...ATTACKS.map((attack) => ({ make: () => workbook(attack.name.replace(/\W+/g, "-").slice(0, 40), attack.files), ids: reach(attack.attacked, attack.shared) })),
  { make: symlinkWorkbook, ids: reach(["05"]) },
  { make: () => workbook("eval", { "02_linear_forward.ts": EVAL_02 }), ids: reach(["02"]) },
];
const graders = [folderGrader(), folderGrader()];
const graded = pooledOn(graders, folders, (grader, folder) => grader.grade(folder.make(), folder.ids));
const gradedSymlink = graded[ATTACKS.length]!;
const gradedEval = graded[ATTACKS.length + 1]!;

/** Runs `npm run grade` (the prebuilt grader, grader/main.mjs); resolves with its exit code and output. */
function grade(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["grader/main.mjs", "grade", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

// The command's runs of the --seed test start now too: the processes start while the executors
// grade. Every bad seed is refused by the grading code itself (in this process, below); one of them,
// and a good one, go through the command end to end: its exit code, its message, its report.
const BAD_SEEDS = ["4294967296", "-1", "1.5", "abc", "99999999999999999999"];
const seedRuns = pooled([["--seed=abc"], ["--seed", "4294967295", "--reporter", "json"]], 2, (seed) => grade(["02", "--solutions", ...seed]));

test("each folder grades its attacked exercises and what they reach; an attack on what exercises share, the rest of the course", () => {
  assert.equal(reach(["02"]), ["02", "03", "04"]);
  assert.equal(reach(["05"]), ["05", "06", "07", "10"]);
  assert.equal(reach(["02", "05"]), ["02", "03", "04", "05", "06", "07", "10"]);
  assert.equal(reach(["02", "05"], true), ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11"]);
});

ATTACKS.forEach((attack, i) => {
  test(`attack: ${attack.name}`, async () => {
    const results = await graded[i]!;
    contained(results, attack.attacked, attack.name);
    if (attack.says) assert.match(attack.attacked.map((id) => messagesOf(results.get(id)!)).join("\n"), attack.says);
    for (const r of results.values()) {
      for (const text of [r.codeFrame, ...r.checks.map((c) => c.codeFrame), r.output ?? ""]) assert.not.match(text ?? "", /root:x:0:0/, "no file outside the learner's folder is read");
    }
  });
});

test("attack: a symbolic link that leads to the reference solutions", async () => {
  const results = await gradedSymlink;
  contained(results, ["05"], "symlink");
  assert.match(messagesOf(results.get("05")!), /outside your folder|may not import the reference/);
});

test("the same attacks in batch grading: the attacked exercise earns what its outputs earn, the other one everything", async () => {
  const subs = join(work, "batch-subs");
  const chosen = ATTACKS.filter((a) => Object.keys(a.files).every((f) => ["02_linear_forward.ts", "05_cost.ts", "helpers.ts"].includes(f)));
  chosen.forEach((attack, i) => {
    const dir = join(subs, `learner${i}`);
    mkdirSync(dir, { recursive: true });
    for (const slug of ["02_linear_forward", "05_cost"]) writeFileSync(join(dir, `${slug}.ts`), solution(slug));
    for (const [file, text] of Object.entries(attack.files)) writeFileSync(join(dir, file), text);
  });
  const result = await gradeSubmissions({ submissions: subs, exercises: ["02", "05"], seed: 7, memoryMb: 384, quiet: true, jobs: 2 });
  chosen.forEach((attack, i) => {
    const row = result.rows.find((r) => r.learner === `learner${i}`)!;
    assert.is(row.status, "graded", `${attack.name}: ${row.reason}`);
    for (const r of row.report!.results) {
      const attacked = attack.attacked.includes(r.id);
      if (attacked) assert.ok(r.points < r.maxPoints, `${attack.name} (batch): ${summary(r)}`);
      else assert.is(r.points, r.maxPoints, `${attack.name} (batch): ${summary(r)}`);
      assert.is(r.points, r.checks.reduce((s, c) => s + c.points, 0));
      assert.not.match(JSON.stringify(r), /root:x:0:0/, "no file outside the submission is read");
    }
  });
});

test("eval and new Function keep working for the learner's own code", async () => {
  contained(await gradedEval, [], "eval");
});

test("--seed outside 0 … 2³²−1 is a usage error (exit 2), not a timeout", async () => {
  for (const seed of BAD_SEEDS) {
    const refused = await gradeReport({ exercise: "02", solutions: true, seed, color: false, width: 80 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(refused, UsageError, seed);
    assert.match((refused as Error).message, /--seed takes a whole number from 0 to 4294967295/, seed);
  }
  const [bad, ok] = await Promise.all(seedRuns);
  assert.is(bad!.status, 2, bad!.stderr);
  assert.match(bad!.stderr, /--seed takes a whole number from 0 to 4294967295/);
  assert.is(ok!.status, 0, ok!.stderr);
  assert.is(JSON.parse(ok!.stdout).hiddenSeed, 4294967295);
});

test.after(async () => {
  await Promise.all(graders.map((g) => g.close()));
  rmSync(work, { recursive: true, force: true });
});

test.run();
