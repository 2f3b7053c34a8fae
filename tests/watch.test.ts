/**
 * Watch mode in a real pseudo-terminal (tmux): the first render, a wrong answer's failing check,
 * the right answer passing and moving on, a hint, the list, and quitting. It also measures the
 * time from saving a file to the new result on screen (printed, never asserted).
 *
 * Everything happens in a temporary folder of exercise stubs (--dir) and a temporary
 * DNN_WORKBOOK_HOME, so the workbook's exercises/ and .dnn-workbook/ are never touched.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, findExercise, listExercises, paths } from "../grader/exercises.ts";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { specOf } from "../grader/commands/hint.ts";
import { DEBOUNCE_MS } from "../grader/watch/index.ts";
// @ts-expect-error: a plain JavaScript module without types
import { ensureBuild } from "../grader/build.mjs";
import { TmuxSession } from "./helpers/tmux-control.ts";
import { has, INSTALL, testsNeeding } from "./helpers/tools.ts";

const HAS_TMUX = has.tmux();

const SOCKET = `dnn-watch-test-${process.pid}`;
const tmp = mkdtempSync(join(tmpdir(), "dnn-watch-"));
const exercises = listExercises();
const stubOf = (slug: string) => stubFromSolution(readFileSync(paths.solution(findExercise(slug)), "utf8"));

/** Each session's own folder of stubs and its own DNN_WORKBOOK_HOME. */
function workspace(session: string) {
  const dir = join(tmp, session, "exercises");
  const home = join(tmp, session, "home");
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(home, ".dnn-workbook"), { recursive: true });
  for (const e of exercises) writeFileSync(paths.learner(e, dir), stubOf(e.slug));
  return { dir, home };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** The sessions by name, each driven through a tmux control client (./helpers/tmux-control.ts). */
const sessions = new Map<string, Promise<TmuxSession>>();
const session = (name: string) => sessions.get(name)!;
/** The visible screen, wrapped lines joined. */
const screen = async (name: string) => (await session(name)).screen();
/** Types keys into a session. */
const keys = async (name: string, ...k: string[]) => (await session(name)).keys(...k);

/** Reads the screen until `pattern` shows, again each time the terminal has had output (no polling, no fixed sleeps); fails with the screen after `ms`. */
async function waitFor(name: string, pattern: RegExp | ((text: string) => boolean), ms = 20_000): Promise<string> {
  const ok = typeof pattern === "function" ? pattern : (t: string) => pattern.test(t);
  try {
    return await (await session(name)).waitFor(ok, ms, String(pattern));
  } catch (error) {
    assert.unreachable((error as Error).message);
    return "";
  }
}

/**
 * Starts `npm run watch`'s command (the prebuilt grader, grader/main.mjs) in a tmux session. The
 * build is made once, before the sessions start (see below), not by each of them at once.
 */
function start(session: string, { dir, home }: { dir: string; home: string }, args: string[]) {
  const cli = [process.execPath, "grader/main.mjs", "grade", "--watch", "--dir", dir, ...args].map(quote).join(" ");
  const command = `cd ${quote(ROOT)} && env DNN_WORKBOOK_HOME=${quote(home)} ${cli}; echo "[exited $?]"; sleep 60`;
  const started = TmuxSession.start(SOCKET, session, 120, 50, command);
  started.catch(() => {});
  sessions.set(session, started);
}

const runOf = (text: string) => Number(/\brun (\d+)\b/.exec(text)?.[1] ?? NaN);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The tests in tmux: skipped with a notice where it is missing, failed in CI (./helpers/tools.ts). */
const main = testsNeeding(HAS_TMUX, INSTALL.tmux, "the watch-mode terminal tests");

// The three sessions, each in its own folder and home, start now: their start-up (Node, the
// TypeScript loader, the first grade) overlaps. The --poll session's test runs alongside the first
// one; the last one (saves landing during a run) runs alone, as its timing matters.
const spaces = { main: workspace("main"), poll: workspace("poll"), busy: workspace("busy") };
const ex02 = findExercise("02");
// The --poll session resumes where its progress file says.
writeFileSync(join(spaces.poll.home, ".dnn-workbook", "progress.json"), JSON.stringify({ version: 1, current: ex02.slug, hintsShown: {} }));
if (HAS_TMUX) {
  // The prebuilt grader the sessions run, built now if the sources changed (a tenth of a second).
  await ensureBuild(ROOT);
  start("main", spaces.main, [ex02.id]);
  start("poll", spaces.poll, ["--poll"]);
  start("busy", spaces.busy, [ex02.id]);
}

main("watch mode: fail, pass and move on, hint, list, quit; save→result latency", async () => {
  const ex = findExercise("02");
  const at = exercises.findIndex((e) => e.id === ex.id);
  const next = [...exercises.slice(at + 1), ...exercises.slice(0, at)][0]!;
  const { dir, home } = spaces.main;
  const file = paths.learner(ex, dir);

  let text = await waitFor("main", /run 1\b/);
  assert.match(text, new RegExp(`── ${ex.id} ${ex.name}`));
  assert.match(text, /not started|notImplemented/);
  assert.match(text, /h hint .* q quit/);

  // A wrong answer: W·A without b.
  const wrong = readFileSync(paths.solution(ex), "utf8").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)");
  assert.ok(wrong.includes("np.dot(W, A);"));
  writeFileSync(file, wrong);
  text = await waitFor("main", /run 2\b/);
  assert.match(text, /✘ /);
  assert.match(text, /Next: fix/);
  assert.not.match(text, /passes:/);

  // Latency: save the wrong answer again (a comment changes), wait for the next run on screen.
  const latencies: number[] = [];
  const gradeMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const before = runOf(await screen("main"));
    const t0 = performance.now();
    writeFileSync(file, `${wrong}\n// save ${i}\n`);
    const after = await waitFor("main", (t) => runOf(t) > before);
    latencies.push(performance.now() - t0);
    gradeMs.push(Number(/run \d+ · (\d+) ms/.exec(after)?.[1] ?? NaN));
    assert.match(after, /✘ /);
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  console.log(
    `watch mode, save → new result on screen (${ex.slug}, a wrong answer, every check run): ` +
      `median ${Math.round(median(latencies))} ms (min ${Math.round(Math.min(...latencies))}, max ${Math.round(Math.max(...latencies))}; ${fmt(latencies)}); ` +
      `of which grading: median ${Math.round(median(gradeMs))} ms (${fmt(gradeMs)}); debounce ${DEBOUNCE_MS} ms`,
  );

  // The right answer: it passes, points at the reference, and the next exercise is graded at once.
  copyFileSync(paths.solution(ex), file);
  text = await waitFor("main", (t) => new RegExp(`── ${next.id} ${next.name}`).test(t) && runOf(t) >= 11);
  assert.match(text, new RegExp(`✔ ${ex.id} ${ex.name} passes`));
  assert.ok(text.includes(`solutions/${ex.slug}.ts`), "shows where the reference solution is");

  // h: the first hint of the current exercise.
  const { hints } = await specOf(next);
  await keys("main", "h");
  text = await waitFor("main", (t) => t.includes(hints[0]!.slice(0, 40)) && /Hints you have seen \(1\//.test(t));

  // l: every exercise listed; l again: back.
  await keys("main", "l");
  text = await waitFor("main", /l: back to the exercise/);
  for (const e of exercises) assert.ok(text.includes(`${e.id} ${e.name}`), `${e.slug} in the list`);
  await keys("main", "l");
  await waitFor("main", (t) => !t.includes("l: back to the exercise"));

  // q: the session ends, and the place and the hint are kept.
  await keys("main", "q");
  text = await waitFor("main", /\[exited 0\]/);
  assert.match(text, /Watch mode stopped/);
  const progress = JSON.parse(readFileSync(join(home, ".dnn-workbook", "progress.json"), "utf8"));
  assert.is(progress.current, next.slug);
  assert.is(progress.hintsShown[next.slug], 1);
});

async function pollSession() {
  const ex = ex02;
  let text = await waitFor("poll", /run 1\b/);
  assert.match(text, /every 100 ms \(--poll\)/);
  assert.match(text, new RegExp(`── ${ex.id} ${ex.name}`), "resumes where the progress file says");
  const at = exercises.findIndex((e) => e.id === ex.id);
  const other = exercises[at + 1] ?? exercises[at - 1];
  if (other) {
    await keys("poll", exercises[at + 1] ? "n" : "p");
    text = await waitFor("poll", new RegExp(`── ${other.id} ${other.name}`));
    await keys("poll", exercises[at + 1] ? "p" : "n");
    text = await waitFor("poll", new RegExp(`── ${ex.id} ${ex.name}`));
  }
  const before = runOf(await waitFor("poll", (t) => !/⟳ grading/.test(t)));
  writeFileSync(paths.learner(ex, spaces.poll.dir), readFileSync(paths.solution(ex), "utf8").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)"));
  text = await waitFor("poll", (t) => runOf(t) > before && /✘ /.test(t));
  await keys("poll", "C-c");
  await waitFor("poll", /\[exited 0\]/);
}
const polled = HAS_TMUX ? pollSession() : Promise.resolve();
polled.catch(() => {});

main("watch mode --poll: resumes at the progress file's exercise, n and p, a save graded, Ctrl-C quits", async () => {
  await polled;
});

main("watch mode: saves during a run are not lost, and cost one more run, not one each", async () => {
  const ex = findExercise("02");
  const file = paths.learner(ex, spaces.busy.dir);
  // Loading this file takes 400 ms, so the next saves land while it is being graded.
  const slow = (source: string, tag: string) => `${source}\nconst until = Date.now() + 400;\nwhile (Date.now() < until) {} // ${tag}\n`;
  const wrong = readFileSync(paths.solution(ex), "utf8").replace("np.add(np.dot(W, A), b)", "np.dot(W, A)");
  const first = runOf(await waitFor("busy", /run \d+/));
  writeFileSync(file, slow(wrong, "A"));
  await waitFor("busy", /⟳ grading/);
  writeFileSync(file, slow(wrong, "B"));
  writeFileSync(file, slow(stubOf(ex.slug), "C"));
  // One run for A, one more for B and C together, which sees the last version (the stub: not started).
  let text = await waitFor("busy", (t) => runOf(t) === first + 2 && !/⟳ grading/.test(t));
  assert.match(text, /Watching .*02_linear_forward\.ts: every save is graded/);
  await keys("busy", "r");
  text = await waitFor("busy", (t) => runOf(t) > first + 2 && !/⟳ grading/.test(t));
  assert.is(runOf(text), first + 3, "no third run from the saves");
  await keys("busy", "q");
  await waitFor("busy", /\[exited 0\]/);
});

test.after(async () => {
  for (const s of sessions.values()) (await s.catch(() => undefined))?.close();
  if (HAS_TMUX) spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  rmSync(tmp, { recursive: true, force: true });
});
test.run();
