/**
 * The executor's browser host, in a Web Worker: what grader/executor/node-host.ts and hooks.mjs do
 * in Node. It captures what learner code prints and throws outside calls, counts the timers it
 * leaves, takes away the network and other threads, freezes the intrinsics and lib/np, and then
 * serves the judge's requests (grader/protocol) through postMessage.
 *
 * Learner files arrive from the page (`{ host: "files" }`, before a load), as TypeScript, and load
 * by the Node hooks' rules (./module-loader.ts): another exercise is its reference version unless
 * it is the exercise being graded.
 */
import { np, NDArray, RandomState } from "../../lib/np/index.ts";
import { createExecutor } from "../executor/core.ts";
import { hardenIntrinsics } from "../executor/harden.ts";
import { LIMITS } from "../protocol/index.ts";
import type { Ready, Reply } from "../protocol/index.ts";
import { formatValue } from "./format-value.ts";
import { loadLearnerModule } from "./module-loader.ts";

/** The page's message that sets the learner's files (name → TypeScript source). */
export type FilesMessage = { host: "files"; files: Record<string, string> };

export type WorkerModules = {
  /** Reference solutions by slug: what an exercise gets when it imports another. */
  solutions: Record<string, Record<string, unknown>>;
  /** lib/ modules by path inside lib/ ("np/index.ts", "workbook.ts"). */
  lib: Record<string, Record<string, unknown>>;
};

const REMOVED_GLOBALS = [
  "fetch", "XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "importScripts", "Worker", "SharedWorker", "BroadcastChannel",
  "Request", "Response", "Headers", "FormData", "indexedDB", "caches", "WebTransport",
];

export function startBrowserExecutor(modules: WorkerModules): void {
  const scope = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(type: string, listener: (e: Event) => void): void;
  };
  const post = scope.postMessage.bind(scope);
  const listen = scope.addEventListener.bind(scope);
  const indirectEval = eval;
  const realSetTimeout = setTimeout;
  const realClearTimeout = clearTimeout;
  const realSetInterval = setInterval;
  const realClearInterval = clearInterval;

  // Printed output, kept per reply and capped.
  let output = "";
  let dropped = 0;
  const capture = (text: string) => {
    const room = LIMITS.output - output.length;
    if (room > 0) output += text.slice(0, room);
    dropped += Math.max(0, text.length - Math.max(room, 0));
  };
  const printer = (...args: unknown[]) => capture(args.map((a) => formatValue(a)).join(" ") + "\n");
  for (const name of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) {
    Object.defineProperty(console, name, { value: printer, writable: false, configurable: false });
  }

  // Errors thrown outside any call (a timer, a forgotten Promise).
  let uncaught: string[] = [];
  const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : typeof e === "string" ? `the string ${JSON.stringify(e)}` : String(e));
  listen("error", (e) => {
    const ev = e as ErrorEvent;
    if (uncaught.length < 20) uncaught.push(ev.error !== undefined ? describe(ev.error) : String(ev.message));
    e.preventDefault();
  });
  listen("unhandledrejection", (e) => {
    if (uncaught.length < 20) uncaught.push(`a Promise was rejected with ${describe((e as PromiseRejectionEvent).reason)}`);
    e.preventDefault();
  });

  // Timers the learner's code leaves pending: the host's own are taken before these replace them.
  const active = new Set<unknown>();
  const g = globalThis as Record<string, unknown>;
  g.setTimeout = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const id = realSetTimeout(() => {
      active.delete(id);
      if (typeof fn === "function") fn(...args);
    }, ms);
    active.add(id);
    return id;
  };
  g.clearTimeout = (id: number) => {
    active.delete(id);
    realClearTimeout(id);
  };
  g.setInterval = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const id = realSetInterval(() => {
      if (typeof fn === "function") fn(...args);
    }, ms);
    active.add(id);
    return id;
  };
  g.clearInterval = (id: number) => {
    active.delete(id);
    realClearInterval(id);
  };
  const settle = () => new Promise<void>((resolve) => realSetTimeout(() => realSetTimeout(resolve, 0), 0));

  for (const name of REMOVED_GLOBALS) {
    try {
      delete g[name];
    } catch {
      // not configurable: left as it is
    }
    if (name in g) {
      try {
        Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
      } catch {
        // left as it is
      }
    }
  }

  let files: Record<string, string> = {};

  /** Loads the learner's module (and the learner files it imports) afresh: other exercises are their reference versions. */
  const importModule = async (file: string, slug: string): Promise<Record<string, unknown>> => {
    np.random.seed(0);
    return loadLearnerModule(file, { files, lib: modules.lib, exercise: (name) => (name === slug ? undefined : modules.solutions[name]) });
  };

  const executor = createExecutor({
    importModule: (file, slug) => importModule(file, slug),
    send: (m: Reply | Ready) => post(m),
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
    pendingTimers: () => active.size,
    settle,
  });

  hardenIntrinsics([np, NDArray, RandomState, ...Object.values(modules.lib), ...Object.values(modules.solutions)]);
  listen("message", (e) => {
    const data = (e as MessageEvent).data as unknown;
    if (typeof data === "object" && data !== null && (data as FilesMessage).host === "files") {
      files = { ...(data as FilesMessage).files };
      return;
    }
    void executor.handle(data);
  });
  post(executor.ready());
}
