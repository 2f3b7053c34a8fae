/**
 * An executor in a worker thread of this process: the CLI's and watch mode's transport.
 * The worker has a heap limit; typed arrays live outside it, so a watchdog also bounds the
 * process's resident memory while a request runs.
 */
import { Worker } from "node:worker_threads";
import { join, resolve } from "node:path";
import { parseReply, ProtocolError, transferables } from "../protocol/index.ts";
import type { Request } from "../protocol/index.ts";
import type { Outcome } from "./link.ts";
import { LinkBase, STOPPED } from "./link.ts";

export type WorkerLinkOptions = {
  /** The folder of learner files. */
  learnerDir: string;
  /** The workbook (grader, solutions, lib). */
  root: string;
  /** Heap limit of the executor, MB (default 1024). */
  memoryMb?: number;
  /** Start the TypeScript transform ahead of the first edited file (watch mode). */
  warm?: boolean;
};

/** Time to start an executor (load lib/np, freeze the intrinsics), not counted against any exercise. */
const START_ALLOWANCE_MS = 20_000;

/** What the grader's entry (grader/main.mjs) announces: its prebuilt code, and an executor it started early. */
type Announced = { dir: string; root: string; prestarted?: { worker: Worker; ready: Promise<void>; key: string }[] };
const announced = () => (globalThis as Record<symbol, Announced | undefined>)[Symbol.for("dnn-workbook.build")];

export type ExecutorData = { learnerDir: string; solutionsDir: string; graderDir: string; libDir: string; build?: string; warm?: boolean };

/** The executor's settings: its folders, and the prebuilt grader when it is the graded workbook's. */
export function executorData(learnerDir: string, root: string): ExecutorData {
  const build = announced();
  return {
    learnerDir,
    solutionsDir: join(root, "solutions"),
    graderDir: join(root, "grader"),
    libDir: join(root, "lib"),
    ...(build && resolve(build.root) === resolve(root) ? { build: build.dir } : {}),
  };
}

export function startWorker(data: ExecutorData, memoryMb: number): Worker {
  return new Worker(new URL("../executor/worker-entry.mjs", import.meta.url), {
    workerData: data,
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
}

/** An executor grader/main.mjs started while the CLI loaded, when it is one this link needs (each is adopted once). */
function adoptPrestarted(data: ExecutorData, memoryMb: number): { worker: Worker; ready: Promise<void> } | undefined {
  const list = announced()?.prestarted;
  const i = list?.findIndex((p) => p.key === JSON.stringify([data, memoryMb])) ?? -1;
  return i < 0 ? undefined : list!.splice(i, 1)[0];
}

export class WorkerLink extends LinkBase {
  protected readonly executorName = "its executor";
  private worker?: Worker;
  private ready?: Promise<void>;
  private stderr = "";
  /** The process's resident memory when the executor became ready: growth past it is the executor's. */
  private baseline = 0;

  constructor(readonly options: WorkerLinkOptions) {
    super();
  }

  private get memoryMb() {
    return this.options.memoryMb ?? 1024;
  }

  warmUp(): void {
    this.start();
  }

  protected start(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    // A stopped executor (a memory bomb, say) may still hold its memory until it has ended: the next
    // one starts after that, so the watchdog's baseline never includes memory about to be released
    // and the growth it watches is the new executor's own.
    if (this.stopping) return this.stopping.then(() => this.start());
    const data = { ...executorData(this.options.learnerDir, this.options.root), ...(this.options.warm ? { warm: true } : {}) };
    const prestarted = adoptPrestarted(data, this.memoryMb);
    const worker = prestarted?.worker ?? startWorker(data, this.memoryMb);
    this.stderr = "";
    // The executor captures what learner code prints; what reaches these streams is the host's own.
    worker.stdout.resume();
    worker.stderr.on("data", (d: Buffer) => {
      if (this.stderr.length < 4000) this.stderr += d.toString().slice(0, 4000 - this.stderr.length);
    });
    worker.unref();
    // Errors are judged by the request in flight; one that arrives later must not crash the judge.
    worker.on("error", () => {});
    this.worker = worker;
    this.ready = prestarted?.ready ?? new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the executor did not start within ${START_ALLOWANCE_MS / 1000} s`)), START_ALLOWANCE_MS);
      const onMessage = (m: unknown) => {
        if (typeof m === "object" && m !== null && (m as { op?: unknown }).op === "ready") {
          clearTimeout(timer);
          worker.off("message", onMessage);
          resolve();
        }
      };
      worker.on("message", onMessage);
      worker.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      worker.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the executor exited (code ${code}) while starting${this.stderr ? `: ${this.stderr.trim().split("\n").slice(-3).join(" ")}` : ""}`));
      });
    });
    this.ready.catch(() => {});
    this.ready.then(() => (this.baseline = process.memoryUsage.rss()), () => {});
    return this.ready;
  }

  /** The termination of the executor last stopped, until it has ended. */
  private stopping?: Promise<unknown>;

  async reset(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (!w) return;
    const stopping: Promise<unknown> = w.terminate().catch(() => {}).finally(() => {
      if (this.stopping === stopping) this.stopping = undefined;
    });
    this.stopping = stopping;
    await stopping;
  }

  private stopAll?: () => void;

  protected override stopInFlight(): void {
    this.stopAll?.();
  }

  protected send(req: Request, limitMs: number): Promise<Outcome> {
    const worker = this.worker!;
    return new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const baseline = this.baseline;
      const memoryLimit = this.memoryMb * 2 ** 20;
      const finish = (outcome: Outcome, stop: boolean) => {
        clearTimeout(timer);
        clearTimeout(watch);
        clearInterval(watchdog);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        this.stopAll = undefined;
        if (stop) void this.reset();
        resolve(outcome);
      };
      this.stopAll = () => finish({ kind: "crash", why: "exit", message: "The grader was stopped." }, false);
      const timer = setTimeout(() => finish({ kind: "timeout", ms: Math.round(performance.now() - started) }, true), Math.max(0, limitMs));
      // Typed arrays live outside the worker's heap limit: watch the process as a whole too, from
      // 50 ms into a request on (most requests are answered sooner).
      let watchdog: ReturnType<typeof setInterval> | undefined;
      const watch = setTimeout(() => {
        watchdog = setInterval(() => {
          if (process.memoryUsage.rss() - baseline > memoryLimit) finish({ kind: "crash", why: "memory", message: STOPPED.memory(this.memoryMb) }, true);
        }, 50);
      }, 50);
      const onMessage = (m: unknown) => {
        try {
          const reply = parseReply(m, req);
          if (reply) finish({ kind: "reply", reply, ms: performance.now() - started }, false);
        } catch (e) {
          finish({ kind: "crash", why: "protocol", message: STOPPED.protocol(e instanceof ProtocolError ? e.message : String(e)) }, true);
        }
      };
      const onError = (e: Error & { code?: string }) => {
        const message = e.code === "ERR_WORKER_OUT_OF_MEMORY" ? STOPPED.memory(this.memoryMb) : `The executor crashed: ${e.message}`;
        finish({ kind: "crash", why: e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "exit", message }, true);
      };
      const onExit = (code: number) => {
        this.worker = undefined;
        this.ready = undefined;
        finish({ kind: "crash", why: "exit", message: STOPPED.exit(code) }, false);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(req, transferables(req));
    });
  }
}
