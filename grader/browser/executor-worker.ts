/**
 * The executor's browser host, in a Web Worker: what grader/executor/node-host.ts and hooks.mjs do
 * in Node. It captures what learner code prints and throws outside calls, counts the timers it
 * leaves, takes away the network and other threads, freezes the intrinsics and lib/np, and then
 * serves the judge's requests (grader/protocol) through postMessage.
 *
 * Learner files arrive from the page (`{ host: "files" }`, before a load), as TypeScript: sucrase
 * strips the types and turns imports into `require` calls (line numbers unchanged), and the module
 * runs with a `require` that follows the Node hooks' rules: `../lib/...` is the bundled lib/, another
 * exercise (`./03_activation_forward.ts`) is its reference version unless it is the exercise being
 * graded, other `./x.ts` files are the learner's own, and nothing else (packages, URLs) loads.
 */
import { transform } from "sucrase";
import { np, NDArray, RandomState } from "../../lib/np/index.ts";
import { createExecutor } from "../executor/core.ts";
import { hardenIntrinsics } from "../executor/harden.ts";
import { LIMITS } from "../protocol/index.ts";
import type { Ready, Reply } from "../protocol/index.ts";
import { formatValue } from "./format-value.ts";
import { LEARNER_DIR } from "./locate.ts";

/** The page's message that sets the learner's files (name → TypeScript source). */
export type FilesMessage = { host: "files"; files: Record<string, string> };

export type WorkerModules = {
  /** Reference solutions by slug: what an exercise gets when it imports another. */
  solutions: Record<string, Record<string, unknown>>;
  /** lib/ modules by path inside lib/ ("np/index.ts", "workbook.ts"). */
  lib: Record<string, Record<string, unknown>>;
};


const EXERCISE_FILE = /^\d{2}_[a-z][a-z0-9_]*\.ts$/;
const SANDBOXED = "exercises compute with their inputs only; the network and other threads are not available while grading";
const REMOVED_GLOBALS = [
  "fetch", "XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "importScripts", "Worker", "SharedWorker", "BroadcastChannel",
  "Request", "Response", "Headers", "FormData", "indexedDB", "caches", "WebTransport",
];

/** "a/./b/../c" → "a/c", for paths inside the virtual folder. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part && part !== ".") out.push(part);
  }
  return "/" + out.join("/");
}

function importError(parent: string, specifier: string, why: string): Error {
  const error = new Error(`${parent.split("/").pop()} imports "${specifier}": ${why}.`);
  (error as { code?: string }).code = "ERR_DNN_IMPORT_REFUSED";
  return error;
}

/** TypeScript → a CommonJS function body with the same line numbers; a syntax error as esbuild words it. */
function compile(file: string, source: string): string {
  try {
    return transform(source, { transforms: ["typescript", "imports"], filePath: file, preserveDynamicImport: false }).code;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const text = String((e as Error).message).replace(/^Error transforming [^:]+: /, "").replace(/ \(\d+:\d+\)$/, "");
    if (loc) throw new SyntaxError(`${file}:${loc.line}:${Math.max(0, loc.column - 1)}: ERROR: ${text}`);
    throw e;
  }
}

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

  /** Loads the learner's module (and the learner files it imports) afresh. */
  const importModule = async (file: string, slug: string): Promise<Record<string, unknown>> => {
    np.random.seed(0);
    const registry = new Map<string, { exports: Record<string, unknown> }>();
    const load = (path: string): Record<string, unknown> => {
      const known = registry.get(path);
      if (known) return known.exports;
      const name = path.slice(LEARNER_DIR.length + 1);
      const source = files[name];
      if (source === undefined) {
        const error = new Error(`Cannot find module '${path}'`);
        (error as { code?: string }).code = "ERR_MODULE_NOT_FOUND";
        throw error;
      }
      const module = { exports: {} as Record<string, unknown> };
      registry.set(path, module);
      const body = compile(path, source);
      // The wrapper shares the module's first line, so line numbers stay the learner's.
      const fn = indirectEval(`(function (exports, require, module) {${body}\n})\n//# sourceURL=${path}`) as (e: unknown, r: unknown, m: unknown) => void;
      fn(module.exports, (specifier: string) => requireFrom(path, specifier), module);
      return module.exports;
    };
    const requireFrom = (parent: string, specifier: string): Record<string, unknown> => {
      if (typeof specifier !== "string") throw importError(parent, String(specifier), "not a module name");
      const clean = specifier.replace(/[?#].*$/, "");
      if (!clean.startsWith("./") && !clean.startsWith("../")) {
        throw importError(parent, specifier, `exercises import only their own files (./helpers.ts) and the workbook's lib (../lib/np/index.ts); packages, node: modules and URLs are not available (${SANDBOXED})`);
      }
      const lib = /(?:^|\/)lib\/(.+)$/.exec(clean);
      if (lib) {
        const mod = modules.lib[normalize(lib[1]!).slice(1)];
        if (!mod) {
          const error = new Error(`Cannot find module '/lib/${lib[1]}'`);
          (error as { code?: string }).code = "ERR_MODULE_NOT_FOUND";
          throw error;
        }
        return mod;
      }
      const target = normalize(parent.slice(0, parent.lastIndexOf("/")) + "/" + clean);
      if (!target.startsWith(LEARNER_DIR + "/") || target.slice(LEARNER_DIR.length + 1).includes("/")) {
        throw importError(parent, specifier, "it is outside your folder of exercises");
      }
      const name = target.slice(LEARNER_DIR.length + 1);
      if (EXERCISE_FILE.test(name) && name !== `${slug}.ts`) {
        const ref = modules.solutions[name.slice(0, -3)];
        if (ref) return ref;
      }
      return load(target);
    };
    return load(file);
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
