/**
 * The context a check runs in: the learner's module, the reference, and a guarded way to call them.
 */
import { argLabel } from "./describe.ts";
import { CheckFailure, LearnerError, fail } from "./failure.ts";
import { deepCopy, findMutation, snapshot } from "./snapshot.ts";
import { parameterNames } from "./spec.ts";
import type { CheckContext, ExerciseSpec, Module } from "./spec.ts";
import { RandomState } from "../../lib/np/index.ts";

export type ContextOptions = {
  spec: ExerciseSpec;
  mod: Module;
  ref: Module;
  reference: Record<string, unknown>;
  file: string;
  hiddenSeed: number;
  learnerModule(slug: string): Promise<Module | undefined>;
};

export type CallRecord = { text?: string };

/** "linearForward(A, W, b) with A (3, 2), W (1, 3), b (1, 1)" */
export function describeCall(name: string, params: string[], args: unknown[]): string {
  const shown = args.map((a, i) => argLabel(a, params[i] ?? `arg${i}`)).filter(Boolean);
  return `${name}(${params.join(", ")})${shown.length ? ` with ${shown.join(", ")}` : ""}`;
}

export function createContext(o: ContextOptions, last: CallRecord): CheckContext {
  const signature = (name: string) => parameterNames(o.spec.exports[name] ?? "");
  return {
    mod: o.mod,
    ref: o.ref,
    reference: o.reference,
    rng: new RandomState(o.hiddenSeed),
    learnerModule: o.learnerModule,
    call<T>(name: string, ...args: unknown[]): T {
      const fn = o.mod[name];
      const params = signature(name);
      last.text = describeCall(name, params, args);
      if (typeof fn !== "function") {
        fail(`${o.file} has no exported function ${name}. Expected: export function ${name}${o.spec.exports[name] ?? "(…)"}`);
      }
      const before = args.map((a, i) => snapshot(a, params[i] ?? `argument ${i + 1}`));
      let result: unknown;
      try {
        result = (fn as (...a: unknown[]) => unknown)(...args);
      } catch (thrown) {
        throw new LearnerError(name, thrown);
      }
      if (typeof result === "object" && result !== null && typeof (result as { then?: unknown }).then === "function") {
        (result as Promise<unknown>).then(undefined, () => {});
        fail(`${name} returned a Promise. It must return its result directly: remove "async" (nothing in it needs to wait).`);
      }
      for (const entries of before) {
        const change = findMutation(entries);
        if (change) {
          fail(
            `${name} changed its input: ${change}. Compute new arrays (np.add, np.multiply, …) instead of writing into the ones you were given; the caller still needs them.`,
          );
        }
      }
      return result as T;
    },
    solve<T>(name: string, ...args: unknown[]): T {
      const fn = o.ref[name];
      if (typeof fn !== "function") throw new Error(`grader: the reference solution has no export ${name}`);
      return (fn as (...a: unknown[]) => T)(...args.map((a) => deepCopy(a)));
    },
  };
}

export { CheckFailure };
