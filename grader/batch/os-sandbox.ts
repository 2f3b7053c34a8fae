/**
 * The operating system's wall around a batch child: bubblewrap on Linux, Node's permission model
 * inside it (./sandbox.ts), and the permission model alone where bubblewrap is missing or unusable.
 *
 * Under bubblewrap a child sees a file system of its own, made of read-only binds of exactly what it
 * needs (the Node binary and the shared libraries it links, `prlimit`, the compiled mirror, this
 * submission's compiled copy; every source by its realpath) and one size-capped tmpfs for writes.
 * It has no network at all (a new, empty network namespace), its own PID namespace (it sees and
 * signals only its own processes), dies with the grader, and starts under hard limits (`prlimit`,
 * set inside the sandbox's user namespace so that they count this child's processes only): CPU
 * seconds, data size (an absolute memory cap: the heap and every typed array), file size, number of
 * processes and threads, no core files. When the grader runs as root, the child runs as `nobody`
 * (the kernel does not apply a process limit to root).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, lstatSync, readFileSync, readlinkSync, readdirSync, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";

export type Limits = {
  /** The heap limit (--max-old-space-size) in MB; the data-size cap is derived from it. */
  memoryMb: number;
  /** CPU seconds for the child's whole life (every exercise of one submission, with room). */
  cpuSeconds: number;
};

/** The data-size cap (RLIMIT_DATA) of a child, in bytes: the heap, typed arrays, Node itself. */
export const dataCapBytes = (memoryMb: number) => (memoryMb + 512) * 2 ** 20;
/** The tmpfs a child may write to. */
export const TMPFS_BYTES = 64 * 2 ** 20;
/** The largest file a child may write. */
export const FILE_SIZE_BYTES = 16 * 2 ** 20;
/** Processes and threads of one child (Node runs about 12 threads; a fork bomb needs many more). */
export const MAX_TASKS = 64;

/** The uid and gid a child of a root grader runs as. */
const NOBODY = 65534;

export type Isolation =
  | { kind: "bwrap"; bwrap: string; prlimit: string; setpriv?: string; node: string; binds: string[] }
  | { kind: "permissions"; why: string };

export const NETWORK_WARNING = (why: string) =>
  `Warning: no OS sandbox for the submissions (${why}). They run under Node's permission model only: ` +
  `files outside the submission and child processes are refused, but the network is open and there is no ` +
  `process, file-size or CPU limit beyond the grader's own. On Linux, install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap).\n`;

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "/usr/bin:/bin").split(delimiter)) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return realpathSync(p);
    } catch {
      // not here
    }
  }
  for (const dir of ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]) if (existsSync(join(dir, name))) return realpathSync(join(dir, name));
  return undefined;
}

/** The shared libraries a binary links (ldd), each as the path the loader looks for; undefined when unknown. */
function linkedLibraries(binary: string): string[] | undefined {
  const r = spawnSync("ldd", [binary], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  const libs: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

/** Binds of what the Node binary and prlimit need to run: the binaries and their libraries, read-only. */
function systemBinds(binaries: string[]): string[] {
  const args: string[] = [];
  const seen = new Set<string>();
  const bind = (path: string) => {
    if (seen.has(path) || !existsSync(path)) return;
    seen.add(path);
    args.push("--ro-bind", realpathSync(path), path);
  };
  let libs: string[] = [];
  for (const b of binaries) {
    bind(b);
    const linked = linkedLibraries(b);
    if (!linked) {
      libs = [];
      break;
    }
    libs.push(...linked);
  }
  if (libs.length) {
    for (const l of libs) bind(l);
  } else {
    // No ldd: the library folders, as they are (a symbolic link stays a link).
    for (const dir of ["/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64", "/usr/lib32"]) {
      if (!existsSync(dir)) continue;
      if (lstatSync(dir).isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
      else args.push("--ro-bind", dir, dir);
    }
  }
  if (existsSync("/etc/ld.so.cache")) args.push("--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache");
  return args;
}

export type ChildCommand = { command: string; args: string[]; env: Record<string, string> };

/**
 * The command that starts a child: `node <flags> <entry>` inside the OS sandbox when there is one.
 * `readOnly` are the folders the child reads (mirror, submission), `tmp` the only one it writes.
 */
export function childCommand(iso: Isolation, o: { nodeArgs: string[]; readOnly: string[]; tmp: string; env: Record<string, string>; limits: Limits }): ChildCommand {
  const env = { ...o.env, UV_THREADPOOL_SIZE: "1" };
  if (iso.kind === "permissions") return { command: process.execPath, args: o.nodeArgs, env };
  const args = [
    "--unshare-all", // user, ipc, pid, net, uts, cgroup: an empty network namespace, its own PIDs
    "--die-with-parent",
    "--new-session",
    ...iso.binds,
    "--proc", "/proc",
    "--dev", "/dev",
    ...o.readOnly.flatMap((p) => ["--ro-bind", realpathSync(p), p]),
    "--size", String(TMPFS_BYTES), "--tmpfs", o.tmp,
    "--remount-ro", "/",
    "--chdir", o.tmp,
    "--clearenv",
    ...Object.entries(env).flatMap(([k, v]) => ["--setenv", k, v]),
    iso.prlimit,
    `--cpu=${Math.ceil(o.limits.cpuSeconds)}:${Math.ceil(o.limits.cpuSeconds) + 5}`,
    `--data=${dataCapBytes(o.limits.memoryMb)}`,
    `--fsize=${FILE_SIZE_BYTES}`,
    `--nproc=${MAX_TASKS}`,
    "--core=0",
    "--",
    iso.node,
    ...o.nodeArgs,
  ];
  if (iso.setpriv) return { command: iso.setpriv, args: [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--inh-caps=-all", iso.bwrap, ...args], env: {} };
  return { command: iso.bwrap, args, env: {} };
}

let detected: Isolation | undefined;

/**
 * Bubblewrap if it is installed and works here (it needs user namespaces), else the permission model
 * with the reason. Set DNN_WORKBOOK_SANDBOX=permissions to skip bubblewrap. Probed once per process.
 */
export function detectIsolation(): Isolation {
  if (detected) return detected;
  detected = probe();
  return detected;
}

function probe(): Isolation {
  if (process.env.DNN_WORKBOOK_SANDBOX === "permissions") return { kind: "permissions", why: "DNN_WORKBOOK_SANDBOX=permissions" };
  if (process.platform !== "linux") return { kind: "permissions", why: `bubblewrap is Linux only, this is ${process.platform}` };
  const bwrap = which("bwrap");
  if (!bwrap) return { kind: "permissions", why: "bubblewrap (bwrap) is not installed" };
  const prlimit = which("prlimit");
  if (!prlimit) return { kind: "permissions", why: "prlimit (util-linux) is not installed" };
  const root = process.getuid?.() === 0;
  const setpriv = root ? which("setpriv") : undefined;
  if (root && !setpriv) return { kind: "permissions", why: "the grader runs as root and setpriv (util-linux) is not installed" };
  const node = realpathSync(process.execPath);
  const iso: Isolation = { kind: "bwrap", bwrap, prlimit, setpriv, node, binds: systemBinds([node, prlimit]) };
  // The probe: Node starts in the sandbox, with the real limits.
  const cmd = childCommand(iso, {
    nodeArgs: ["-e", "0"],
    readOnly: [],
    tmp: "/tmp/.dnn-workbook-probe",
    env: {},
    limits: { memoryMb: 256, cpuSeconds: 10 },
  });
  const r = spawnSync(cmd.command, cmd.args, { encoding: "utf8", env: cmd.env, timeout: 20_000 });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit code ${r.status}`).trim().split("\n")[0]!.slice(0, 200);
    return { kind: "permissions", why: `bubblewrap does not work here: ${why}` };
  }
  return iso;
}

/** Test hook: forget the probe's answer. */
export function resetIsolation(): void {
  detected = undefined;
}

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the grader runs on

/** A process and its descendants, from /proc (Linux). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number, depth: number) => {
    out.push(p);
    if (depth > 8) return;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, "utf8");
      } catch {
        continue;
      }
      for (const c of children.split(" ").filter(Boolean)) visit(Number(c), depth + 1);
    }
  };
  visit(pid, 0);
  return out;
}

/**
 * The CPU time (user + system, every thread, children reaped included) of a process tree in ms, and
 * its resident memory in bytes; undefined where /proc is not there.
 */
export function usageOf(pid: number | undefined): { cpuMs: number; rss: number } | undefined {
  if (pid === undefined) return undefined;
  let ticks = 0;
  let rss = 0;
  let any = false;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // The fields after the command name (which may hold spaces and parentheses).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      rss += Number(f[21]) * 4096;
      any = true;
    } catch {
      // gone meanwhile
    }
  }
  return any ? { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rss } : undefined;
}
