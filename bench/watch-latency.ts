/**
 * Watch mode's save → result latency, measured on a real watch session (grader/watch) driven
 * programmatically: a fake terminal (a stream that records what the session draws, and one that
 * sends its keys), real files, real file events.
 *
 * For each exercise: start a session on a scratch copy of solutions/ (the learner's files and
 * progress are never touched), wait for the first screen, then save the exercise's file N times
 * (append a comment) and time each save until the screen shows the new result ("run k · … ms").
 * So a latency includes everything a learner waits for: the file event, the session's debounce,
 * the re-grade in the worker and the redraw. Only the terminal's own drawing is left out.
 *
 * Why not tmux: capturing a pane polls the screen, which adds its own 10–30 ms of jitter and a
 * process per poll on a 2-core machine; the session's own output stream is exact.
 *
 * Run by bench/index.ts as a child process (so its worker and watchers go away with it):
 *   node --import tsx bench/watch-latency.ts '{"dir": "/tmp/…", "exercises": ["02"], "saves": 5}'
 * Prints one JSON object.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { findExercise } from "../grader/exercises.ts";

type Spec = { dir: string; exercises: string[]; saves: number; timeoutMs?: number };
type ExerciseLatency = { exercise: string; latenciesMs: number[]; gradeMs: number[] };

class FakeTerminal extends Writable {
  isTTY = true;
  columns = 100;
  rows = 40;
  private text = "";
  private waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text = (this.text + chunk.toString()).slice(-20_000);
    for (const w of [...this.waiters]) {
      if (w.test(this.text)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    done();
  }

  /** Resolves when the screen so far matches; the screen is cleared (forgotten) first if asked. */
  until(test: (s: string) => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test(this.text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch mode did not show ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  forget(): void {
    this.text = "";
  }

  get screen(): string {
    return this.text;
  }
}

function fakeKeyboard(): PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => unknown } {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => unknown };
  stdin.isTTY = true;
  stdin.setRawMode = () => stdin;
  return stdin;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(spec: Spec, id: string): Promise<ExerciseLatency> {
  const { WatchSession } = await import("../grader/watch/index.ts");
  const ex = findExercise(id);
  const stdout = new FakeTerminal();
  const stdin = fakeKeyboard();
  const timeout = spec.timeoutMs ?? 60_000;
  const session = new WatchSession({
    learnerDir: spec.dir,
    source: spec.dir,
    start: ex,
    color: false,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
  });
  const done = session.run();
  await stdout.until((s) => /run 1\b/.test(s), timeout, "its first screen");
  const latenciesMs: number[] = [];
  const gradeMs: number[] = [];
  const file = join(spec.dir, `${ex.slug}.ts`);
  for (let k = 0; k < spec.saves; k++) {
    await sleep(300); // let the previous save's events settle
    stdout.forget();
    const run = k + 2;
    const t0 = performance.now();
    appendFileSync(file, `// bench save ${k + 1}\n`);
    await stdout.until((s) => new RegExp(`run ${run} · \\d+ ms`).test(s), timeout, `run ${run} after a save`);
    latenciesMs.push(performance.now() - t0);
    gradeMs.push(Number(new RegExp(`run ${run} · (\\d+) ms`).exec(stdout.screen)?.[1] ?? NaN));
  }
  stdin.write("q");
  await Promise.race([done, sleep(5000)]);
  return { exercise: `${ex.id} ${ex.name}`, latenciesMs, gradeMs };
}

const spec = JSON.parse(process.argv[2] ?? "{}") as Spec;
const results: ExerciseLatency[] = [];
for (const id of spec.exercises) results.push(await measure(spec, id));
process.stdout.write(JSON.stringify({ results }));
process.exit(0);
