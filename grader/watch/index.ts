/**
 * Watch mode: one session that grades the current exercise on every save, shows its checks and
 * the whole course's progress, and moves on when it passes.
 *
 * One Runner (one worker thread) serves the whole session; it loads the learner's module anew on
 * every grade, so a save is graded without restarting anything. Saves are debounced; a save made
 * while a grade runs is not lost, it triggers one more grade after it. Grading is serialised: the
 * current exercise first, then any other exercise whose file changed (so the progress bar stays
 * true), one at a time.
 */
import { emitKeypressEvents } from "node:readline";
import { basename, dirname, relative } from "node:path";
import { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import { listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import { Runner } from "../runner/index.ts";
import { exerciseDetail } from "../reporters/pretty.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";
import { hintsShownById, loadProgress, peekProgress, progressFile, stateRoot, updateProgress } from "../progress.ts";
import { formatList, progressLine } from "../commands/list.ts";
import { specOf } from "../commands/hint.ts";
import { FileWatcher } from "./file-watcher.ts";
import { TypeChecker } from "../typecheck/index.ts";
import { localImports } from "./imports.ts";

export type WatchSessionOptions = {
  learnerDir: string;
  /** How the folder is named on screen: "exercises", "solutions" or the --dir given. */
  source: string;
  /** The exercise to start at (already resolved); else the progress file's, else the first not passing. */
  start?: ExerciseRef;
  poll?: boolean;
  hiddenSeed?: number;
  color: boolean;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
};

/** Quiet time after a file event before grading: an editor's save is often several events, a few ms apart. */
export const DEBOUNCE_MS = 20;

const CLEAR = "\x1b[H\x1b[2J\x1b[3J";
const CLEAR_LINE = "\r\x1b[2K";

const MESSAGES = {
  starting: (n: number) => `Starting watch mode: grading ${n} exercise${n === 1 ? "" : "s"} …`,
  polling: (reason: string) => `File events are not available here (${reason}); checking your files for changes every 100 ms instead.`,
  pollingForced: `Checking your files for changes every 100 ms (--poll).`,
  passed: (ex: ExerciseRef, r: ExerciseResult) =>
    `✔ ${ex.id} ${ex.name} passes: ${r.checks.length}/${r.checks.length} checks, ${r.points}/${r.maxPoints} points. Compare your code with the reference solution: solutions/${ex.slug}.ts`,
  allDone: `Every exercise passes. Train your network on real handwritten digits: npm run train`,
  next: {
    "not-started": (file: string) => `Watching ${file}: every save is graded.`,
    failing: (file: string) => `Next: fix the first ✘ above and save ${file}. Stuck? Press h for a hint.`,
    passed: (ex: ExerciseRef) => `This exercise passes (reference: solutions/${ex.slug}.ts). Press n for the next one.`,
    allDone: `Press p or n to look at an exercise again, q to quit.`,
  },
  noMoreHints: (n: number) => `No more hints: you have seen all ${n}.`,
  bye: (file: string) => `Watch mode stopped. Your place and the hints you have seen are kept in ${file}; npm run watch resumes there.`,
};

/** A path as the learner would type it: relative to where they are when it is inside, else absolute. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

export class WatchSession {
  private readonly exercises: ExerciseRef[];
  private readonly results = new Map<string, ExerciseResult>();
  private readonly runner: Runner;
  private readonly watcher: FileWatcher;
  private readonly c: ChalkInstance;
  private current?: ExerciseRef;
  private imports = new Set<string>();
  private view: "exercise" | "list" = "exercise";
  private banner: string[] = [];
  private notices: string[] = [];
  private flash?: string;
  private runs = 0;
  private lastRun?: { ms: number; at: Date };
  private running = false;
  private wantCurrent = false;
  private readonly staleOthers = new Set<string>();
  private pendingPaths = new Set<string>();
  private debounce?: NodeJS.Timeout;
  private liveChecks = "";
  private closed = false;
  private finish!: (code: number) => void;
  private fail!: (e: unknown) => void;
  private readonly teardown: (() => void)[] = [];
  /** The warm type checker: built once, then each save re-checks only the saved file. */
  private checker?: TypeChecker;

  constructor(private readonly o: WatchSessionOptions) {
    this.exercises = listExercises();
    this.c = new Chalk({ level: o.color ? 1 : 0 });
    this.runner = new Runner({ learnerDir: o.learnerDir, hiddenSeed: o.hiddenSeed, warm: true, onCheck: (ex, check) => this.onCheck(ex, check) });
    this.watcher = new FileWatcher({
      poll: o.poll,
      onChange: (path) => this.onFileEvent(path),
      onFallback: (reason) => {
        this.notices.push(MESSAGES.polling(reason));
        this.render();
      },
    });
    if (o.poll) this.notices.push(MESSAGES.pollingForced);
  }

  /** Runs until the learner quits; resolves to the exit code. */
  run(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      this.start().catch((e) => this.crash(e));
    });
  }

  /**
   * Grades until the current exercise is known (the one asked for, the progress file's if it does
   * not pass, else the first one not passing), shows it, then grades the rest for the progress bar.
   */
  private async start(): Promise<void> {
    this.runner.warmUp();
    const progress = loadProgress({ warn: (m) => this.notices.push(m) });
    this.listenToKeys();
    this.write(`${CLEAR}${MESSAGES.starting(this.exercises.length)}`);
    const asked = this.exercises.find((e) => e.id === this.o.start?.id);
    const saved = this.exercises.find((e) => e.slug === progress.current);
    const first = asked ?? saved;
    const order = first ? [first, ...this.exercises.filter((e) => e !== first)] : this.exercises;
    let current: ExerciseRef | undefined;
    let graded = 0;
    for (const ex of order) {
      if (this.closed) return;
      const r = await this.runner.grade(ex);
      this.results.set(ex.id, r);
      this.write(`${CLEAR_LINE}${MESSAGES.starting(this.exercises.length)} ${++graded}/${this.exercises.length}`);
      if (ex === asked || (ex === saved && r.status !== "passed")) current = ex;
      else if (!asked && r.status !== "passed" && this.exercises.slice(0, this.exercises.indexOf(ex)).every((e) => this.results.get(e.id)?.status === "passed")) current = ex;
      if (current) break;
    }
    if (this.closed) return;
    this.setCurrent(current);
    for (const e of this.exercises) if (!this.results.has(e.id)) this.staleOthers.add(e.id);
    this.runs = 1;
    this.watcher.setDirs(this.watchedDirs());
    this.render();
    // The compiler starts after the first screen (it takes a moment), then stays warm for every save:
    // it checks the current file now, even a stub, so that the first save does not wait for it.
    setImmediate(() => {
      if (this.closed || !this.current || process.env.DNN_WORKBOOK_TYPECHECK === "0") return;
      const r = this.results.get(this.current.id);
      if (r && r.status !== "not-started") {
        if (this.typeCheck(this.current, r)) this.render();
        return;
      }
      try {
        this.checker ??= new TypeChecker();
        this.checker.check(paths.learner(this.current, this.o.learnerDir));
      } catch {
        // Only a warm-up.
      }
    });
    void this.pump();
  }

  /** Adds the type checker's warnings for the learner's file to its result; true when there are some. */
  private typeCheck(ex: ExerciseRef, r: ExerciseResult): boolean {
    if (r.status === "not-started" || process.env.DNN_WORKBOOK_TYPECHECK === "0") return false;
    try {
      this.checker ??= new TypeChecker();
      const warnings = this.checker.check(paths.learner(ex, this.o.learnerDir));
      if (warnings.length) r.typeWarnings = warnings;
      return warnings.length > 0;
    } catch {
      // The type check only adds warnings: when it cannot run, the grade stands without them.
      return false;
    }
  }

  // ── events ─────────────────────────────────────────────────────────────────────────────────

  private listenToKeys(): void {
    const { stdin, stdout } = this.o;
    emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    stdin.resume();
    const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      try {
        this.onKey(key?.ctrl ? `C-${key.name}` : (key?.name ?? text ?? ""));
      } catch (e) {
        this.crash(e);
      }
    };
    const onResize = () => this.render();
    const onSignal = () => void this.quit();
    stdin.on("keypress", onKey);
    stdout.on("resize", onResize);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);
    this.teardown.push(() => {
      stdin.off("keypress", onKey);
      stdout.off("resize", onResize);
      for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(s, onSignal);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    });
  }

  private onKey(key: string): void {
    if (this.closed) return;
    this.flash = undefined;
    switch (key) {
      case "q":
      case "C-c":
      case "C-d":
        void this.quit();
        return;
      case "h":
        void this.nextHint().catch((e) => this.crash(e));
        return;
      case "l":
        this.view = this.view === "list" ? "exercise" : "list";
        this.render();
        return;
      case "n":
      case "p":
        this.move(key === "n" ? 1 : -1);
        return;
      case "r":
        this.banner = [];
        this.view = "exercise";
        this.wantCurrent = true;
        void this.pump();
        return;
    }
  }

  private onFileEvent(path: string): void {
    if (this.closed) return;
    this.pendingPaths.add(path);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.flushFileEvents(), DEBOUNCE_MS);
  }

  private flushFileEvents(): void {
    const changed = this.pendingPaths;
    this.pendingPaths = new Set();
    const currentFile = this.current && paths.learner(this.current, this.o.learnerDir);
    for (const path of changed) {
      if (path === currentFile || this.imports.has(path) || path === this.o.learnerDir) {
        this.wantCurrent = true;
        this.banner = [];
        this.view = "exercise";
        continue;
      }
      const other = dirname(path) === this.o.learnerDir ? this.exercises.find((e) => `${e.slug}.ts` === basename(path)) : undefined;
      if (other) this.staleOthers.add(other.id);
    }
    void this.pump();
  }

  private onCheck(ex: ExerciseRef, check: CheckResult): void {
    if (this.closed || ex.id !== this.current?.id || this.view !== "exercise" || this.runs === 0) return;
    this.liveChecks += check.status === "passed" ? "✔" : check.status === "not-started" ? "○" : "✘";
    this.write(`${CLEAR_LINE} ⟳ grading ${ex.id} ${ex.name} … ${this.liveChecks}`);
  }

  // ── grading ────────────────────────────────────────────────────────────────────────────────

  /** Grades what was asked for, one at a time; a request made meanwhile is served after. */
  private async pump(): Promise<void> {
    if (this.running || this.closed || this.runs === 0) return;
    this.running = true;
    try {
      while (!this.closed) {
        if (this.wantCurrent && this.current) {
          this.wantCurrent = false;
          await this.gradeCurrent();
        } else if (this.staleOthers.size) {
          const id = [...this.staleOthers][0]!;
          this.staleOthers.delete(id);
          const ex = this.exercises.find((e) => e.id === id)!;
          const r = await this.runner.grade(ex);
          if (this.closed) return;
          this.results.set(id, r);
          if (!this.staleOthers.size) this.render(); // once, after a batch (start-up grades every exercise)
        } else {
          this.wantCurrent = false;
          break;
        }
      }
    } catch (e) {
      this.crash(e);
    } finally {
      this.running = false;
    }
  }

  private async gradeCurrent(): Promise<void> {
    const ex = this.current!;
    const before = this.results.get(ex.id);
    this.liveChecks = "";
    if (this.view === "exercise") this.write(`${CLEAR_LINE} ⟳ grading ${ex.id} ${ex.name} …`);
    const started = performance.now();
    const r = await this.runner.grade(ex);
    if (this.closed) return;
    this.typeCheck(ex, r);
    this.results.set(ex.id, r);
    this.staleOthers.delete(ex.id);
    if (ex !== this.current) return; // the learner moved on meanwhile; their exercise is graded next
    this.runs++;
    this.lastRun = { ms: Math.round(performance.now() - started), at: new Date() };
    this.imports = localImports(paths.learner(ex, this.o.learnerDir), this.o.learnerDir);
    this.watcher.setDirs(this.watchedDirs());
    if (r.status === "passed" && before?.status !== "passed") {
      // Solved: say so, and go on to the next exercise not passing, graded at once.
      this.banner = [MESSAGES.passed(ex, r)];
      this.setCurrent(this.nextNotPassing(ex));
      if (this.current) this.wantCurrent = true;
    }
    this.render();
  }

  // ── moving and hints ───────────────────────────────────────────────────────────────────────

  private setCurrent(ex: ExerciseRef | undefined): void {
    this.current = ex;
    this.imports = ex ? localImports(paths.learner(ex, this.o.learnerDir), this.o.learnerDir) : new Set();
    if (this.runs > 0) this.watcher.setDirs(this.watchedDirs());
    updateProgress(
      (p) => {
        if (ex) p.current = ex.slug;
        else delete p.current;
      },
      { warn: (m) => this.notices.push(m) },
    );
  }

  private move(step: 1 | -1): void {
    const n = this.exercises.length;
    if (n === 0) return;
    const at = this.current ? this.exercises.findIndex((e) => e.id === this.current!.id) : step === 1 ? -1 : n;
    const to = Math.max(0, Math.min(n - 1, at + step));
    this.banner = [];
    this.view = "exercise";
    if (this.current && to === at) {
      this.flash = step === 1 ? `${this.current.id} is the last exercise.` : `${this.current.id} is the first exercise.`;
      this.render();
      return;
    }
    this.setCurrent(this.exercises[to]);
    this.render();
    this.wantCurrent = true;
    void this.pump();
  }

  private async nextHint(): Promise<void> {
    const ex = this.current;
    if (!ex) return;
    const hints = this.runner.hints[ex.id] ?? (await specOf(ex)).hints;
    let shown = -1;
    updateProgress(
      (p) => {
        const seen = Math.min(p.hintsShown[ex.slug] ?? 0, hints.length);
        if (seen < hints.length) p.hintsShown[ex.slug] = shown = seen + 1;
      },
      { warn: (m) => this.notices.push(m) },
    );
    if (shown < 0) {
      const lesson = this.results.get(ex.id)?.lesson;
      this.flash = [hints.length ? MESSAGES.noMoreHints(hints.length) : `${ex.id} has no hints.`, lesson && `Read the lesson section: ${lesson}.`, `Compare with the reference solution: solutions/${ex.slug}.ts`]
        .filter(Boolean)
        .join(" ");
    }
    this.view = "exercise";
    this.render();
  }

  private firstNotPassing(): ExerciseRef | undefined {
    return this.exercises.find((e) => this.results.get(e.id)?.status !== "passed");
  }

  /** The next exercise after `ex` that does not pass, going round to the start. */
  private nextNotPassing(ex: ExerciseRef): ExerciseRef | undefined {
    const at = this.exercises.findIndex((e) => e.id === ex.id);
    const order = [...this.exercises.slice(at + 1), ...this.exercises.slice(0, at)];
    return order.find((e) => this.results.get(e.id)?.status !== "passed");
  }

  private watchedDirs(): string[] {
    return [...new Set([this.o.learnerDir, ...[...this.imports].map((f) => dirname(f))])];
  }

  // ── screen ─────────────────────────────────────────────────────────────────────────────────

  private render(): void {
    if (this.closed || this.runs === 0) return;
    this.write(CLEAR + this.screen());
  }

  /** The whole screen as text (the last line has no newline: the cursor stays on it). */
  screen(): string {
    const { c } = this;
    const width = Math.min(this.o.stdout.columns || 80, 100);
    const progress = peekProgress();
    const hintsShown = hintsShownById(progress, this.exercises);
    const results = this.exercises.map((e) => this.results.get(e.id)).filter((r): r is ExerciseResult => r !== undefined);
    const out: string[] = [];
    out.push(` ${c.bold.inverse(" dnn-workbook ")}  ·  watch mode${this.o.source !== "exercises" ? c.dim(`  ·  ${this.o.source}`) : ""}`, "");
    for (const line of this.banner) out.push(c.green(` ${line}`));
    for (const line of this.notices) out.push(c.yellow(` ${line}`));
    if (this.banner.length || this.notices.length) out.push("");

    const ex = this.current;
    const r = ex && this.results.get(ex.id);
    if (this.view === "list" || !ex) {
      if (!ex) out.push(c.green(` ${MESSAGES.allDone}`), "");
      out.push(
        formatList(
          c,
          this.exercises.map((e) => ({
            exercise: e,
            result: this.results.get(e.id),
            lesson: this.results.get(e.id)?.lesson,
            hints: (this.runner.hints[e.id] ?? []).length,
            hintsShown: progress.hintsShown[e.slug] ?? 0,
            current: e.id === ex?.id,
          })),
          { width: this.o.stdout.columns || 80 },
        ),
      );
      if (this.view === "list") out.push("", c.dim(" l: back to the exercise"));
    } else if (r) {
      const hints = this.runner.hints[ex.id] ?? [];
      const seen = Math.min(hintsShown[ex.id] ?? 0, hints.length);
      // The report's own "Hint n/N" shows the next hint not seen yet; once all are seen, the list below has them.
      const reporterHints = seen < hints.length ? this.runner.hints : { ...this.runner.hints, [ex.id]: [] };
      out.push(exerciseDetail(c, r, { color: this.o.color, detail: "all", width, hints: reporterHints, hintsShown, watching: true }, width));
      if (seen) {
        out.push("", c.bold(`  Hints you have seen (${seen}/${hints.length}):`));
        hints.slice(0, seen).forEach((h, i) => out.push(`    ${c.yellow(`${i + 1}.`)} ${c.yellow(h)}`));
      }
    }
    out.push("", progressLine(c, results, this.exercises.length), "");
    if (this.flash) out.push(c.yellow(` ${this.flash}`));
    out.push(` ${this.nextStep()}`);
    const hints = ex ? (this.runner.hints[ex.id] ?? []).length : 0;
    const left = ex ? Math.max(0, hints - (hintsShown[ex.id] ?? 0)) : 0;
    const keys = [`h hint${ex ? ` (${left} left)` : ""}`, "l list", "n next", "p previous", "r re-run", "q quit"].join(" · ");
    const columns = this.o.stdout.columns || 80;
    const status =
      (this.lastRun ? `run ${this.runs} · ${this.lastRun.ms} ms · ${this.lastRun.at.toTimeString().slice(0, 8)}` : `run ${this.runs}`) +
      (this.results.size < this.exercises.length ? ` · grading ${this.exercises.length - this.results.size} more …` : "");
    if (1 + keys.length + 3 + status.length <= columns) out.push(` ${c.dim(keys)}   ${c.dim(status)}`);
    else out.push(` ${c.dim(keys)}`, ` ${c.dim(status)}`);
    return out.join("\n");
  }

  private nextStep(): string {
    const ex = this.current;
    if (!ex) return MESSAGES.next.allDone;
    const r = this.results.get(ex.id);
    const file = shownPath(paths.learner(ex, this.o.learnerDir));
    if (!r) return "";
    if (r.status === "passed") return MESSAGES.next.passed(ex);
    if (r.status === "not-started") return MESSAGES.next["not-started"](file);
    return MESSAGES.next.failing(file);
  }

  private write(text: string): void {
    if (!this.closed) this.o.stdout.write(text);
  }

  // ── ending ─────────────────────────────────────────────────────────────────────────────────

  private async quit(): Promise<void> {
    if (this.closed) return;
    this.stop();
    this.o.stdout.write(`\n\n${MESSAGES.bye(shownPath(progressFile(stateRoot())))}\n`);
    await this.runner.close();
    this.finish(0);
  }

  private stop(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    this.watcher.close();
    for (const undo of this.teardown.splice(0)) undo();
  }

  private crash(e: unknown): void {
    if (this.closed) return;
    this.stop();
    this.o.stdout.write("\n");
    void this.runner.close().finally(() => this.fail(e));
  }
}
