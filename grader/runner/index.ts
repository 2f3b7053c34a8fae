/**
 * Grades exercises: the judge in this thread, the learner's code in an executor (a worker thread)
 * that it talks to only through the protocol (grader/protocol). One executor serves a whole run;
 * a fresh one replaces it after it had to be stopped (a timeout, a crash) or when an exercise left
 * timers behind. Every exercise gets a result, whatever the learner's code does.
 *
 * With `lanes: 2`, gradeAll grades two exercises at once, each in its own executor (the course's
 * exercises are independent: an exercise that imports another one gets its reference version).
 * Results are still reported in order. The one thing two executors in one process share is its
 * resident memory, which the memory watchdog watches: an exercise stopped for memory while another
 * lane ran is graded again alone, so a memory bomb is charged to its own exercise only.
 */
import { realpathSync } from "node:fs";
import { dirname, relative } from "node:path";
import { ROOT, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";
import { gradeExercise, loadCourse } from "../judge/grade-exercise.ts";
import type { ExecutorLink } from "../judge/link.ts";
import { WorkerLink } from "../judge/worker-link.ts";

export type RunnerOptions = {
  /** The folder of learner files: exercises/, solutions/, or a submission's copy. */
  learnerDir: string;
  /** The workbook (grader, solutions, lib). */
  root?: string;
  /** Seed for the hidden randomized cases. */
  hiddenSeed?: number;
  /** Memory limit of the executor's heap, in MB. */
  memoryMb?: number;
  /** Replaces every spec's time limit (tests use a short one; batch grading may lower it). */
  timeLimitMs?: number;
  /** Time limits of their own for some exercises, by id ({ "03": 500 }), over timeLimitMs (tests: a loop need not wait out the course's limit). */
  timeLimitsMs?: Record<string, number>;
  /** Called as each check finishes (watch mode and progress bars). */
  onCheck?: (exercise: ExerciseRef, check: CheckResult) => void;
  /** Another transport to the executor (a sandboxed child process); default: a worker thread. */
  link?: ExecutorLink;
  /** Start the TypeScript transform ahead of the first edited file (watch mode). */
  warm?: boolean;
  /** The executor's view of learnerDir, when it differs (a sandbox's compiled copy): files are sent by this path. */
  executorDir?: string;
  /** Where file names in reports are shown from (default: the current folder). */
  base?: string;
  /** How many exercises gradeAll grades at once, each in its own worker-thread executor (default 1; not with `link`). */
  lanes?: number;
};

/** The largest seed numpy's legacy generator takes: 2³² − 1. */
export const MAX_SEED = 2 ** 32 - 1;

export class Runner {
  readonly root: string;
  readonly hiddenSeed: number;
  /** Each graded exercise's hints, by id, as its spec gives them. */
  readonly hints: Record<string, string[]> = {};
  private readonly link: ExecutorLink;
  /** The executors of the other lanes (gradeAll with lanes > 1), started on first use. */
  private readonly laneLinks: ExecutorLink[] = [];
  private gen = Date.now();

  constructor(readonly options: RunnerOptions) {
    this.root = options.root ?? ROOT;
    this.hiddenSeed = options.hiddenSeed ?? Date.now() % 2 ** 31;
    if (!Number.isSafeInteger(this.hiddenSeed) || this.hiddenSeed < 0 || this.hiddenSeed > MAX_SEED) {
      throw new RangeError(`hidden seed ${this.hiddenSeed} is not a whole number from 0 to ${MAX_SEED}`);
    }
    this.link = options.link ?? new WorkerLink({ learnerDir: options.learnerDir, root: this.root, memoryMb: options.memoryMb, warm: options.warm });
  }

  /** Starts the executor ahead of the first exercise (start-up overlaps with the caller's own work). */
  warmUp(): void {
    this.link.warmUp();
  }

  async close(): Promise<void> {
    await Promise.all([this.link, ...this.laneLinks].map((l) => l.close()));
  }

  /** Grades one exercise. Never throws for anything the learner's code does. */
  async grade(exercise: ExerciseRef, file = paths.learner(exercise, this.options.learnerDir), link = this.link): Promise<ExerciseResult> {
    const base = this.options.base ?? process.cwd();
    const near = relative(base, file);
    const displayFile = near && !near.startsWith("..") ? near : file;
    const course = await loadCourse(exercise, this.root);
    this.hints[exercise.id] = course.spec.hints;
    let learnerDir = dirname(file);
    try {
      learnerDir = realpathSync(learnerDir) === realpathSync(this.options.learnerDir) ? this.options.learnerDir : learnerDir;
    } catch {
      // A folder that does not exist: the load fails and says so.
    }
    return gradeExercise({
      exercise,
      course,
      root: this.root,
      link,
      file: this.options.executorDir ? paths.learner(exercise, this.options.executorDir) : file,
      learnerDir,
      executorDir: this.options.executorDir,
      displayFile,
      base,
      gen: ++this.gen,
      hiddenSeed: this.hiddenSeed,
      timeLimitMs: this.options.timeLimitsMs?.[exercise.id] ?? this.options.timeLimitMs,
      memoryMb: this.options.memoryMb,
      onCheck: (check) => this.options.onCheck?.(exercise, check),
    });
  }

  /** Grades exercises; the results come in order (onResult too), whatever the lanes. */
  async gradeAll(exercises: ExerciseRef[], onResult?: (r: ExerciseResult) => void): Promise<ExerciseResult[]> {
    const lanes = this.options.link ? 1 : Math.max(1, Math.min(Math.floor(this.options.lanes ?? 1), exercises.length));
    while (this.laneLinks.length < lanes - 1) {
      this.laneLinks.push(new WorkerLink({ learnerDir: this.options.learnerDir, root: this.root, memoryMb: this.options.memoryMb, warm: this.options.warm }));
    }
    const links = [this.link, ...this.laneLinks.slice(0, lanes - 1)];
    // Every executor starts, and every spec and reference loads, now (the judge's thread is idle then).
    for (const l of links) l.warmUp();
    for (const ex of exercises) loadCourse(ex, this.root).catch(() => {});
    const results: ExerciseResult[] = [];
    const alone: number[] = [];
    let next = 0;
    let reported = 0;
    const report = () => {
      for (; reported < exercises.length && results[reported] && !alone.includes(reported); reported++) onResult?.(results[reported]!);
    };
    const lane = async (link: ExecutorLink) => {
      for (let i = next++; i < exercises.length; i = next++) {
        let memoryStop = false;
        const watched: ExecutorLink = {
          request: async (ask, limitMs) => {
            const outcome = await link.request(ask, limitMs);
            if (outcome.kind === "crash" && outcome.why === "memory") memoryStop = true;
            return outcome;
          },
          reset: () => link.reset(),
          warmUp: () => link.warmUp(),
          close: () => link.close(),
        };
        results[i] = await this.grade(exercises[i]!, undefined, lanes > 1 ? watched : link);
        if (memoryStop) alone.push(i);
        report();
      }
    };
    await Promise.all(links.map(lane));
    // Stopped for memory while another executor ran: the process's memory was shared, so grade it alone.
    for (const i of [...alone].sort((a, b) => a - b)) {
      results[i] = await this.grade(exercises[i]!);
      alone.splice(alone.indexOf(i), 1);
      report();
    }
    return results;
  }
}
