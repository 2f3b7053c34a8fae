/**
 * The judge's end of a Web Worker executor (./executor-worker.ts): the browser's ExecutorLink.
 * A request that gets no answer within its limit terminates the worker (an infinite loop in the
 * learner's code never freezes the page), and the next request starts a fresh one.
 */
import { parseReply, ProtocolError } from "../protocol/index.ts";
import type { Request } from "../protocol/index.ts";
import type { Outcome } from "../judge/link.ts";
import { LinkBase, STOPPED } from "../judge/link.ts";
import type { FilesMessage } from "./executor-worker.ts";

/** Time to start an executor (load lib/np, freeze the intrinsics), not counted against any exercise. */
const START_ALLOWANCE_MS = 20_000;

export class WebWorkerLink extends LinkBase {
  protected readonly executorName = "its executor";
  private worker?: Worker;
  private ready?: Promise<void>;

  /** `url`: the executor's script (a blob: URL); `files`: the learner's files as they are now. */
  constructor(
    private readonly url: string,
    private readonly files: () => Record<string, string>,
  ) {
    super();
  }

  warmUp(): void {
    void this.start().catch(() => {});
  }

  protected start(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const worker = new Worker(this.url, { name: "dnn-workbook executor" });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the executor did not start within ${START_ALLOWANCE_MS / 1000} s`)), START_ALLOWANCE_MS);
      const onMessage = (e: MessageEvent) => {
        if (typeof e.data === "object" && e.data !== null && e.data.op === "ready") {
          clearTimeout(timer);
          worker.removeEventListener("message", onMessage);
          resolve();
        }
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", (e) => {
        clearTimeout(timer);
        reject(new Error(e.message || "the executor's script failed"));
      });
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  async reset(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    w?.terminate();
  }

  protected send(req: Request, limitMs: number): Promise<Outcome> {
    const worker = this.worker!;
    if (req.op === "load") worker.postMessage({ host: "files", files: this.files() } satisfies FilesMessage);
    return new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const finish = (outcome: Outcome, stop: boolean) => {
        clearTimeout(timer);
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        if (stop) void this.reset();
        resolve(outcome);
      };
      const timer = setTimeout(() => finish({ kind: "timeout", ms: Math.round(performance.now() - started) }, true), Math.max(0, limitMs));
      const onMessage = (e: MessageEvent) => {
        try {
          const reply = parseReply(e.data, req);
          if (reply) finish({ kind: "reply", reply, ms: performance.now() - started }, false);
        } catch (err) {
          finish({ kind: "crash", why: "protocol", message: STOPPED.protocol(err instanceof ProtocolError ? err.message : String(err)) }, true);
        }
      };
      // An error the worker's own scope did not handle: the executor is broken.
      const onError = (e: ErrorEvent) => {
        e.preventDefault();
        finish({ kind: "crash", why: "exit", message: `The executor crashed: ${e.message}` }, true);
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      worker.postMessage(req);
    });
  }
}
