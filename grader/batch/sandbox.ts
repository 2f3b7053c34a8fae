/**
 * Runs one submission's grading in a child process under Node's permission model:
 *
 *   node --experimental-permission
 *        --allow-fs-read=<mirror> --allow-fs-read=<this submission's compiled copy>
 *        --allow-fs-read=<the workbook's node_modules>
 *        --allow-fs-write=<this submission's tmp folder>
 *        --allow-worker            (the Runner's worker thread, and module hooks' thread)
 *        --enable-source-maps      (the learner's TypeScript lines in stack traces)
 *        --max-old-space-size=<MB>
 *        <mirror>/grader/batch/child-entry.mjs
 *
 * No --allow-child-process: spawning is denied. The child's worker has its own time limits and heap
 * limit (the Runner); the parent adds the last resort, a wall-clock kill of the whole child.
 * Whatever happens, the caller gets an outcome: a report verified with a per-child secret, or the
 * reason there is none.
 */
import { fork } from "node:child_process";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { CHILD_ENTRY } from "./compile.ts";
import { sign } from "./protocol.ts";
import type { ChildMessage, ChildRequest } from "./protocol.ts";
import type { GradeReport } from "../types.ts";

export type SandboxOptions = {
  /** The compiled mirror of the workbook. */
  mirror: string;
  /** The compiled copy of the learner's exercises (readable). */
  learnerDir: string;
  /** The child's working folder: the parent of learnerDir, so files show as "exercises/…". */
  cwd: string;
  /** The only folder the child may write to. */
  tmp: string;
  /** Other folders the child may read (the workbook's node_modules). */
  read?: string[];
  memoryMb: number;
  /** Kill the child after this long, whatever it is doing. */
  wallMs: number;
  hiddenSeed: number;
  source: string;
  only?: string[];
  onProgress?: (m: Extract<ChildMessage, { type: "progress" }>) => void;
};

export type SandboxOutcome = { ok: true; report: GradeReport; durationMs: number } | { ok: false; reason: string; durationMs: number };

const STDERR_KEEP = 4000;

/** The node flags of a sandboxed child. */
export function sandboxFlags(o: Pick<SandboxOptions, "mirror" | "learnerDir" | "tmp" | "read" | "memoryMb">): string[] {
  return [
    "--experimental-permission",
    // One flag per path: Node 20.20 no longer takes a comma-separated list.
    ...[o.mirror, o.learnerDir, ...(o.read ?? [])].map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-write=${o.tmp}`,
    "--allow-worker",
    "--enable-source-maps",
    `--max-old-space-size=${o.memoryMb + 256}`,
    "--no-warnings",
  ];
}

export function runSandboxed(o: SandboxOptions): Promise<SandboxOutcome> {
  const started = performance.now();
  const secret = randomBytes(32).toString("hex");
  return new Promise((resolve) => {
    let settled = false;
    let stderr = "";
    let report: GradeReport | undefined;
    let forged = 0;
    const child = fork(join(o.mirror, CHILD_ENTRY), [], {
      cwd: o.cwd,
      execArgv: sandboxFlags(o),
      // Nothing of the grader's environment: no tokens, no NODE_OPTIONS.
      env: { FORCE_COLOR: "0", TMPDIR: o.tmp, TZ: "UTC", LANG: "C.UTF-8" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "json",
    });
    const finish = (outcome: SandboxOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(wall);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      resolve(outcome);
    };
    const elapsed = () => Math.round(performance.now() - started);
    const wall = setTimeout(() => {
      finish({ ok: false, reason: `killed after ${Math.round(o.wallMs / 1000)} s (the wall-clock limit of the whole submission): the grading process stopped answering.`, durationMs: elapsed() });
    }, o.wallMs);
    child.stdout!.resume(); // learner output is captured per exercise by the Runner; the rest is dropped
    child.stderr!.on("data", (d: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += d.toString().slice(0, STDERR_KEEP - stderr.length);
    });
    child.on("message", (m: ChildMessage) => {
      if (!m || typeof m !== "object") return;
      if (m.type === "progress") o.onProgress?.(m);
      else if (m.type === "report" && typeof m.payload === "string" && typeof m.mac === "string") {
        const want = Buffer.from(sign(secret, m.payload), "hex");
        const got = Buffer.from(m.mac, "hex");
        if (got.length !== want.length || !timingSafeEqual(got, want)) {
          forged++;
          return;
        }
        try {
          report = JSON.parse(m.payload) as GradeReport;
        } catch {
          forged++;
        }
      }
    });
    child.on("error", (e) => finish({ ok: false, reason: `the grading process could not start: ${e.message}`, durationMs: elapsed() }));
    // "close": the process has exited and its stdio and IPC channel are drained.
    child.on("close", (code, signal) => {
      if (report) return finish({ ok: true, report, durationMs: elapsed() });
      const oom = /heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/.test(stderr);
      const tail = stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300);
      const why = oom
        ? `ran out of memory (limit ${o.memoryMb} MB)`
        : `the grading process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) before it reported${tail ? `: ${tail}` : ""}`;
      finish({ ok: false, reason: forged ? `${why}; ${forged} forged report${forged === 1 ? " was" : "s were"} ignored` : why, durationMs: elapsed() });
    });
    const request: ChildRequest = {
      type: "grade",
      secret,
      learnerDir: o.learnerDir,
      source: o.source,
      hiddenSeed: o.hiddenSeed,
      memoryMb: o.memoryMb,
      only: o.only,
    };
    child.send(request);
  });
}
