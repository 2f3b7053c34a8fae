/**
 * Runs exercises in a worker thread, one at a time: a time limit per exercise, a fresh worker only
 * after one had to be stopped, and a result for every exercise whatever the learner's code does.
 */
import { Worker } from "node:worker_threads";
import { join, relative } from "node:path";
import { ROOT, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";
import { OUTPUT_END } from "./protocol.ts";
import type { GradeRequest, WorkerData, WorkerMessage } from "./protocol.ts";

export type RunnerOptions = {
  /** The folder of learner files: exercises/, solutions/, or a submission's copy. */
  learnerDir: string;
  /** The workbook (grader, solutions, lib). */
  root?: string;
  /** Seed for the hidden randomized cases. */
  hiddenSeed?: number;
  /** Memory limit of the worker's heap, in MB. */
  memoryMb?: number;
  /** Replaces every spec's time limit (tests use a short one; batch grading may lower it). */
  timeLimitMs?: number;
  /** Called as each check finishes (watch mode and progress bars). */
  onCheck?: (exercise: ExerciseRef, check: CheckResult) => void;
};

const LOAD_ALLOWANCE_MS = 10_000; // to start a worker and compile the spec, before the exercise's own limit runs
const OUTPUT_LIMIT = 4000;
const MESSAGES = {
  timeout: (ms: number, check?: string) =>
    `Timed out after ${ms / 1000} s${check ? ` in the check "${check}"` : ""}. Look for a loop that never ends (a while loop whose condition never changes, a recursion without a base case).`,
  exit: (code: number) =>
    `The grader's worker stopped (exit code ${code}) while running this exercise: the code ended the process or crashed it. An exercise function returns its result; it never exits.`,
  memory: (mb: number) =>
    `Ran out of memory (limit ${mb} MB). Is an array far bigger than it should be, e.g. (m, m) instead of (1, m), or a loop that keeps allocating?`,
};

export class Runner {
  private worker?: Worker;
  private ready?: Promise<void>;
  private gen = Date.now();
  private output = "";
  private outputDropped = 0;
  /** The gen of the last end-of-output marker seen, and who waits for the next one. */
  private outputEndedGen = -1;
  private outputEnded?: () => void;
  readonly root: string;
  readonly hiddenSeed: number;
  /** Each graded exercise's hints, by id, as its spec gives them. */
  readonly hints: Record<string, string[]> = {};

  constructor(readonly options: RunnerOptions) {
    this.root = options.root ?? ROOT;
    this.hiddenSeed = options.hiddenSeed ?? (Date.now() % 2 ** 31);
  }

  /** Starts the worker ahead of the first exercise (start-up overlaps with the caller's own work). */
  warmUp(): void {
    this.ensureWorker();
  }

  private ensureWorker(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const workerData: WorkerData = {
      root: this.root,
      learnerDir: this.options.learnerDir,
      solutionsDir: join(this.root, "solutions"),
      graderDir: join(this.root, "grader"),
      libDir: join(this.root, "lib"),
    };
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
      workerData,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb ?? 1024 },
    });
    const collect = (chunk: Buffer) => {
      let text = chunk.toString();
      const end = text.indexOf(OUTPUT_END);
      if (end >= 0) {
        const marker = /^\u0000[^\n]*?(\d+)\n?/.exec(text.slice(end));
        this.outputEndedGen = Number(marker?.[1] ?? -1);
        text = text.slice(0, end) + text.slice(end + (marker?.[0].length ?? 1));
        queueMicrotask(() => this.outputEnded?.());
      }
      const room = OUTPUT_LIMIT - this.output.length;
      if (room > 0) this.output += text.slice(0, room);
      this.outputDropped += Math.max(0, text.length - Math.max(room, 0));
    };
    worker.stdout.on("data", collect);
    worker.stderr.on("data", collect);
    worker.unref();
    // Errors are judged by the listeners of the exercise being graded; one that arrives after
    // (a worker already being stopped running out of memory, say) must not crash the grader.
    worker.on("error", () => {});
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type === "ready") {
          worker.off("message", onMessage);
          worker.off("error", reject);
          resolve();
        }
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  private async stopWorker() {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }

  async close(): Promise<void> {
    await this.stopWorker();
  }

  /** Grades one exercise. Never throws for anything the learner's code does. */
  async grade(exercise: ExerciseRef, file = paths.learner(exercise, this.options.learnerDir)): Promise<ExerciseResult> {
    const near = relative(process.cwd(), file);
    const displayFile = near && !near.startsWith("..") ? near : file;
    const started = performance.now();
    this.output = "";
    this.outputDropped = 0;
    const skeleton: ExerciseResult = {
      id: exercise.id,
      name: exercise.name,
      title: exercise.name.replace(/_/g, " "),
      status: "error",
      points: 0,
      maxPoints: 0,
      checks: [],
      durationMs: 0,
      file: displayFile,
    };
    try {
      await this.ensureWorker();
    } catch (e) {
      await this.stopWorker();
      return { ...skeleton, message: `The grader could not start its worker: ${(e as Error).message}` };
    }
    const worker = this.worker!;
    const request: GradeRequest = { type: "grade", exercise, file, displayFile, gen: ++this.gen, hiddenSeed: this.hiddenSeed };

    const outcome = await new Promise<ExerciseResult>((resolve) => {
      const partial = { ...skeleton };
      const planned: { name: string; points: number }[] = [];
      let limitMs = LOAD_ALLOWANCE_MS;
      let timer = setTimeout(() => onTimeout(), limitMs);
      const uncaught: string[] = [];
      // Typed arrays live outside the worker's heap limit: watch the process as a whole too.
      const memoryLimit = (this.options.memoryMb ?? 1024) * 2 ** 20;
      const baseline = process.memoryUsage.rss();
      const watchdog = setInterval(() => {
        if (process.memoryUsage.rss() - baseline > memoryLimit) onError(Object.assign(new Error("rss"), { code: "ERR_WORKER_OUT_OF_MEMORY" }));
      }, 50);
      const done = (r: ExerciseResult) => {
        clearTimeout(timer);
        clearInterval(watchdog);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        resolve(r);
      };
      /** Checks that never reported count as this outcome, so points add up to the maximum. */
      const unfinished = (status: CheckResult["status"], message: string): CheckResult[] =>
        planned.slice(partial.checks.length).map((c, i) => ({
          name: c.name,
          status: i === 0 ? status : "error",
          points: 0,
          maxPoints: c.points,
          message: i === 0 ? message : "not run: an earlier check did not finish",
        }));
      const onTimeout = () => {
        const current = planned[partial.checks.length]?.name;
        const message = MESSAGES.timeout(limitMs, current);
        void this.stopWorker();
        done({ ...partial, status: "timeout", message, checks: [...partial.checks, ...unfinished("timeout", message)] });
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === "begin") {
          Object.assign(partial, { title: m.title, maxPoints: m.maxPoints, lesson: m.lesson });
          this.hints[exercise.id] = m.hints;
          planned.push(...m.checks);
          limitMs = this.options.timeLimitMs ?? m.timeLimitMs;
          clearTimeout(timer);
          timer = setTimeout(onTimeout, limitMs);
        } else if (m.type === "check") {
          partial.checks = [...partial.checks, m.result];
          this.options.onCheck?.(exercise, m.result);
        } else if (m.type === "uncaught") {
          uncaught.push(m.message);
        } else if (m.type === "result") {
          const r = m.result;
          if (uncaught.length) {
            // Code that throws later (from a timer, a forgotten Promise) is broken even if its return value was right.
            r.message = [r.message, `Your code threw outside the graded call: ${uncaught.join("; ")}`].filter(Boolean).join("\n");
            r.status = r.status === "passed" ? "error" : r.status;
            r.points = 0;
          }
          done(r);
        }
      };
      const onError = (e: Error & { code?: string }) => {
        const message = e.code === "ERR_WORKER_OUT_OF_MEMORY" ? MESSAGES.memory(this.options.memoryMb ?? 1024) : `The worker crashed: ${e.message}`;
        void this.stopWorker();
        done({ ...partial, status: "error", message, checks: [...partial.checks, ...unfinished("error", message)] });
      };
      const onExit = (code: number) => {
        this.worker = undefined;
        this.ready = undefined;
        const message = MESSAGES.exit(code);
        done({ ...partial, status: "error", message, checks: [...partial.checks, ...unfinished("error", message)] });
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(request);
    });

    // Wait for the rest of the exercise's output (the worker marks its end), briefly.
    if (outcome.status !== "timeout" && this.worker && this.outputEndedGen !== request.gen) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.outputEnded = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.outputEnded = undefined;
    const output = this.output + (this.outputDropped ? `\n… ${this.outputDropped} more characters not shown` : "");
    return {
      ...outcome,
      output: output.trim() ? output : undefined,
      durationMs: Math.round(performance.now() - started),
    };
  }

  /** Grades exercises in order. */
  async gradeAll(exercises: ExerciseRef[], onResult?: (r: ExerciseResult) => void): Promise<ExerciseResult[]> {
    const results: ExerciseResult[] = [];
    for (const ex of exercises) {
      const r = await this.grade(ex);
      results.push(r);
      onResult?.(r);
    }
    return results;
  }
}
