/**
 * The system programs some tests drive: Debian's Chromium (the book, the browser workbook, the
 * class summary) and tmux (watch mode's terminal). Where one is missing, its tests are skipped with
 * a line that says how to install it, so `npm test` passes on a machine that has Node alone (a
 * learner's laptop, a Mac). In CI (CI=true) a missing program fails instead: .ci/run installs them,
 * and a skip there would hide a broken book or terminal UI.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const HAS_TMUX = spawnSync("tmux", ["-V"]).status === 0;

export const INSTALL = {
  chromium: `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`,
  tmux: "tmux is missing: install it (apt-get install -y tmux)",
};

/**
 * `test` when the program is here; otherwise `test.skip`, after a notice (and, in CI, one failing
 * test that names what is missing). `what` names the tests, as in "the book's browser tests".
 */
export function testsNeeding(present: boolean, missing: string, what: string): typeof test {
  if (present) return test;
  if (process.env.CI) {
    test(`a program CI installs (.ci/run) is missing, so ${what} cannot run: ${missing}`, () => {
      assert.unreachable(`${missing}. In CI every test runs: nothing may be skipped for a missing program.`);
    });
  } else {
    console.log(`  skipped: ${what}, because ${missing}.`);
  }
  return test.skip as typeof test;
}
