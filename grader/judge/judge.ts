/**
 * Grades one exercise: the judge's side of the protocol. Specs, reference solutions, reference
 * outputs and hidden cases live here; the learner's module is loaded and called in an executor
 * through `link`. Every verdict and every point is computed here from data the judge validated:
 * nothing the executor says is taken as a status, a score, a check name or a path.
 *
 * No Node built-ins: where the judge reads the learner's files (locations, code frames) and names
 * lessons, it asks its `Locator` (Node's in grade-exercise.ts, the browser's in grader/browser/).
 */
import { isNotImplemented } from "../../lib/workbook.ts";
import { CheckFailure, LearnerError, thrownToString, wireErrorToString } from "../check/failure.ts";
import { createContext, ExecutorStopped } from "../check/context.ts";
import type { CallRecord } from "../check/context.ts";
import { DEFAULT_TIME_LIMIT_MS, parameterNames } from "../check/spec.ts";
import type { ExerciseSpec, Module } from "../check/spec.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";
import type { ExportInfo, Reply } from "../protocol/index.ts";
import type { Ask, ExecutorLink } from "./link.ts";
import { STOPPED } from "./link.ts";
import type { Location } from "./code-frame.ts";

export type Course = { spec: ExerciseSpec; ref: Module; reference: Record<string, unknown> };

/** How the judge finds the learner's code in a stack or a message, reads a line of it, and names a lesson. */
export type Locator = {
  /** The frames of a stack that point into `from` (the executor's folder), as files inside `to` (the judge's), top first. */
  learnerFrames(stack: string | undefined, from: string, to?: string): Location[];
  /** A syntax error's location, from the message of a module that failed to load. */
  syntaxErrorLocation(message: string, from: string, to?: string): (Location & { text: string }) | undefined;
  /** The source line at `loc` with a caret, read only from a file really inside `dir`. */
  codeFrame(loc: Location, dir: string): string | undefined;
  /** "exercises/02_linear_forward.ts:14:11", relative to `base`. */
  formatLocation(loc: Location, base: string): string;
  basename(file: string): string;
  /** The link of a lesson section a spec names ("02_forward_propagation#vectorized"). */
  lesson(lesson: string): string;
};

export type GradeExerciseOptions = {
  exercise: ExerciseRef;
  course: Course;
  link: ExecutorLink;
  /** The workbook whose specs and solutions judge (for the location of the grader's own failures). */
  root: string;
  /** The learner's file as the executor sees it (absolute). */
  file: string;
  /** The learner's folder as the judge sees it: locations and code frames are read only inside it. */
  learnerDir: string;
  /** How to show the file to people: "exercises/02_linear_forward.ts". */
  displayFile: string;
  /** Where locations are shown from (paths are made relative to it). */
  base: string;
  /** The executor's folder, when it differs from learnerDir (a sandbox's copy): its paths are mapped back. */
  executorDir?: string;
  gen: number;
  hiddenSeed: number;
  /** Replaces the spec's time limit. */
  timeLimitMs?: number;
  memoryMb?: number;
  onCheck?: (check: CheckResult) => void;
  locator: Locator;
};


const OUTPUT_SHOWN = 4000;

export async function gradeExercise(o: GradeExerciseOptions): Promise<ExerciseResult> {
  const started = performance.now();
  const { spec, ref, reference } = o.course;
  const lesson = o.locator.lesson(spec.lesson);
  const planned = spec.checks.map((c) => ({ name: c.name, points: c.points ?? 1 }));
  const base: ExerciseResult = {
    id: o.exercise.id,
    name: o.exercise.name,
    title: spec.title,
    status: "error",
    points: 0,
    maxPoints: planned.reduce((s, c) => s + c.points, 0),
    checks: [],
    durationMs: 0,
    file: o.displayFile,
    lesson,
  };
  const limitMs = o.timeLimitMs ?? spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  let remainingMs = limitMs;
  const outputs: { label: string; text: string }[] = [];
  let dropped = 0;
  let label = "loading the module";
  /** The learner's calls made so far by the current check: printed output is labelled with its call. */
  let calls = 0;
  const note = (reply: Reply, at: string) => {
    if (reply.output) {
      const last = outputs[outputs.length - 1];
      if (last && last.label === at) last.text += reply.output;
      else outputs.push({ label: at, text: reply.output });
    }
    dropped += reply.dropped ?? 0;
  };
  /** One request within what is left of the exercise's time. */
  const ask = async (a: Ask): Promise<Reply> => {
    if (remainingMs <= 0) throw new ExecutorStopped({ kind: "timeout", ms: 0 });
    if (a.op === "call" || a.op === "method" || a.op === "construct") calls++;
    const at = calls ? `${label} · call ${calls}` : label;
    const outcome = await o.link.request(a, remainingMs);
    if (outcome.kind !== "reply") throw new ExecutorStopped(outcome);
    remainingMs -= outcome.ms;
    note(outcome.reply, at);
    return outcome.reply;
  };
  const finish = (r: Partial<ExerciseResult>): ExerciseResult => {
    const checks = r.checks ?? [];
    return {
      ...base,
      ...r,
      // An exercise's points are its checks' points, always.
      points: checks.reduce((s, c) => s + Math.min(Math.max(c.points, 0), c.maxPoints), 0),
      output: outputText(outputs, dropped),
      durationMs: Math.round(performance.now() - started),
    };
  };
  /** The checks that did not run, after one that stopped the executor. */
  const notRun = (from: number, why: string): CheckResult[] =>
    planned.slice(from).map((c) => ({ name: c.name, status: "error", points: 0, maxPoints: c.points, message: `not run: ${why}` }));
  const stoppedMessage = (e: ExecutorStopped, check?: string) => {
    const out = e.outcome;
    return out.kind === "timeout" ? STOPPED.timeout(limitMs, check) : out.message;
  };

  // Load the learner's module anew.
  let exports: Record<string, ExportInfo>;
  try {
    const reply = await ask({ op: "load", file: o.file, slug: o.exercise.slug, gen: o.gen });
    if (!reply.ok) return finish(loadFailure(reply.error!, o));
    exports = reply.exports ?? {};
  } catch (e) {
    if (!(e instanceof ExecutorStopped)) throw e;
    const message = stoppedMessage(e);
    return finish({ status: e.outcome.kind === "timeout" ? "timeout" : "error", message, checks: notRun(0, "the module did not load") });
  }

  // The exports the exercise needs.
  const problems: string[] = [];
  for (const [name, signature] of Object.entries(spec.exports)) {
    const info = exports[name];
    const wanted = parameterNames(signature);
    if (info === undefined) {
      const near = Object.keys(exports).find((k) => k.toLowerCase() === name.toLowerCase());
      problems.push(`${o.displayFile} has no export named ${name}${near ? ` (it has ${near}: check the spelling)` : ""}. Expected: export function ${name}${signature}`);
    } else if (info.type !== "function") {
      problems.push(`${name} should be a function${signature}, but the export is ${info.type}.`);
    } else if (!info.isClass && info.arity > wanted.length) {
      problems.push(`${name} takes ${info.arity} parameters, but it is called with ${wanted.length}: ${name}${signature}.`);
    }
  }
  if (problems.length) return finish({ status: "error", message: problems.join("\n") });

  const checks: CheckResult[] = [];
  const last: CallRecord = {};
  const ctx = createContext({ spec, ref, reference, file: o.displayFile, hiddenSeed: o.hiddenSeed, exports, ask }, last);
  let stopped: { status: ExerciseResult["status"]; message: string } | undefined;
  for (const [i, check] of spec.checks.entries()) {
    const maxPoints = check.points ?? 1;
    last.text = undefined;
    label = check.name;
    calls = 0;
    let result: CheckResult;
    try {
      const verdict = await check.run(ctx);
      result = { name: check.name, status: "passed", points: maxPoints, maxPoints, message: typeof verdict === "string" && verdict ? verdict : undefined };
    } catch (thrown) {
      if (thrown instanceof ExecutorStopped) {
        const message = stoppedMessage(thrown, check.name);
        const status = thrown.outcome.kind === "timeout" ? "timeout" : "error";
        result = { name: check.name, status, points: 0, maxPoints, message };
        checks.push(result);
        o.onCheck?.(result);
        checks.push(...notRun(i + 1, "an earlier check did not finish"));
        stopped = { status, message };
        break;
      }
      result = { name: check.name, maxPoints, points: 0, ...verdictOf(thrown, o, last.text) };
      if (result.status === "failed" || result.status === "error") {
        result.hint = (thrown instanceof CheckFailure && thrown.hint) || check.hint;
        result.lesson = check.lesson ? o.locator.lesson(check.lesson) : lesson;
      }
    }
    checks.push(result);
    o.onCheck?.(result);
  }
  if (stopped) return finish({ status: stopped.status, message: stopped.message, checks });

  let leftBehind: string | undefined;
  // What the code left behind: errors thrown after the calls returned count against the last check;
  // pending timers would run into the next exercise, so that executor is replaced.
  label = "after the last check";
  calls = 0;
  try {
    const end = await ask({ op: "end" });
    if (end.uncaught?.length) {
      const lastCheck = checks[checks.length - 1];
      if (lastCheck) {
        const message = `Your code threw outside the graded call (from a timer or a forgotten Promise): ${end.uncaught.join("; ")}`;
        Object.assign(lastCheck, { status: "error", points: 0, message: [lastCheck.message, message].filter(Boolean).join("\n") });
      }
    }
    if ((end.pending ?? 0) > 0) {
      leftBehind = `Your code left ${end.pending} timer${end.pending === 1 ? "" : "s"} running after its calls returned (setTimeout, setInterval): ${end.pending === 1 ? "it was" : "they were"} stopped, and the next exercise runs in a fresh executor. An exercise function computes its result and returns; it schedules nothing.`;
      await o.link.reset();
    }
  } catch (e) {
    if (!(e instanceof ExecutorStopped)) throw e;
    await o.link.reset();
  }

  const status: ExerciseResult["status"] = checks.every((c) => c.status === "passed")
    ? "passed"
    : checks.every((c) => c.status === "not-started")
      ? "not-started"
      : checks.some((c) => c.status === "passed" || c.status === "failed" || c.status === "not-started")
        ? "failed"
        : "error";
  return finish({ status, checks, ...(leftBehind ? { message: leftBehind } : {}) });
}

/** What the learner's code printed, labelled by the check that printed it, and what was cut. */
function outputText(outputs: { label: string; text: string }[], dropped: number): string | undefined {
  const parts: string[] = [];
  let total = 0;
  let cut = dropped;
  for (const { label, text } of outputs) {
    if (!text.trim()) continue;
    const room = OUTPUT_SHOWN - total;
    if (room <= 0) {
      cut += text.length;
      continue;
    }
    const shown = text.slice(0, room);
    cut += text.length - shown.length;
    total += shown.length;
    parts.push(`[${label}]\n${shown.replace(/\n$/, "")}`);
  }
  if (!parts.length && !cut) return undefined;
  if (cut) parts.push(`… ${cut} more characters not shown (the report keeps the first ${OUTPUT_SHOWN} characters of output)`);
  return parts.join("\n");
}

type Where = Pick<GradeExerciseOptions, "learnerDir" | "executorDir" | "base" | "displayFile" | "file" | "root" | "locator">;

/** The learner's frames of a stack the executor sent, mapped into the judge's view and kept only inside the learner's folder. */
function framesOf(stack: string, o: Where) {
  const from = o.executorDir ?? o.learnerDir;
  return o.locator.learnerFrames(stack, from, o.learnerDir);
}

/** A check's verdict from what it threw. */
export function verdictOf(thrown: unknown, o: Where, call: string | undefined): Omit<CheckResult, "name" | "points" | "maxPoints"> {
  const context = call && !(thrown instanceof CheckFailure && thrown.message.startsWith("Hidden case")) ? `${call}\n` : "";
  if (thrown instanceof CheckFailure) {
    return { status: "failed", message: context + thrown.message, expected: thrown.expected, actual: thrown.actual, ...(thrown.mistake ? { mistake: thrown.mistake } : {}) };
  }
  if (!(thrown instanceof LearnerError)) {
    // Not the learner's code, not their answer: the judge itself broke (a spec, or a reference solution).
    const stack = thrown instanceof Error ? (thrown.stack ?? "") : "";
    const frames = o.locator.learnerFrames(stack, o.root);
    const own = frames.find((f) => /[\\/](solutions|grader[\\/]specs)[\\/]/.test(f.file)) ?? frames[0];
    return {
      status: "error",
      graderError: true,
      message: `${context}The grader itself failed in this check (a bug in the workbook, not in your code): ${thrownToString(thrown)}`,
      location: own ? o.locator.formatLocation(own, o.base) : undefined,
    };
  }
  const cause = thrown.thrown;
  const frames = framesOf(cause.stack, o);
  const where = frames[0];
  if (isNotImplemented(cause)) {
    if (where && o.locator.basename(where.file) !== o.locator.basename(o.file)) {
      return {
        status: "error",
        message: `${context}It uses ${where.file.slice(o.learnerDir.length).replace(/^\//, "")}, which is not implemented yet: finish that exercise first.`,
        location: o.locator.formatLocation(where, o.base),
      };
    }
    return { status: "not-started", message: "not started: the body still calls notImplemented()" };
  }
  const what = `${thrown.fn} threw ${wireErrorToString(cause)}${explain(cause.name, cause.message)}`;
  return {
    status: "error",
    message: `${context}${what}`,
    location: where ? o.locator.formatLocation(where, o.base) : undefined,
    codeFrame: where ? o.locator.codeFrame(where, o.learnerDir) : undefined,
  };
}

/** A second line for errors whose cause is not obvious from their message. */
function explain(name: string, message: string): string {
  if (name === "TypeError" && /read only property|not extensible|Cannot redefine|Cannot assign to read only|object is not extensible/.test(message)) {
    return "\nThe language's built-in objects, np and the process are read-only while grading: compute with your inputs instead of replacing what others use.";
  }
  if (name === "RangeError" && /call stack/.test(message)) {
    return "\nA recursion never reached its base case (or went far too deep): use a loop over the layers.";
  }
  return "";
}

/** Why the learner's module did not load: not started at the top level, a syntax error, a bad import. */
function loadFailure(error: { name: string; message: string; stack: string; kind: string }, o: Where): Partial<ExerciseResult> {
  if (isNotImplemented(error)) {
    return { status: "not-started", message: "not started: the module calls notImplemented() when it loads" };
  }
  const from = o.executorDir ?? o.learnerDir;
  const syntax = o.locator.syntaxErrorLocation(error.message, from, o.learnerDir);
  if (syntax) {
    return {
      status: "error",
      message: `Syntax error: ${syntax.text}. The file must parse before it can be graded.`,
      location: o.locator.formatLocation(syntax, o.base),
      codeFrame: o.locator.codeFrame(syntax, o.learnerDir),
    };
  }
  const notFound = /Cannot find (?:module|package) '([^']+)'/.exec(error.message);
  if (notFound) {
    const missing = notFound[1]!;
    const what = missing.startsWith(from) ? missing.slice(from.length).replace(/^\//, "") : (/(?:^|\/)(lib\/.+)$/.exec(missing)?.[1] ?? missing.split("/").pop());
    return {
      status: "error",
      message: `${o.displayFile} imports ${what}, which does not exist. Check the path of the import (relative imports need the .ts extension).`,
    };
  }
  const frames = framesOf(error.stack, o);
  const text = error.kind === "Error" ? (error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message) : wireErrorToString(error as never);
  return {
    status: "error",
    message: `${o.displayFile} failed to load: ${text}${explain(error.name, error.message)}`,
    location: frames[0] ? o.locator.formatLocation(frames[0], o.base) : undefined,
    codeFrame: frames[0] ? o.locator.codeFrame(frames[0], o.learnerDir) : undefined,
  };
}
