/**
 * The executor's Node host, shared by the worker thread (the CLI, watch mode) and the sandboxed
 * child process (batch grading): it captures what learner code prints and throws outside calls,
 * takes away the ways out of the process, freezes the intrinsics and lib/np, and then serves
 * requests through `send`/`onRequest` of its transport.
 *
 * Everything the host needs is taken (bound) before any learner code loads, so replacing a global
 * later changes nothing here.
 */
import { pathToFileURL } from "node:url";
import { np, NDArray, RandomState } from "../../lib/np/index.ts";
import { loadKernel } from "../../lib/np/dot-wasm.ts";
import { createExecutor } from "./core.ts";
import { hardenIntrinsics } from "./harden.ts";
import { LIMITS } from "../protocol/index.ts";
import type { Ready, Reply } from "../protocol/index.ts";

/** Builtins learner code may still reach through process.getBuiltinModule: none that touch files, processes or the network. */
export const HARMLESS_BUILTINS = new Set(["util", "assert", "events", "buffer", "string_decoder", "path", "url", "perf_hooks", "querystring", "timers"]);

/** Globals that reach the network or other threads: an exercise computes with its inputs only. */
const REMOVED_GLOBALS = ["fetch", "Request", "Response", "Headers", "FormData", "WebSocket", "EventSource", "BroadcastChannel", "Worker", "SharedWorker"];

const SANDBOXED = "is not available while grading: an exercise computes with its inputs only.";

/** process.reallyExit, taken before it is locked: the host may still end the process (its parent is gone). */
const reallyExit = (process as unknown as { reallyExit?: (code: number) => void }).reallyExit?.bind(process);
export const endProcess = (code: number) => (reallyExit ? reallyExit(code) : undefined);

export type Transport = {
  send(message: Reply | Ready): void;
  onRequest(handler: (raw: unknown) => void): void;
};

/** Starts serving. Call once, before any learner code can run. */
export function startExecutor(transport: Transport): void {
  const send = transport.send;
  // np.dot's kernel is chosen now, while node:v8 (which enables its fastest build) can still be reached.
  loadKernel();
  const now = () => performance.now();
  void now;

  // Printed output: kept per reply, capped.
  let output = "";
  let dropped = 0;
  const capture = (chunk: unknown) => {
    const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? new TextDecoder().decode(chunk) : String(chunk);
    const room = LIMITS.output - output.length;
    if (room > 0) output += text.slice(0, room);
    dropped += Math.max(0, text.length - Math.max(room, 0));
  };
  for (const stream of [process.stdout, process.stderr]) {
    Object.defineProperty(stream, "write", {
      value: (chunk: unknown, encoding?: unknown, cb?: unknown) => {
        capture(chunk);
        const done = typeof encoding === "function" ? encoding : cb;
        if (typeof done === "function") queueMicrotask(() => (done as () => void)());
        return true;
      },
      writable: false,
      configurable: false,
    });
  }

  // Errors thrown outside any call (a timer, a forgotten Promise).
  let uncaught: string[] = [];
  const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : typeof e === "string" ? `the string ${JSON.stringify(e)}` : String(e));
  process.on("uncaughtException", (e) => uncaught.length < 20 && uncaught.push(describe(e)));
  process.on("unhandledRejection", (e) => uncaught.length < 20 && uncaught.push(`a Promise was rejected with ${describe(e)}`));

  // The ways out: ending the process, native code, signals, builtins past the module rules.
  const lock = (object: object, name: string, value: unknown) => {
    if (Object.getOwnPropertyDescriptor(object, name)?.configurable === false) return;
    Object.defineProperty(object, name, { value, writable: false, configurable: false });
  };
  for (const name of ["exit", "abort", "reallyExit"]) {
    lock(process, name, (code?: number) => {
      throw new Error(`process.${name}(${code ?? ""}) was called. An exercise function returns its result; it never ends the program.`);
    });
  }
  for (const name of ["binding", "_linkedBinding", "dlopen", "kill", "_kill", "_debugProcess", "chdir", "setUncaughtExceptionCaptureCallback"]) {
    lock(process, name, () => {
      throw new Error(`process.${name} ${SANDBOXED}`);
    });
  }
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltinModule === "function") {
    lock(process, "getBuiltinModule", (id: string) => {
      if (!HARMLESS_BUILTINS.has(String(id).replace(/^node:/, ""))) throw new Error(`process.getBuiltinModule(${JSON.stringify(String(id))}) ${SANDBOXED}`);
      return getBuiltinModule.call(process, id);
    });
  }
  for (const name of REMOVED_GLOBALS) {
    try {
      delete (globalThis as Record<string, unknown>)[name];
    } catch {
      // not configurable: left as it is
    }
  }

  // Timers the learner's code leaves pending, counted against the host's own.
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout" || r === "Immediate").length;
  const settle = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 0)));

  const executor = createExecutor({
    importModule: async (file, slug, gen) => {
      // Every exercise starts from the same random state as a fresh process.
      np.random.seed(0);
      return import(`${pathToFileURL(file).href}?gen=${gen}&ex=${encodeURIComponent(slug)}`);
    },
    send,
    takeOutput: () => {
      const out = { output, dropped };
      output = "";
      dropped = 0;
      return out;
    },
    takeUncaught: () => {
      const out = uncaught;
      uncaught = [];
      return out;
    },
    pendingTimers: () => Math.max(0, timers()),
    settle,
  });

  hardenIntrinsics([np, NDArray, RandomState]);
  transport.onRequest((raw) => void executor.handle(raw));
  send(executor.ready());
}
