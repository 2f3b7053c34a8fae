/**
 * The system programs some tests drive: Debian's Chromium (the book, the browser workbook, the
 * class summary), tmux (watch mode's terminal), bubblewrap (the batch sandbox) and python3 with
 * numpy (authoring a new exercise). Where one is missing, its tests are skipped with
 * a line that says how to install it, so `npm test` passes on a machine that has Node alone (a
 * learner's laptop, a Mac). In CI (CI=true) a missing program fails instead: .ci/run installs them,
 * and a skip there would hide a broken book or terminal UI.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";

export const CHROMIUM = "/usr/bin/chromium";

/** Whether each program is here, asked only by the files that need it (python3 importing numpy takes a tenth of a second). */
export const has = {
  chromium: () => existsSync(CHROMIUM),
  tmux: () => spawnSync("tmux", ["-V"]).status === 0,
  /** python3 with numpy: the authoring tests make reference outputs with it (nothing else needs Python). */
  numpy: () => spawnSync("python3", ["-c", "import numpy"]).status === 0,
};

export const INSTALL = {
  chromium: `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`,
  tmux: "tmux is missing: install it (apt-get install -y tmux)",
  numpy: "python3 with numpy is missing (the reference outputs of a new exercise come from numpy)",
};

/**
 * `test` when the program is here; otherwise `test.skip`, after a notice (and, in CI, one failing
 * test that names what is missing). `what` names the tests, as in "the book's browser tests".
 * `requiredInCI: false` for what CI may lack by design (python3 with numpy: CI must not need
 * Python; a bubblewrap that the CI machine's kernel does not let run): skipped there too, with the
 * same notice.
 */
export function testsNeeding(present: boolean, missing: string, what: string, { requiredInCI = true } = {}): typeof test {
  if (present) return test;
  if (process.env.CI && requiredInCI) {
    test(`a program CI installs (.ci/run) is missing, so ${what} cannot run: ${missing}`, () => {
      assert.unreachable(`${missing}. In CI every test runs: nothing may be skipped for a missing program.`);
    });
  } else {
    console.log(`  skipped: ${what}, because ${missing}.`);
  }
  return test.skip as typeof test;
}
