/**
 * Timing helpers shared by the benchmarks (and mirrored in numpy_bench.py): warm-up calls, then
 * the median of several samples, each a batch of calls long enough for the clock to be exact.
 */
import { spawn } from "node:child_process";

export type TimingOptions = {
  warmup: number;
  samples: number;
  minSampleMs: number;
  /**
   * "wall" (default): elapsed time. "cpu": this process's CPU time (user + system, so page faults
   * count), for single-threaded work on a shared machine, where time spent waiting for a core
   * is someone else's load, not ours.
   */
  clock?: "wall" | "cpu";
};

/** Milliseconds of this process's CPU time (user + system), microsecond resolution. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median milliseconds per call of `f`. */
export function timeIt(f: () => unknown, { warmup, samples, minSampleMs, clock = "wall" }: TimingOptions): number {
  const now = clock === "cpu" ? cpuMs : () => performance.now();
  for (let i = 0; i < warmup; i++) f();
  let t = now();
  f();
  const once = now() - t;
  const reps = Math.max(1, Math.ceil(minSampleMs / Math.max(once, 1e-3)));
  const perCall: number[] = [];
  for (let s = 0; s < samples; s++) {
    t = now();
    for (let r = 0; r < reps; r++) f();
    perCall.push((now() - t) / reps);
  }
  return median(perCall);
}

export type RunResult = { code: number; stdout: string; stderr: string; ms: number };

/** Runs a command to its end; `ms` is the wall time from spawn to exit. */
export function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + String(e), ms: performance.now() - t0 });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** "12.3 ms", "1.24 s": milliseconds in a readable unit. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
