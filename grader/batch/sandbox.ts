/**
 * An executor in a sandboxed child process: batch grading's transport (the judge stays in the
 * parent). The child runs the compiled mirror (./compile.ts) in two walls:
 *
 * - outside, the operating system's (./os-sandbox.ts): on Linux, bubblewrap (no network, its own
 *   PIDs, a file system of read-only binds and a size-capped tmpfs) with hard limits (CPU seconds,
 *   data size, file size, processes);
 * - inside, Node's permission model:
 *
 *   node --experimental-permission
 *        --allow-fs-read=<mirror> --allow-fs-read=<this submission's compiled copy>
 *        --allow-fs-write=<this submission's tmp folder>
 *        --allow-worker            (module hooks run in a thread of their own)
 *        --enable-source-maps      (the learner's TypeScript lines in stack traces)
 *        --max-old-space-size=<MB>
 *        <mirror>/grader/executor/child-entry.mjs
 *
 * No --allow-child-process: spawning is denied. Where bubblewrap is missing, the permission model is
 * the only wall (and the network is open: one warning says so).
 *
 * Time limits count the child's CPU time (user + system, every thread, from /proc), so a loaded
 * machine never turns a correct answer into a timeout; a generous wall-clock backstop catches code
 * that waits without computing. Memory: the kernel's data-size cap, and the resident memory of the
 * whole child (absolute, not per exercise) checked by a watchdog.
 *
 * Requests and replies travel on file descriptor 3 as lines of JSON (the protocol's text form); the
 * child's stdout and stderr are never parsed. A request that gets no reply in time, a child that
 * exits, runs out of memory or writes something that is not a reply: the child is killed and the
 * outcome says why; the next request starts a fresh child.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { fromText, parseReply, ProtocolError, toText } from "../protocol/index.ts";
import type { Request } from "../protocol/index.ts";
import type { Outcome } from "../judge/link.ts";
import { LinkBase, STOPPED } from "../judge/link.ts";
import { CHILD_ENTRY } from "./compile.ts";
import { childCommand, detectIsolation, usageOf } from "./os-sandbox.ts";
import type { Isolation } from "./os-sandbox.ts";

export type SandboxOptions = {
  /** The compiled mirror of the workbook. */
  mirror: string;
  /** The compiled copy of the learner's exercises (readable). */
  learnerDir: string;
  /** The child's working folder. */
  cwd: string;
  /** The only folder the child may write to. */
  tmp: string;
  /** Other folders the child may read. */
  read?: string[];
  memoryMb: number;
  /** CPU seconds for the child's whole life (default: 120). */
  cpuSeconds?: number;
  /** The OS sandbox (default: bubblewrap when it works here, see ./os-sandbox.ts). */
  isolation?: Isolation;
};

/** The node flags of a sandboxed child. */
export function sandboxFlags(o: Pick<SandboxOptions, "mirror" | "learnerDir" | "tmp" | "read" | "memoryMb">): string[] {
  return [
    "--experimental-permission",
    // One flag per path: Node 20.20 no longer takes a comma-separated list.
    ...[o.mirror, o.learnerDir, ...(o.read ?? [])].map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-write=${o.tmp}`,
    "--allow-worker",
    "--enable-source-maps",
    `--max-old-space-size=${o.memoryMb}`,
    "--no-warnings",
  ];
}

/** Time for a child to start (load lib/np, freeze the intrinsics), not counted against any exercise. */
const START_ALLOWANCE_MS = 60_000;
/** The wall-clock backstop of a request: code that waits without computing uses no CPU time. */
export const backstopMs = (limitMs: number) => 3 * limitMs + 10_000;
/** How often the watchdog reads the child's CPU time and memory. */
const POLL_MS = 20;
/** A line on the channel longer than this is not a reply. */
const MAX_LINE = 512 * 2 ** 20;
const STDERR_KEEP = 4000;

type Child = { process: ChildProcess; lines: ((line: string) => void)[]; ready: Promise<void>; stderr: string; exited: boolean };

export class ChildLink extends LinkBase {
  protected readonly executorName = "the sandbox";
  private child?: Child;

  constructor(readonly o: SandboxOptions) {
    super();
  }

  warmUp(): void {
    void this.start().catch(() => {});
  }

  protected start(): Promise<void> {
    if (this.child && !this.child.exited) return this.child.ready;
    const iso = this.o.isolation ?? detectIsolation();
    const cmd = childCommand(iso, {
      nodeArgs: [...sandboxFlags(this.o), join(this.o.mirror, CHILD_ENTRY)],
      readOnly: [this.o.mirror, this.o.learnerDir, ...(this.o.read ?? [])],
      tmp: this.o.tmp,
      // Nothing of the grader's environment: no tokens, no NODE_OPTIONS.
      env: {
        FORCE_COLOR: "0",
        TMPDIR: this.o.tmp,
        HOME: this.o.tmp,
        TZ: "UTC",
        LANG: "C.UTF-8",
        DNN_WORKBOOK_EXECUTOR: JSON.stringify({ learnerDir: this.o.learnerDir, mirror: this.o.mirror }),
      },
      limits: { memoryMb: this.o.memoryMb, cpuSeconds: this.o.cpuSeconds ?? 120 },
    });
    const proc = spawn(cmd.command, cmd.args, { cwd: iso.kind === "bwrap" ? "/" : this.o.cwd, env: cmd.env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
    const child: Child = { process: proc, lines: [], ready: Promise.resolve(), stderr: "", exited: false };
    this.child = child;
    proc.stdout!.resume(); // what learner code prints is captured inside the child and sent with each reply
    proc.stderr!.on("data", (d: Buffer) => {
      if (child.stderr.length < STDERR_KEEP) child.stderr += d.toString().slice(0, STDERR_KEEP - child.stderr.length);
    });
    const channel = proc.stdio[3] as Readable & Writable;
    channel.on("error", () => {});
    let buffered = "";
    channel.setEncoding("utf8");
    channel.on("data", (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE) {
        buffered = "";
        for (const l of child.lines) l("\u0000too long");
        return;
      }
      for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        for (const l of child.lines.slice()) l(line);
      }
    });
    proc.on("exit", () => {
      child.exited = true;
    });
    proc.on("error", () => {
      child.exited = true;
    });
    child.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the sandboxed executor did not start within ${START_ALLOWANCE_MS / 1000} s`)), START_ALLOWANCE_MS);
      const onLine = (line: string) => {
        let m: unknown;
        try {
          m = fromText(line);
        } catch {
          return;
        }
        if (typeof m === "object" && m !== null && (m as { op?: unknown }).op === "ready") {
          clearTimeout(timer);
          child.lines = child.lines.filter((l) => l !== onLine);
          resolve();
        }
      };
      child.lines.push(onLine);
      proc.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      proc.once("exit", (code, signal) => {
        clearTimeout(timer);
        const tail = child.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300);
        reject(new Error(`the sandboxed executor ended (${signal ? `signal ${signal}` : `exit code ${code}`}) while starting${tail ? `: ${tail}` : ""}`));
      });
    });
    child.ready.catch(() => {});
    return child.ready;
  }

  async reset(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && !child.exited) {
      const gone = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
      child.process.kill("SIGKILL");
      await gone;
    }
  }

  protected send(req: Request, limitMs: number): Promise<Outcome> {
    const child = this.child!;
    const memoryLimit = this.o.memoryMb * 2 ** 20 + 256 * 2 ** 20;
    return new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const pid = child.process.pid;
      const cpuAtStart = usageOf(pid)?.cpuMs;
      /** The child's CPU time for this request (wall time where /proc cannot say). */
      const spent = () => {
        const now = usageOf(pid)?.cpuMs;
        return cpuAtStart !== undefined && now !== undefined ? now - cpuAtStart : performance.now() - started;
      };
      const finish = (outcome: Outcome, stop: boolean) => {
        clearInterval(watchdog);
        child.lines = child.lines.filter((l) => l !== onLine);
        child.process.off("exit", onExit);
        if (stop) void this.reset();
        resolve(outcome);
      };
      const backstop = backstopMs(limitMs);
      let peak = 0;
      const watchdog = setInterval(() => {
        const usage = usageOf(pid);
        const cpu = usage && cpuAtStart !== undefined ? usage.cpuMs - cpuAtStart : performance.now() - started;
        if (usage) peak = Math.max(peak, usage.rss);
        // The heap has its limit; typed arrays live outside it: bound the whole child's resident memory.
        if (usage && usage.rss > memoryLimit) finish({ kind: "crash", why: "memory", message: STOPPED.memory(this.o.memoryMb) }, true);
        else if (cpu > limitMs || performance.now() - started > backstop) {
          // A child out of time while at its memory limit (collecting garbage over and over near the
          // heap limit) has run out of memory, not time.
          const atLimit = peak >= 0.85 * this.o.memoryMb * 2 ** 20;
          finish(atLimit ? { kind: "crash", why: "memory", message: STOPPED.memory(this.o.memoryMb) } : { kind: "timeout", ms: Math.round(Math.max(cpu, limitMs)) }, true);
        }
      }, POLL_MS);
      const onLine = (line: string) => {
        try {
          const reply = parseReply(fromText(line), req);
          if (reply) finish({ kind: "reply", reply, ms: spent() }, false);
        } catch (e) {
          finish({ kind: "crash", why: "protocol", message: STOPPED.protocol(e instanceof ProtocolError ? e.message : "a line that is not a message") }, true);
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        const oom = /heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY|Fatal process out of memory|allocation failed/.test(child.stderr);
        finish(
          oom ? { kind: "crash", why: "memory", message: STOPPED.memory(this.o.memoryMb) } : { kind: "crash", why: "exit", message: STOPPED.exit(code ?? (signal ? 128 : 1)) },
          true,
        );
      };
      child.lines.push(onLine);
      child.process.once("exit", onExit);
      (child.process.stdio[3] as Writable).write(`${toText(req)}\n`);
    });
  }
}
