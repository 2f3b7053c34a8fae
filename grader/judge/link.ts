/**
 * The judge's end of a transport to an executor. Whatever the transport (a worker thread here, a
 * sandboxed child process in batch grading, a Web Worker in the browser), the judge sees the same
 * thing: a request goes out, and what comes back is a validated reply, a timeout, or a crash.
 */
import type { Reply, Request } from "../protocol/index.ts";

/** A request without its id: the link numbers them. */
export type Ask = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

export type Outcome =
  /** `ms`: the executor's time for this request (from sending it to its reply; start-up not included). */
  | { kind: "reply"; reply: Reply; ms: number }
  /** No reply within the limit: the executor was stopped. */
  | { kind: "timeout"; ms: number }
  /** The executor died (out of memory, exited, crashed) or broke the protocol: it was stopped. */
  | { kind: "crash"; why: "memory" | "exit" | "protocol" | "start"; message: string };

export interface ExecutorLink {
  /** Sends one request and waits at most `limitMs` of the executor's time for its reply. */
  request(ask: Ask, limitMs: number): Promise<Outcome>;
  /** Stops the executor (if running); the next request starts a fresh one. */
  reset(): Promise<void>;
  /** Starts the executor ahead of the first request. */
  warmUp(): void;
  close(): Promise<void>;
}

/**
 * What every transport does the same way around its own send: numbering requests, starting the
 * executor on demand (a start that fails is that request's crash), and answering at once after
 * close, so a grade in flight winds down instead of starting a new executor.
 */
export abstract class LinkBase implements ExecutorLink {
  private nextId = 1;
  private closed = false;

  /** "its executor", "the sandbox": what could not start, in the crash message. */
  protected abstract readonly executorName: string;
  /** Starts the executor if it is not running; resolves when it can take requests. */
  protected abstract start(): Promise<void>;
  /** Sends one numbered request to the running executor and waits for its outcome. */
  protected abstract send(req: Request, limitMs: number): Promise<Outcome>;
  abstract reset(): Promise<void>;
  abstract warmUp(): void;

  /** Ends the request in flight, if any, when the link closes (default: stopping the executor does). */
  protected stopInFlight(): void {}

  close(): Promise<void> {
    this.closed = true;
    this.stopInFlight();
    return this.reset();
  }

  async request(ask: Ask, limitMs: number): Promise<Outcome> {
    if (this.closed) return { kind: "crash", why: "exit", message: "The grader was stopped." };
    try {
      await this.start();
    } catch (e) {
      await this.reset();
      return { kind: "crash", why: "start", message: `The grader could not start ${this.executorName}: ${(e as Error).message}` };
    }
    return this.send({ ...ask, id: this.nextId++ } as Request, limitMs);
  }
}

/** Messages for the outcomes that stop an exercise. */
export const STOPPED = {
  timeout: (ms: number, check?: string) =>
    `Timed out after ${ms / 1000} s${check ? ` in the check "${check}"` : ""}. Look for a loop that never ends (a while loop whose condition never changes, a recursion without a base case).`,
  exit: (code: number) =>
    `The grading process stopped (exit code ${code}) while running this exercise: the code ended the process or crashed it. An exercise function returns its result; it never exits.`,
  memory: (mb: number) =>
    `Ran out of memory (limit ${mb} MB). Is an array far bigger than it should be, e.g. (m, m) instead of (1, m), or a loop that keeps allocating?`,
  protocol: (why: string) =>
    `The executor's answer broke the grading protocol (${why}): the code interfered with how the grader talks to it, so this answer is not counted.`,
};
