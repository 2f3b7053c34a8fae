/**
 * `npm run try -- 02`: the scratch pad. Runs the learner's function on the course's inputs (the
 * ones the exercise's checks use, before any hidden case) and prints what it returns, the way numpy
 * prints it, next to what the course expects. Nothing is graded.
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
          if (record) {
            record.printed = printed;
            if (e instanceof LearnerError) {
              const where = learnerFrames(e.thrown.stack, dir, dir)[0];
              record.error = `${wireErrorToString(e.thrown)}${where ? `\n  at ${formatLocation(where, process.cwd())}` : ""}`;
            } else if (e instanceof CheckFailure) record.error = e.message;
          }
          throw e;
        }
      },
    };
    for (const check of course.spec.checks) {
      if (calls.length >= MAX_CALLS) break;
      if (/^hidden|gradient check/i.test(check.name)) continue;
      try {
        await check.run(recording);
      } catch (e) {
        if (e instanceof ExecutorStopped) throw e;
        // A check's verdict does not matter here: what was called and returned does.
      }
    }
    if (!calls.length) lines.push(c.yellow(`The checks of ${ex.id} call no function of yours directly (a class, or every call failed before it was made).`));
    for (const r of calls) lines.push(...describe(c, r));
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
