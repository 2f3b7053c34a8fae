/**
 * `npm run reset`: a byte-identical backup first, then the stub; one question, or --yes; no
 * question possible without a terminal; --all; nothing to do when the file is the stub already.
 * Everything happens in a temporary folder of exercises and a temporary DNN_WORKBOOK_HOME.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { ROOT, listExercises, paths } from "../grader/exercises.ts";
import type { ExerciseRef } from "../grader/exercises.ts";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { resetCommand } from "../grader/commands/reset.ts";
import type { ResetIO } from "../grader/commands/reset.ts";

const tmp = mkdtempSync(join(tmpdir(), "dnn-reset-"));
const dir = join(tmp, "exercises");
const home = join(tmp, "home");
const backups = join(home, ".dnn-workbook", "backups");
process.env.DNN_WORKBOOK_HOME = home;

const exercises = listExercises();
const ex = exercises.find((e) => e.id === "02") ?? exercises[0]!;
const stubOf = (e: ExerciseRef) => stubFromSolution(readFileSync(paths.solution(e), "utf8"));
const fileOf = (e: ExerciseRef) => paths.learner(e, dir);
/** A learner's work, with bytes that a text round trip could change (CRLF, no final newline, UTF-8). */
const work = (e: ExerciseRef) => `// my work on ${e.slug}: Z = W·A + b\r\nexport const x = 1;\r\n\t// 한국어 ✔`;

function fresh() {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const e of exercises) writeFileSync(fileOf(e), stubOf(e));
}

/** Streams for the command: `answer` is typed at the question; `tty` says whether they are terminals. */
function io(o: { tty: boolean; answer?: string }) {
  const stdin = Object.assign(new PassThrough(), { isTTY: o.tty });
  const stdout = Object.assign(new PassThrough(), { isTTY: o.tty });
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => {
    out += d;
    if (o.answer !== undefined && out.includes("[y/N]")) stdin.write(`${o.answer}\n`);
  });
  stderr.on("data", (d) => (err += d));
  return { streams: { stdin, stdout, stderr } as unknown as ResetIO, out: () => out, err: () => err };
}

// In-memory streams hold no handle open: keep the process alive while a command waits for its answer.
const keepAlive = setInterval(() => {}, 1000);

const backupList = () => (existsSync(backups) ? readdirSync(backups) : []);

test("--yes backs the file up byte for byte, restores the stub, and names the backup", async () => {
  fresh();
  writeFileSync(fileOf(ex), work(ex));
  const t = io({ tty: false });
  const code = await resetCommand([ex.id, "--yes", "--dir", dir], t.streams);
  assert.is(code, 0, t.err());
  assert.is(readFileSync(fileOf(ex), "utf8"), stubOf(ex));
  const [backup, ...more] = backupList();
  assert.ok(backup, "a backup was written");
  assert.is(more.length, 0);
  assert.match(backup!, new RegExp(`^${ex.slug}\\.\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.ts$`));
  assert.ok(readFileSync(join(backups, backup!)).equals(Buffer.from(work(ex))), "the backup is byte-identical");
  assert.ok(t.out().includes(backup!), "the message names the backup");
  assert.match(t.out(), /Restored .* to the stub/);
});

test("without a terminal and without --yes it refuses, says to add --yes, and changes nothing", async () => {
  fresh();
  writeFileSync(fileOf(ex), work(ex));
  const t = io({ tty: false });
  const code = await resetCommand([ex.id, "--dir", dir], t.streams);
  assert.is(code, 1);
  assert.match(t.err(), /--yes/);
  assert.is(readFileSync(fileOf(ex), "utf8"), work(ex));
  assert.equal(backupList(), []);
});

test("in a terminal it asks first; y resets", async () => {
  fresh();
  writeFileSync(fileOf(ex), work(ex));
  const t = io({ tty: true, answer: "y" });
  const code = await resetCommand([ex.id, "--dir", dir], t.streams);
  assert.is(code, 0, t.out());
  assert.match(t.out(), new RegExp(`Reset .*${ex.slug}\\.ts to the stub\\? Your file is backed up first\\. \\[y/N\\]`));
  assert.is(readFileSync(fileOf(ex), "utf8"), stubOf(ex));
  assert.is(backupList().length, 1);
});

for (const answer of ["", "n", "no", "whatever"]) {
  test(`in a terminal, answering ${JSON.stringify(answer)} changes nothing`, async () => {
    fresh();
    writeFileSync(fileOf(ex), work(ex));
    const t = io({ tty: true, answer });
    const code = await resetCommand([ex.id, "--dir", dir], t.streams);
    assert.is(code, 1);
    assert.match(t.out(), /Nothing was changed/);
    assert.is(readFileSync(fileOf(ex), "utf8"), work(ex));
    assert.equal(backupList(), []);
  });
}

test("a file that is already the stub is left alone", async () => {
  fresh();
  const t = io({ tty: false });
  const code = await resetCommand([ex.id, "--dir", dir], t.streams);
  assert.is(code, 0);
  assert.match(t.out(), /already the stub: nothing to reset/);
  assert.equal(backupList(), []);
});

test("a missing file is written from the stub, with nothing to back up", async () => {
  fresh();
  rmSync(fileOf(ex));
  const t = io({ tty: false });
  assert.is(await resetCommand([ex.id, "-y", "--dir", dir], t.streams), 0);
  assert.is(readFileSync(fileOf(ex), "utf8"), stubOf(ex));
  assert.equal(backupList(), []);
});

test("--all resets every changed exercise after one question, each with its backup", async () => {
  fresh();
  const changed = exercises.filter((_, i) => i % 2 === 0);
  for (const e of changed) writeFileSync(fileOf(e), work(e));
  const t = io({ tty: true, answer: "yes" });
  const code = await resetCommand(["--all", "--dir", dir], t.streams);
  assert.is(code, 0, t.out());
  assert.is(t.out().split("[y/N]").length - 1, 1, "one question");
  assert.match(t.out(), new RegExp(`Reset ${changed.length} exercises? in .* to the stub`));
  for (const e of exercises) assert.is(readFileSync(fileOf(e), "utf8"), stubOf(e), e.slug);
  const list = backupList();
  assert.is(list.length, changed.length);
  for (const e of changed) {
    const b = list.find((f) => f.startsWith(`${e.slug}.`));
    assert.ok(b, `a backup of ${e.slug}`);
    assert.is(readFileSync(join(backups, b!), "utf8"), work(e));
  }
});

test("--all with nothing changed says so", async () => {
  fresh();
  const t = io({ tty: false });
  assert.is(await resetCommand(["--all", "--dir", dir], t.streams), 0);
  assert.match(t.out(), /already its stub: nothing to reset/);
});

test("mistakes in the call are usage errors; the reference solutions are never reset", async () => {
  const t = io({ tty: false });
  for (const argv of [[], ["--all", ex.id], [ex.id, "--yes", "--dir", join(ROOT, "solutions")], ["no_such_exercise", "--yes", "--dir", dir]]) {
    await resetCommand(argv, t.streams).then(
      () => assert.unreachable(`${argv.join(" ")} should fail`),
      (e: Error) => assert.is(e.name, "UsageError", `${argv.join(" ")}: ${e.message}`),
    );
  }
});

test.after(() => {
  clearInterval(keepAlive);
  rmSync(tmp, { recursive: true, force: true });
});
test.run();
