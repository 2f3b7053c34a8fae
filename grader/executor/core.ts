/**
 * The executor: runs the learner's code as the judge asks, and reports what happened as plain data.
 * It decides nothing (no checks, no expected values, no points) and holds no secret: whatever the
 * learner's code does to it, the judge sees at most a wrong answer.
 *
 * Transport-agnostic and free of Node built-ins: a host (a worker thread, a sandboxed child process,
 * a browser Web Worker) gives it a way to import a module and to send a message, and captures the
 * printed output and the errors thrown outside calls.
 */
import { decodeArg, encodeError, encodeValue, LIMITS, PROTOCOL_VERSION } from "../protocol/index.ts";
import type { ExportInfo, Ready, Reply, Request, Wire } from "../protocol/index.ts";

export type ExecutorHost = {
  /** Imports the learner's module anew. */
  importModule(file: string, slug: string, gen: number): Promise<Record<string, unknown>>;
  send(message: Reply | Ready): void;
  /** What was printed since the last call, and how many characters were dropped. */
  takeOutput(): { output: string; dropped: number };
  /** Errors thrown outside any call since the last call. */
  takeUncaught(): string[];
  /** Timers and immediates the learner's code has left pending. */
  pendingTimers(): number;
  /** Lets callbacks the code scheduled for "now" run (a macrotask turn). */
  settle(): Promise<void>;
};

/** What every reply carries besides its answer. */
type Extras = Pick<Reply, "output" | "dropped" | "uncaught">;

/** The objects reachable from a value, by path (".W1", "[0].A"), a few levels deep. */
function identities(value: unknown, path = "", depth = 4, out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value !== "object" || value === null || depth <= 0) return out;
  if (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value)) return out;
  for (const key of Object.keys(value)) {
    const sub = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const v = (value as Record<string, unknown>)[key];
    out.set(sub, v);
    identities(v, sub, depth - 1, out);
  }
  return out;
}

/** The paths that hold another object than before (a value replaced in the caller's container). */
function changedIdentities(value: unknown, before: Map<string, unknown>): string[] {
  const now = identities(value);
  const out: string[] = [];
  for (const [path, v] of before) if (typeof v === "object" && v !== null && now.has(path) && now.get(path) !== v) out.push(path);
  return out;
}

export function createExecutor(host: ExecutorHost) {
  let mod: Record<string, unknown> = {};
  /** Learner objects the judge holds by id (a Dense layer), for this module only. */
  let objects: object[] = [];
  const keep = (obj: object) => {
    const at = objects.indexOf(obj);
    if (at >= 0) return at;
    objects.push(obj);
    return objects.length - 1;
  };
  const encode = (v: unknown): Wire => encodeValue(v, keep);

  const extras = (): Extras => {
    const { output, dropped } = host.takeOutput();
    const uncaught = host.takeUncaught();
    return { ...(output ? { output } : {}), ...(dropped ? { dropped } : {}), ...(uncaught.length ? { uncaught } : {}) };
  };

  /** Decodes the judge's arguments; the judge's callbacks become recorders. */
  const argsOf = (wires: Wire[], calls: Record<string, Wire[][]>) => {
    let recorded = 0;
    const callback = (id: number) =>
      function recordedCallback(...args: unknown[]) {
        if (++recorded > LIMITS.callbackCalls) return undefined;
        (calls[id] ??= []).push(args.map(encode));
        return undefined;
      };
    return wires.map((w) => decodeArg(w, (id) => objects[id], callback));
  };

  /** Runs `run` (the learner's code) and answers with its value, or what it threw. */
  const perform = (req: Request, args: unknown[], calls: Record<string, Wire[][]>, run: () => unknown, extra: () => Partial<Reply> = () => ({})): Reply => {
    const before = args.map((a) => identities(a));
    const after = () => {
      const replaced = args.flatMap((a, arg) => changedIdentities(a, before[arg]!).map((path) => ({ arg, path })));
      return { args: args.map(encode), ...(replaced.length ? { replaced } : {}) };
    };
    let value: unknown;
    try {
      value = run();
    } catch (thrown) {
      return { id: req.id, ok: false, error: encodeError(thrown), ...after(), calls, ...extra(), ...extras() };
    }
    return { id: req.id, ok: true, value: encode(value), ...after(), calls, ...extra(), ...extras() };
  };

  async function handle(req: Request): Promise<Reply> {
    switch (req.op) {
      case "load": {
        objects = [];
        try {
          mod = await host.importModule(req.file, req.slug, req.gen);
        } catch (thrown) {
          mod = {};
          return { id: req.id, ok: false, error: encodeError(thrown), ...extras() };
        }
        const exports: Record<string, ExportInfo> = {};
        for (const name of Object.keys(mod)) {
          const v = mod[name];
          exports[name] = {
            type: typeof v,
            arity: typeof v === "function" ? v.length : 0,
            isClass: typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v)),
          };
        }
        return { id: req.id, ok: true, exports, ...extras() };
      }
      case "call": {
        const calls: Record<string, Wire[][]> = {};
        const args = argsOf(req.args, calls);
        const reads: number[] = [];
        const passed = args.slice();
        if (req.trace !== undefined && Array.isArray(passed[req.trace])) {
          passed[req.trace] = new Proxy(passed[req.trace] as unknown[], {
            get(target, key, receiver) {
              if (typeof key === "string" && /^-?\d+$/.test(key) && reads.length < 1000) reads.push(Number(key));
              return Reflect.get(target, key, receiver);
            },
          });
        }
        const fn = mod[req.name];
        return perform(req, args, calls, () => (fn as (...a: unknown[]) => unknown)(...passed), () => (req.trace !== undefined ? { reads } : {}));
      }
      case "construct": {
        const calls: Record<string, Wire[][]> = {};
        const args = argsOf(req.args, calls);
        return perform(req, args, calls, () => Reflect.construct(mod[req.name] as new (...a: unknown[]) => unknown, args));
      }
      case "method": {
        const calls: Record<string, Wire[][]> = {};
        const args = argsOf(req.args, calls);
        const target = objects[req.target];
        return perform(
          req,
          args,
          calls,
          () => {
            const fn = (target as Record<string, unknown> | undefined)?.[req.name];
            if (typeof fn !== "function") throw new TypeError(`not a method: ${req.name}`);
            return Reflect.apply(fn, target, args);
          },
          () => ({ self: encode(target) }),
        );
      }
      case "set": {
        const calls: Record<string, Wire[][]> = {};
        const [value] = argsOf([req.value], calls);
        const target = objects[req.target];
        return perform(req, [], calls, () => Reflect.set(target as object, req.prop, value), () => ({ self: encode(target) }));
      }
      case "end": {
        await host.settle();
        return { id: req.id, ok: true, pending: host.pendingTimers(), ...extras() };
      }
    }
  }

  return {
    ready: (): Ready => ({ op: "ready", version: PROTOCOL_VERSION }),
    /** Answers one request; a request that is not well-formed gets an error reply. */
    async handle(raw: unknown): Promise<void> {
      const req = raw as Request;
      if (typeof req !== "object" || req === null || !Number.isSafeInteger(req.id)) return;
      let reply: Reply;
      try {
        reply = await handle(req);
      } catch (thrown) {
        reply = { id: req.id, ok: false, error: encodeError(thrown), ...extras() };
      }
      host.send(reply);
    },
  };
}
