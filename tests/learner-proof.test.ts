// `npm test` passes whatever the learner has done: in a copy of the workbook whose exercises/ holds
// solved, half-solved and broken files (a syntax error, a type error, a crash when loading, a
// helper file of their own), the tests that used to read exercises/ still pass, and the type check
// of `npm test` does not include exercises/. Kept cheap: a representative subset runs in the copy.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { makeTempWorkbook } from "../grader/authoring/temp-workbook.ts";
import { ROOT, listExercises, paths } from "../grader/exercises.ts";
import { pristineStubs } from "./helpers/pristine.ts";

test("npm test's own tests pass in a workbook with solved, half-solved and broken exercises", () => {
  const wb = makeTempWorkbook({
    copy: ["grader", "lib", "solutions", "tests", "lessons", "bench", "bin", "package.json", "tsconfig.json", "tsconfig.course.json", "README.md", "AUTHORING.md"],
    link: ["node_modules"],
    prefix: "dnn-learner-proof-",
  });
  const cache = mkdtempSync(join(tmpdir(), "dnn-learner-proof-cache-"));
  try {
    const dir = join(wb.root, "exercises");
    cpSync(pristineStubs(), dir, { recursive: true });
    const [e00, e01, e02, e03, e04, e05] = listExercises();
    const solution = (e: typeof e00) => readFileSync(paths.solution(e!, ROOT), "utf8");
    // Solved.
    writeFileSync(paths.learner(e00!, dir), solution(e00));
    writeFileSync(paths.learner(e01!, dir), solution(e01));
    // Half-solved: one function written, wrongly (no bias), with a type error.
    writeFileSync(paths.learner(e02!, dir), solution(e02).replace("np.add(np.dot(W, A), b)", "np.dot(W, A) + b"));
    // Broken: a syntax error, a crash when the module loads.
    writeFileSync(paths.learner(e03!, dir), solution(e03).replace("export function relu", "export function relu(("));
    writeFileSync(paths.learner(e04!, dir), `throw new Error("work in progress");\n${solution(e04)}`);
    // Started: the stub's body replaced by a half-finished line.
    writeFileSync(paths.learner(e05!, dir), readFileSync(paths.learner(e05!, dir), "utf8").replace(/return notImplemented\("computeCost"\);/, "const m = Y.shape[1]; return m"));
    // A helper file of the learner's own.
    writeFileSync(join(dir, "scratch.ts"), "export const notes = 'my notes';\nconst x: number = 'not a number';\n");

    // The type check of npm test is the workbook's code only.
    const config = ts.getParsedCommandLineOfConfigFile(join(wb.root, "tsconfig.course.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    assert.ok(config.fileNames.length > 50, "the workbook's files");
    assert.not.ok(config.fileNames.some((f) => f.includes("/exercises/")), "no learner file");

    const r = spawnSync(process.execPath, [join(wb.root, "tests", "run.mjs"), "engine|dev-check-repo|authoring\\.test"], {
      cwd: wb.root,
      encoding: "utf8",
      env: { ...process.env, DNN_WORKBOOK_TEST_CACHE: cache },
      timeout: 240_000,
    });
    assert.is(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\d+ passed, 0 failed/);
  } finally {
    wb.remove();
    rmSync(cache, { recursive: true, force: true });
  }
});

test.run();
