/**
 * `npm run try -- 02`: the scratch pad. Runs the learner's function on the course's inputs (the
 * ones the exercise's checks use, before any hidden case) and prints what it returns, the way numpy
 * prints it, next to what the course expects. Nothing is graded.
 *
 * For a class (11's Dense), it shows the objects the checks make as a transcript: `new Dense(2)`,
 * then each method called on it with what it returned and the object's fields after, next to what
 * the course's class returns from the same fields.
 *
 * The learner's code runs where grading runs it: in the executor (a worker thread), reached only
 * through the protocol; this command is the judge's side, which records the calls the exercise's
 * checks make and prints their inputs and answers.
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import chalk, { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";
import { NDArray } from "../../lib/np/index.ts";
import { createContext, describeCall, ExecutorStopped } from "../check/context.ts";
import { CheckFailure, LearnerError, wireErrorToString } from "../check/failure.ts";
import { parameterNames } from "../check/spec.ts";
import type { CheckContext } from "../check/spec.ts";
import { ROOT, UsageError, findExercise, paths } from "../exercises.ts";
import { loadCourse } from "../judge/grade-exercise.ts";
import type { Ask } from "../judge/link.ts";
import { WorkerLink } from "../judge/worker-link.ts";
import { learnerFrames, formatLocation } from "../judge/locate.ts";
import type { Reply } from "../protocol/index.ts";
import { learnerDirOf } from "./grade.ts";

/** How many of the course's calls are shown. */
const MAX_CALLS = 3;
const TIME_LIMIT_MS = 5000;

type Recorded = { text: string; args: unknown[]; params: string[]; value?: unknown; error?: string; expected?: unknown; printed: string };
/** One step of an object's life: constructed, a method called on it, or a field set from outside. */
type Step = Recorded & { kind: "new" | "method" | "set"; fields?: unknown; expectedFields?: Record<string, unknown> };
/** How many steps of objects are shown (the objects of the first checks, whole). */
const MAX_STEPS = 8;
/** Objects shown per check, and the largest array field of an object that is shown. */
const OBJECTS_PER_CHECK = 1;
const MAX_FIELD_VALUES = 100;

/** A value as numpy would print it; tuples and objects one entry per line. */
export function showValue(value: unknown, name: string, indent = "    "): string[] {
  if (value instanceof NDArray) {
    const text = value.toString().split("\n");
    const head = `${name} (${value.shape.join(", ")}${value.shape.length === 1 ? "," : ""}) = `;
    return [`${indent}${head}${text[0]}`, ...text.slice(1).map((l) => `${indent}${" ".repeat(head.length)}${l}`)];
  }
  if (Array.isArray(value) && value.length <= 6 && value.some((v) => v instanceof NDArray || (typeof v === "object" && v !== null))) {
    return value.flatMap((v, i) => showValue(v, `${name}[${i}]`, indent));
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length <= 12) return entries.flatMap(([k, v]) => showValue(v, `${name}.${k}`, indent));
  }
  if (typeof value === "number") return [`${indent}${name} = ${value}`];
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return [`${indent}${name} = ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`];
}

export async function tryCommand(argv: string[], out: { write(text: string): unknown } = process.stdout, color = chalk.level > 0): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { dir: { type: "string" }, solutions: { type: "boolean" }, all: { type: "boolean" } } });
  if (positionals.length !== 1) throw new UsageError("try takes one exercise: npm run try -- 02 (or linear_forward).");
  const c = new Chalk({ level: color ? 1 : 0 });
  const ex = findExercise(positionals[0]!);
  const { dir } = learnerDirOf(values);
  const file = paths.learner(ex, dir);
  const course = await loadCourse(ex, ROOT);
  const link = new WorkerLink({ learnerDir: dir, root: ROOT });
  const shownFile = relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file);
  const lines: string[] = [c.bold(`${ex.id} ${ex.name}`) + c.dim(`  ${shownFile}  (nothing is graded here: npm run grade -- ${ex.id})`), ""];
  let remaining = TIME_LIMIT_MS;
  let printed = "";
  const ask = async (a: Ask): Promise<Reply> => {
    const outcome = await link.request(a, remaining);
    if (outcome.kind !== "reply") throw new ExecutorStopped(outcome);
    remaining -= outcome.ms;
    printed += outcome.reply.output ?? "";
    return outcome.reply;
  };
  try {
    const loaded = await ask({ op: "load", file, slug: ex.slug, gen: Date.now() });
    if (!loaded.ok) {
      lines.push(c.red(`${file} does not load: ${wireErrorToString(loaded.error!)}`), `npm run grade -- ${ex.id} shows where.`);
      out.write(lines.join("\n") + "\n");
      return 1;
    }
    const last = {};
    const base = createContext({ spec: course.spec, ref: course.ref, reference: course.reference, file, hiddenSeed: 1, exports: loaded.exports ?? {}, ask }, last);
    const calls: Recorded[] = [];
    /** What a call, a constructor or a method threw, with the learner's line. */
    const recordError = (e: unknown, r: Recorded) => {
      r.printed = printed;
      if (e instanceof LearnerError) {
        const where = learnerFrames(e.thrown.stack, dir, dir)[0];
        r.error = `${wireErrorToString(e.thrown)}${where ? `\n  at ${formatLocation(where, process.cwd())}` : ""}`;
      } else if (e instanceof CheckFailure) r.error = e.message;
    };
    const seen = new Set<string>();
    // The checks' own calls, recorded: they are the course's inputs, in the order the checks use them.
    const recording: CheckContext = {
      ...base,
      async call<T>(name: string, ...args: unknown[]): Promise<T> {
        const params = parameterNames(course.spec.exports[name] ?? "");
        const text = describeCall(name, params, args);
        const record: Recorded | undefined = seen.has(text) || calls.length >= MAX_CALLS ? undefined : { text, args, params, printed: "" };
        if (record) {
          seen.add(text);
          calls.push(record);
          try {
            record.expected = base.solve(name, ...args);
          } catch {
            // No reference answer for these inputs: only the learner's is shown.
          }
        }
        printed = "";
        try {
          const value = await base.call<T>(name, ...args);
          if (record) Object.assign(record, { value, printed });
          return value;
        } catch (e) {
          if (record) recordError(e, record);
          throw e;
        }
      },
    };
    // Objects of the learner's classes: each one's steps, with the course's class run on the same
    // fields (the stand-in's fields, copied) beside it.
    const steps: Step[] = [];
    const objects = new Map<object, string>();
    const fieldsOf = (obj: unknown) => (typeof obj === "object" && obj !== null ? Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v instanceof NDArray ? v.copy() : v])) : obj);
    let objectsOfCheck = 0;
    const recordsObjects = () => steps.length < MAX_STEPS;
    Object.assign(recording, {
      async construct<T>(name: string, ...args: unknown[]): Promise<T> {
        const step: Step | undefined = recordsObjects() && objectsOfCheck++ < OBJECTS_PER_CHECK ? { kind: "new", text: `new ${name}(${args.map(argText).join(", ")})`, args, params: parameterNames(course.spec.exports[name] ?? ""), printed: "" } : undefined;
        if (step) steps.push(step);
        printed = "";
        try {
          const obj = await base.construct<T>(name, ...args);
          if (step) {
            objects.set(obj as object, name);
            Object.assign(step, { fields: fieldsOf(obj), printed });
          }
          return obj;
        } catch (e) {
          if (step) recordError(e, step);
          throw e;
        }
      },
      async method<T>(obj: unknown, method: string, label: string, args: unknown[], params: string[] = []): Promise<T> {
        const cls = objects.get(obj as object);
        const step: Step | undefined = cls && recordsObjects() ? { kind: "method", text: describeCall(label, params, args), args, params, printed: "" } : undefined;
        if (step) steps.push(step);
        printed = "";
        try {
          const value = await base.method<T>(obj, method, label, args, params);
          if (step) {
            Object.assign(step, { value, fields: fieldsOf(obj), printed });
            // The course's class on an object with the learner's fields as the call left them (so a
            // first call that built the weights is compared with the same weights).
            const Ref = course.ref[cls!];
            if (typeof Ref === "function") {
              try {
                const twin = Object.assign(Object.create((Ref as { prototype: object }).prototype), fieldsOf(obj)) as Record<string, unknown>;
                step.expected = (twin[method] as (...a: unknown[]) => unknown)(...args.map((a) => (a instanceof NDArray ? a.copy() : structuredClone(a))));
                step.expectedFields = fieldsOf(twin) as Record<string, unknown>;
              } catch {
                // No reference answer for these fields: only the learner's is shown.
              }
            }
          }
          return value;
        } catch (e) {
          if (step) recordError(e, step);
          throw e;
        }
      },
      async set(obj: unknown, prop: string, value: unknown): Promise<void> {
        const step: Step | undefined = objects.has(obj as object) && recordsObjects() ? { kind: "set", text: `layer.${prop} = ${argText(value)}`, args: [], params: [], printed: "" } : undefined;
        if (step) steps.push(step);
        await base.set(obj, prop, value);
        if (step) step.fields = fieldsOf(obj);
      },
    });
    for (const check of course.spec.checks) {
      if (calls.length >= MAX_CALLS || (steps.length >= MAX_STEPS && !calls.length)) break;
      if (/^hidden|gradient check/i.test(check.name)) continue;
      const first = steps.length;
      objectsOfCheck = 0;
      try {
        await check.run(recording);
      } catch (e) {
        if (e instanceof ExecutorStopped) throw e;
        // A check's verdict does not matter here: what was called and returned does.
      }
      // A check about large objects (a statistics check) would fill the screen: left out.
      const large = (v: unknown) => typeof v === "object" && v !== null && Object.values(v).some((f) => f instanceof NDArray && f.size > MAX_FIELD_VALUES);
      if (steps.slice(first).some((st) => large(st.fields))) steps.splice(first);
    }
    if (!calls.length && !steps.length) lines.push(c.yellow(`The checks of ${ex.id} call no function of yours (every call failed before it was made).`));
    for (const r of calls) lines.push(...describe(c, r));
    while (steps.length && steps[steps.length - 1]!.kind === "new" && steps[steps.length - 1]!.error === undefined) steps.pop();
    for (const step of steps) lines.push(...describeStep(c, step));
    lines.push(c.dim(`Every check, and hidden cases: npm run grade -- ${ex.id}`));
    out.write(lines.join("\n") + "\n");
    return 0;
  } catch (e) {
    if (!(e instanceof ExecutorStopped)) throw e;
    lines.push(c.red(e.outcome.kind === "timeout" ? `Your code did not return within ${TIME_LIMIT_MS / 1000} s: look for a loop that never ends.` : e.outcome.message));
    out.write(lines.join("\n") + "\n");
    return 1;
  } finally {
    await link.close();
  }
}

/** An argument as a call in a transcript shows it: an array by its shape, small values as written. */
function argText(a: unknown): string {
  if (a instanceof NDArray) return `array of shape (${a.shape.join(", ")}${a.shape.length === 1 ? "," : ""})`;
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return String(a);
  }
}

/** The shapes of an object's array fields, and its other fields' values: `w (3, 2), b (1, 2), units = 2`. */
function fieldSummary(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => (v instanceof NDArray ? `${k} (${v.shape.join(", ")})` : `${k} = ${argText(v)}`))
    .join(", ");
}

function describeStep(c: ChalkInstance, s: Step): string[] {
  const lines = [c.bold(s.kind === "new" ? `const layer = ${s.text}` : s.text)];
  s.args.forEach((a, i) => {
    if (s.kind === "method" && a instanceof NDArray) lines.push(...showValue(a, s.params[i] ?? `arg${i}`).map((l) => c.dim(l)));
  });
  if (s.printed.trim()) lines.push(c.dim("  printed:"), ...s.printed.trimEnd().split("\n").slice(0, 10).map((l) => `    ${l}`));
  if (s.error !== undefined) lines.push(c.red(`  threw ${s.error}`));
  else {
    if (s.kind === "method" && s.value !== undefined) lines.push("  returned:", ...showValue(s.value, "result"));
    if (s.fields !== undefined) lines.push(s.kind === "new" ? "  the new object:" : "  the object's fields after:", ...showValue(s.fields, "layer"));
    if (s.kind === "method" && s.expected !== undefined) lines.push(c.dim("  the course's class, with the fields above:"), ...showValue(s.expected, "expected").map((l) => c.dim(l)));
    else if (s.kind === "method" && s.expectedFields) lines.push(c.dim(`  the course's class, from these fields, leaves: ${fieldSummary(s.expectedFields)}`));
  }
  lines.push("");
  return lines;
}

function describe(c: ChalkInstance, r: Recorded): string[] {
  const lines = [c.bold(r.text)];
  r.args.forEach((a, i) => {
    if (a instanceof NDArray || typeof a === "number") lines.push(...showValue(a, r.params[i] ?? `arg${i}`).map((l) => c.dim(l)));
  });
  if (r.printed.trim()) lines.push(c.dim("  printed:"), ...r.printed.trimEnd().split("\n").slice(0, 10).map((l) => `    ${l}`));
  if (r.error !== undefined) lines.push(c.red(`  threw ${r.error}`));
  else {
    lines.push("  returned:", ...showValue(r.value, "result"));
    if (r.expected !== undefined) lines.push(c.dim("  the course's answer:"), ...showValue(r.expected, "expected").map((l) => c.dim(l)));
  }
  lines.push("");
  return lines;
}
