/**
 * The progress file: created when missing, recovered when corrupt (moved aside, with a warning),
 * changed from what is on disk, read without writing by `grade`.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hintsShownById, loadProgress, peekProgress, progressFile, stateRoot, updateProgress } from "../grader/progress.ts";
import { listExercises } from "../grader/exercises.ts";

const home = mkdtempSync(join(tmpdir(), "dnn-progress-"));
const file = progressFile(home);
const warnings: string[] = [];
const warn = (m: string) => warnings.push(m);

function reset() {
  rmSync(join(home, ".dnn-workbook"), { recursive: true, force: true });
  warnings.length = 0;
}

function corrupt(text: string) {
  reset();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const asideFiles = () => readdirSync(dirname(file)).filter((f) => f.startsWith("progress.json.corrupt-"));

test("DNN_WORKBOOK_HOME decides where the state folder is", () => {
  const before = process.env.DNN_WORKBOOK_HOME;
  process.env.DNN_WORKBOOK_HOME = home;
  try {
    assert.is(stateRoot(), home);
    assert.is(progressFile(), join(home, ".dnn-workbook", "progress.json"));
  } finally {
    if (before === undefined) delete process.env.DNN_WORKBOOK_HOME;
    else process.env.DNN_WORKBOOK_HOME = before;
  }
});

test("a missing file is created silently", () => {
  reset();
  const p = loadProgress({ root: home, warn });
  assert.equal(p, { version: 1, hintsShown: {} });
  assert.ok(existsSync(file));
  assert.equal(JSON.parse(readFileSync(file, "utf8")), { version: 1, hintsShown: {} });
  assert.equal(warnings, []);
});

test("changes persist, and each change starts from what is on disk", () => {
  reset();
  updateProgress((p) => (p.current = "02_linear_forward"), { root: home, warn });
  // Another process (npm run hint in a second terminal) writes meanwhile.
  const other = JSON.parse(readFileSync(file, "utf8"));
  other.hintsShown["02_linear_forward"] = 2;
  writeFileSync(file, JSON.stringify(other));
  updateProgress((p) => (p.hintsShown["01_initialize"] = 1), { root: home, warn });
  const p = loadProgress({ root: home, warn });
  assert.is(p.current, "02_linear_forward");
  assert.equal(p.hintsShown, { "02_linear_forward": 2, "01_initialize": 1 });
  assert.equal(warnings, []);
});

for (const [what, text] of [
  ["bad JSON", '{"version": 1, "hintsShown": {'],
  ["not an object", "[1, 2, 3]"],
  ["a wrong version", '{"version": 99, "hintsShown": {}}'],
  ["a hint count that is not a count", '{"version": 1, "hintsShown": {"02_linear_forward": -1}}'],
  ["a current that is not a name", '{"version": 1, "current": 2, "hintsShown": {}}'],
] as const) {
  test(`a corrupt file (${what}) is moved aside, with a warning, and a fresh one is started`, () => {
    corrupt(text);
    const p = loadProgress({ root: home, warn });
    assert.equal(p, { version: 1, hintsShown: {} });
    const aside = asideFiles();
    assert.is(aside.length, 1);
    assert.is(readFileSync(join(dirname(file), aside[0]!), "utf8"), text, "the corrupt file is kept as it was");
    assert.equal(JSON.parse(readFileSync(file, "utf8")), { version: 1, hintsShown: {} });
    assert.is(warnings.length, 1);
    assert.match(warnings[0]!, /could not be read/);
    assert.ok(warnings[0]!.includes(aside[0]!), "the warning names where the old file went");
  });
}

test("a corrupt file warns on stderr by default", () => {
  corrupt("not json");
  const write = process.stderr.write;
  let err = "";
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    loadProgress({ root: home });
  } finally {
    process.stderr.write = write;
  }
  assert.match(err, /Warning: the progress file .* could not be read: it is not valid JSON/);
});

test("peekProgress reads without writing anything, and never fails", () => {
  reset();
  assert.equal(peekProgress(home), { version: 1, hintsShown: {} });
  assert.not.ok(existsSync(file));
  corrupt("{{{");
  assert.equal(peekProgress(home), { version: 1, hintsShown: {} });
  assert.is(readFileSync(file, "utf8"), "{{{", "left alone");
  assert.equal(asideFiles(), []);
});

test("hint counts by exercise id, as the reporters take them", () => {
  const exercises = listExercises();
  const [first] = exercises;
  const counts = hintsShownById({ version: 1, hintsShown: { [first!.slug]: 2, "99_gone": 1 } }, exercises);
  assert.equal(counts, { [first!.id]: 2 });
});

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
