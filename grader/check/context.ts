/**
 * The context a check runs in, on the judge's side: the reference (solutions, outputs, hidden-case
 * generator) lives here; the learner's code is reached only through an executor, by requests whose
 * answers come back as data and are judged here.
 */
import { argLabel } from "./describe.ts";
import { CheckFailure, LearnerError, fail } from "./failure.ts";
import { deepCopy, findChange } from "./snapshot.ts";
import { parameterNames } from "./spec.ts";
import type { CheckContext, ExerciseSpec, Module } from "./spec.ts";
import { RandomState } from "../../lib/np/index.ts";
import { CLASS, HANDLE, LearnerPromise, ProtocolError, decodeValue, encodeArg } from "../protocol/index.ts";
import type { ExportInfo, Reply, Wire } from "../protocol/index.ts";
import type { Ask, Outcome } from "../judge/link.ts";

/** Sends one request within the exercise's remaining time; throws ExecutorStopped when it cannot answer. */
export type Ask1 = (ask: Ask) => Promise<Reply>;

export type ContextOptions = {
  spec: ExerciseSpec;
  ref: Module;
  reference: Record<string, unknown>;
  file: string;
  hiddenSeed: number;
  exports: Record<string, ExportInfo>;
  ask: Ask1;
};

/** The executor stopped (timeout, crash, broken protocol): the exercise cannot go on. */
export class ExecutorStopped extends Error {
  override name = "ExecutorStopped";
  constructor(readonly outcome: Exclude<Outcome, { kind: "reply" }>) {
    super(outcome.kind === "timeout" ? "timeout" : outcome.message);
  }
}

export type CallRecord = { text?: string };

/** "linearForward(A, W, b) with A (3, 2), W (1, 3), b (1, 1)" */
export function describeCall(name: string, params: string[], args: unknown[]): string {
  const shown = args.map((a, i) => argLabel(a, params[i] ?? `arg${i}`)).filter(Boolean);
  return `${name}(${params.join(", ")})${shown.length ? ` with ${shown.join(", ")}` : ""}`;
}

/** The judge's value of a wire value; a malformed one is the executor's fault, named as such. */
function decode(w: Wire | undefined): unknown {
  try {
    return decodeValue(w === undefined ? { $: "undefined" } : w);
  } catch (e) {
    if (e instanceof ProtocolError) throw new LearnerError("the executor", { name: "ProtocolError", message: `its answer broke the grading protocol (${e.message})`, stack: "", kind: "Error" });
    throw e;
  }
}

/** Calls of the judge's callbacks, replayed in the judge's realm in the order they were made. */
function replay(calls: Reply["calls"], callbacks: Function[]): void {
  for (const [id, list] of Object.entries(calls ?? {})) {
    const cb = callbacks[Number(id)];
    if (typeof cb !== "function") continue;
    for (const args of list) cb(...(args.map((a) => decode(a)) as unknown[]));
  }
}

export function createContext(o: ContextOptions, last: CallRecord): CheckContext {
  const signature = (name: string) => parameterNames(o.spec.exports[name] ?? "");

  /** Performs one request of the learner's code and judges the generic part of its answer. */
  async function perform(
    what: string,
    ask: (wires: Wire[]) => Ask,
    args: unknown[],
    params: string[],
    checkInputs = true,
  ): Promise<{ value: unknown; reply: Reply }> {
    const callbacks: Function[] = [];
    const wires = args.map((a) => encodeArg(a, callbacks));
    const reply = await o.ask(ask(wires));
    if (reply.uncaught?.length) {
      throw new LearnerError(what, { name: "Error", message: `(outside the graded call) ${reply.uncaught.join("; ")}`, stack: "", kind: "uncaught" });
    }
    replay(reply.calls, callbacks);
    if (!reply.ok) throw new LearnerError(what, reply.error!);
    const value = decode(reply.value);
    if (value instanceof LearnerPromise) {
      fail(`${what} returned a Promise. It must return its result directly: remove "async" (nothing in it needs to wait).`);
    }
    if (checkInputs && reply.args) {
      const after = reply.args.map((a) => decode(a));
      const swapped = reply.replaced?.find((r) => r.arg < args.length);
      if (swapped) {
        fail(
          `${what} changed its input: ${params[swapped.arg] ?? `argument ${swapped.arg + 1}`}${swapped.path} was replaced by another value (the caller's object now holds your result). Compute new arrays (np.add, np.multiply, …) instead of writing into the ones you were given; the caller still needs them.`,
        );
      }
      for (let i = 0; i < args.length; i++) {
        const change = findChange(args[i], after[i], params[i] ?? `argument ${i + 1}`);
        if (change) {
          fail(
            `${what} changed its input: ${change}. Compute new arrays (np.add, np.multiply, …) instead of writing into the ones you were given; the caller still needs them.`,
          );
        }
      }
    }
    return { value, reply };
  }

  const requireFunction = (name: string, kind: "function" | "class") => {
    const e = o.exports[name];
    if (!e || e.type !== "function") {
      fail(
        kind === "class"
          ? `The file has no exported class ${name}. Expected: export class ${name} { … }`
          : `${o.file} has no exported function ${name}. Expected: export function ${name}${o.spec.exports[name] ?? "(…)"}`,
      );
    }
    return e;
  };

  /** Updates the judge's stand-in of a learner object with its fields after a method call. */
  const refresh = (obj: Record<string | symbol, unknown>, self: Wire | undefined) => {
    if (self === undefined) return;
    const fresh = decode(self);
    if (typeof fresh !== "object" || fresh === null) return;
    for (const k of Object.keys(obj)) delete obj[k];
    for (const [k, v] of Object.entries(fresh)) obj[k] = v;
  };

  return {
    reference: o.reference,
    rng: new RandomState(o.hiddenSeed),
    exports: o.exports,
    async call<T>(name: string, ...args: unknown[]): Promise<T> {
      const params = signature(name);
      last.text = describeCall(name, params, args);
      requireFunction(name, "function");
      return (await perform(name, (w) => ({ op: "call", name, args: w }), args, params)).value as T;
    },
    async attempt(name: string, ...args: unknown[]): Promise<unknown> {
      if (o.exports[name]?.type !== "function") return undefined;
      try {
        return (await perform(name, (w) => ({ op: "call", name, args: w }), args, [], false)).value;
      } catch (e) {
        if (e instanceof LearnerError || e instanceof CheckFailure) return undefined;
        throw e;
      }
    },
    async traceReads(name: string, args: unknown[], index: number): Promise<number[]> {
      if (o.exports[name]?.type !== "function") return [];
      const callbacks: Function[] = [];
      const reply = await o.ask({ op: "call", name, args: args.map((a) => encodeArg(a, callbacks)), trace: index });
      return reply.reads ?? [];
    },
    async construct<T>(name: string, ...args: unknown[]): Promise<T> {
      const info = requireFunction(name, "class");
      try {
        const { value } = await perform(`new ${name}`, (w) => ({ op: "construct", name, args: w }), args, [], false);
        return value as T;
      } catch (e) {
        const message = e instanceof LearnerError ? e.thrown.message : "";
        if (e instanceof LearnerError && e.thrown.name === "TypeError" && (/cannot be invoked without 'new'|is not a constructor/.test(message) || !info.isClass)) {
          return fail(`${name} should be a class (export class ${name} { constructor(…) … }), but ${message}.`);
        }
        throw e;
      }
    },
    async method<T>(obj: unknown, method: string, label: string, args: unknown[], params: string[] = []): Promise<T> {
      const target = obj as Record<string | symbol, unknown> | null;
      const id = target?.[HANDLE];
      last.text = undefined;
      if (typeof id !== "number") return fail(`${label} cannot be called: the object is not an instance of your class.`);
      const { value, reply } = await perform(label, (w) => ({ op: "method", target: id, name: method, args: w }), args, params).catch((e) => {
        if (e instanceof LearnerError && e.thrown.name === "TypeError" && e.thrown.message === `not a method: ${method}`) {
          return fail(`${label} is not a method: the class needs ${method}(${params.join(", ")}) { … }.`);
        }
        throw e;
      });
      refresh(target!, reply.self);
      return value as T;
    },
    async set(obj: unknown, prop: string, value: unknown): Promise<void> {
      const target = obj as Record<string | symbol, unknown>;
      const id = target?.[HANDLE];
      if (typeof id !== "number") {
        target[prop] = value;
        return;
      }
      const callbacks: Function[] = [];
      const reply = await o.ask({ op: "set", target: id, prop, value: encodeArg(value, callbacks) });
      if (!reply.ok) throw new LearnerError(`setting ${String(target[CLASS] || "the object")}.${prop}`, reply.error!);
      refresh(target, reply.self);
    },
    solve<T>(name: string, ...args: unknown[]): T {
      const fn = o.ref[name];
      if (typeof fn !== "function") throw new Error(`grader: the reference solution has no export ${name}`);
      return (fn as (...a: unknown[]) => T)(...args.map((a) => deepCopy(a)));
    },
  };
}

export { CheckFailure };
