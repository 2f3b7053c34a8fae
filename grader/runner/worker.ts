/**
 * The grading worker: loads an exercise's spec, reference and the learner's module, runs the checks,
 * and posts the results. It runs learner code, so it trusts nothing that code can reach.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { isNotImplemented } from "../../lib/workbook.ts";
import { np, NDArray } from "../../lib/np/index.ts";
import { CheckFailure, LearnerError, thrownToString } from "../check/failure.ts";
import { createContext } from "../check/context.ts";
import type { CallRecord } from "../check/context.ts";
import { DEFAULT_TIME_LIMIT_MS, parameterNames } from "../check/spec.ts";
import type { ExerciseSpec, Module } from "../check/spec.ts";
import { paths } from "../exercises.ts";
import type { CheckResult, ExerciseResult } from "../types.ts";
import { codeFrame, formatLocation, learnerFrames, syntaxErrorLocation } from "./locate.ts";
import { OUTPUT_END } from "./protocol.ts";
import type { GradeRequest, WorkerData, WorkerMessage } from "./protocol.ts";

const data = workerData as WorkerData;
const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

lockDown();

port.on("message", async (req: GradeRequest) => {
  const result = await grade(req);
  // Let timers the learner's code set for "now" fire (and report) while this exercise is current.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // Mark the end of this exercise's output, so the main thread knows it has all of it.
  process.stdout.write(`${OUTPUT_END}${req.gen}\n`);
  post({ type: "result", result });
});
process.on("uncaughtException", (e) => post({ type: "uncaught", message: thrownToString(e) }));
process.on("unhandledRejection", (e) => post({ type: "uncaught", message: `a Promise was rejected with ${thrownToString(e)}` }));
post({ type: "ready" });

/**
 * What learner code must not be able to change for the exercises graded after it: the numeric
 * module, Math, and the way out of the process. Assignments to them throw at the learner's line.
 */
function lockDown() {
  // A property already locked (by the batch sandbox's guard, which runs first) stays as it is.
  const lock = (name: string, value: unknown) => {
    if (Object.getOwnPropertyDescriptor(process, name)?.configurable === false) return;
    Object.defineProperty(process, name, { value, writable: false, configurable: false });
  };
  const exit = (code?: number) => {
    throw new Error(
      `process.exit(${code ?? ""}) was called. An exercise function returns its result; it never ends the program.`,
    );
  };
  for (const name of ["exit", "abort", "reallyExit"] as const) lock(name, exit);
  // Ways around the module rules (files, native code) and out of the grader (signals).
  const denied = (name: string) => () => {
    throw new Error(`process.${name} is not available while grading: an exercise computes with its inputs only.`);
  };
  for (const name of ["binding", "_linkedBinding", "dlopen", "kill"] as const) lock(name, denied(name));
  // process.getBuiltinModule("node:fs") would reach past the module rules of hooks.mjs: allow only
  // the harmless modules through it.
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltinModule === "function") {
    const harmless = new Set(["util", "assert", "events", "buffer", "string_decoder", "path", "url", "perf_hooks", "os", "crypto", "querystring", "timers"]);
    lock("getBuiltinModule", (id: string) => {
      if (!harmless.has(String(id).replace(/^node:/, ""))) denied(`getBuiltinModule(${JSON.stringify(id)})`)();
      return getBuiltinModule.call(process, id);
    });
  }
  const deepFreeze = (o: object) => {
    Object.freeze(o);
    for (const v of Object.values(o)) if (typeof v === "object" && v !== null && !Object.isFrozen(v)) deepFreeze(v);
  };
  deepFreeze(np);
  Object.freeze(NDArray.prototype);
  Object.freeze(NDArray);
  Object.freeze(Math);
  for (const name of ["Math", "JSON", "Float64Array", "Array", "Object", "Number"]) {
    Object.defineProperty(globalThis, name, { writable: false, configurable: false });
  }
}

const specs = new Map<string, ExerciseSpec>();
const refs = new Map<string, Module>();
const references = new Map<string, Record<string, unknown>>();

async function loadSpec(req: GradeRequest): Promise<{ spec: ExerciseSpec; ref: Module; reference: Record<string, unknown> }> {
  const { slug } = req.exercise;
  if (!specs.has(slug)) {
    const spec = (await import(pathToFileURL(paths.spec(req.exercise, data.root)).href)).default as ExerciseSpec;
    specs.set(slug, spec);
    refs.set(slug, await import(pathToFileURL(paths.solution(req.exercise, data.root)).href));
    let reference: Record<string, unknown> = {};
    try {
      reference = JSON.parse(readFileSync(paths.reference(req.exercise, data.root), "utf8"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    references.set(slug, reference);
  }
  return { spec: specs.get(slug)!, ref: refs.get(slug)!, reference: references.get(slug)! };
}

async function grade(req: GradeRequest): Promise<ExerciseResult> {
  const started = performance.now();
  const { spec, ref, reference } = await loadSpec(req);
  const lesson = paths.lesson(spec.lesson);
  const base: ExerciseResult = {
    id: req.exercise.id,
    name: req.exercise.name,
    title: spec.title,
    status: "error",
    points: 0,
    maxPoints: spec.checks.reduce((s, c) => s + (c.points ?? 1), 0),
    checks: [],
    durationMs: 0,
    file: req.displayFile,
    lesson,
  };
  post({
    type: "begin",
    title: spec.title,
    timeLimitMs: spec.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
    maxPoints: base.maxPoints,
    checks: spec.checks.map((c) => ({ name: c.name, points: c.points ?? 1 })),
    lesson,
    hints: spec.hints,
  });
  const finish = (r: Partial<ExerciseResult>): ExerciseResult => ({
    ...base,
    ...r,
    durationMs: Math.round(performance.now() - started),
  });

  // Load the learner's module anew.
  let mod: Module;
  try {
    mod = await import(`${pathToFileURL(req.file).href}?gen=${req.gen}`);
  } catch (thrown) {
    return finish(loadFailure(thrown, req));
  }

  // The exports the exercise needs.
  const problems: string[] = [];
  for (const [name, signature] of Object.entries(spec.exports)) {
    const value = mod[name];
    const wanted = parameterNames(signature);
    if (value === undefined) {
      const near = Object.keys(mod).find((k) => k.toLowerCase() === name.toLowerCase());
      problems.push(`${req.displayFile} has no export named ${name}${near ? ` (it has ${near}: check the spelling)` : ""}. Expected: export function ${name}${signature}`);
    } else if (typeof value !== "function") {
      problems.push(`${name} should be a function${signature}, but the export is ${typeof value}.`);
    } else if (!/^class\b/.test(Function.prototype.toString.call(value)) && value.length > wanted.length) {
      problems.push(`${name} takes ${value.length} parameters, but it is called with ${wanted.length}: ${name}${signature}.`);
    }
  }
  if (problems.length) {
    return finish({ status: "error", message: problems.join("\n") });
  }

  const checks: CheckResult[] = [];
  const last: CallRecord = {};
  const ctx = createContext(
    {
      spec,
      mod,
      ref,
      reference,
      file: req.displayFile,
      hiddenSeed: req.hiddenSeed,
      learnerModule: async (slug) => {
        try {
          return await import(`${pathToFileURL(dirname(req.file) + "/" + slug + ".ts").href}?gen=${req.gen}`);
        } catch {
          return undefined;
        }
      },
    },
    last,
  );
  for (const check of spec.checks) {
    const maxPoints = check.points ?? 1;
    last.text = undefined;
    let result: CheckResult;
    try {
      const verdict = await check.run(ctx);
      result = { name: check.name, status: "passed", points: maxPoints, maxPoints, message: verdict || undefined };
    } catch (thrown) {
      result = { name: check.name, maxPoints, points: 0, ...judge(thrown, req, last.text) };
      if (result.status === "failed" || result.status === "error") {
        result.hint = (thrown instanceof CheckFailure && thrown.hint) || check.hint;
        result.lesson = check.lesson ? paths.lesson(check.lesson) : lesson;
      }
    }
    checks.push(result);
    post({ type: "check", result });
  }

  const points = checks.reduce((s, c) => s + c.points, 0);
  const status: ExerciseResult["status"] = checks.every((c) => c.status === "passed")
    ? "passed"
    : checks.every((c) => c.status === "not-started")
      ? "not-started"
      : checks.some((c) => c.status === "passed" || c.status === "failed" || c.status === "not-started")
        ? "failed"
        : "error";
  return finish({ status, points, checks });
}

/** A check's verdict from what it threw. */
function judge(thrown: unknown, req: GradeRequest, call: string | undefined): Omit<CheckResult, "name" | "points" | "maxPoints"> {
  const context = call && !(thrown instanceof CheckFailure && thrown.message.startsWith("Hidden case")) ? `${call}\n` : "";
  if (thrown instanceof CheckFailure) {
    return { status: "failed", message: context + thrown.message, expected: thrown.expected, actual: thrown.actual };
  }
  const cause = thrown instanceof LearnerError ? thrown.thrown : thrown;
  const dir = dirname(req.file) + "/";
  const frames = learnerFrames(cause instanceof Error ? cause.stack : undefined, dir);
  const where = frames[0];
  if (isNotImplemented(cause)) {
    if (where && basename(where.file) !== basename(req.file)) {
      return {
        status: "error",
        message: `${context}It uses ${relative(dirname(dir), where.file)}, which is not implemented yet: finish that exercise first.`,
        location: formatLocation(where, process.cwd()),
      };
    }
    return { status: "not-started", message: "not started: the body still calls notImplemented()" };
  }
  const base = process.cwd();
  const what = (thrown instanceof LearnerError ? `${thrown.fn} threw ${thrownToString(cause)}` : `The check threw ${thrownToString(cause)}`) + explain(cause);
  return {
    status: "error",
    message: `${context}${what}`,
    location: where ? formatLocation(where, base) : undefined,
    codeFrame: where ? codeFrame(where) : undefined,
  };
}

/** A second line for errors whose cause is not obvious from their message. */
function explain(cause: unknown): string {
  if (cause instanceof TypeError && /read only property|not extensible|Cannot redefine/.test(cause.message)) {
    return "\nnp, Math and the process are read-only while grading: compute with your inputs instead of replacing what the grader uses.";
  }
  if (cause instanceof RangeError && /call stack/.test(cause.message)) {
    return "\nA recursion never reached its base case (or went far too deep): use a loop over the layers.";
  }
  return "";
}

/** Why the learner's module did not load: not started at the top level, a syntax error, a bad import. */
function loadFailure(thrown: unknown, req: GradeRequest): Partial<ExerciseResult> {
  if (isNotImplemented(thrown)) {
    return { status: "not-started", message: "not started: the module calls notImplemented() when it loads" };
  }
  const dir = dirname(req.file) + "/";
  const base = process.cwd();
  const message = thrown instanceof Error ? thrown.message : thrownToString(thrown);
  const syntax = syntaxErrorLocation(message, dir);
  if (syntax) {
    return {
      status: "error",
      message: `Syntax error: ${syntax.text}. The file must parse before it can be graded.`,
      location: formatLocation(syntax, base),
      codeFrame: codeFrame(syntax),
    };
  }
  const code = (thrown as { code?: string }).code;
  if (code === "ERR_MODULE_NOT_FOUND") {
    const what = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1] ?? "a module";
    return {
      status: "error",
      message: `${req.displayFile} imports ${relative(base, what) || what}, which does not exist. Check the path of the import (relative imports need the .ts extension).`,
    };
  }
  const frames = learnerFrames(thrown instanceof Error ? thrown.stack : undefined, dir);
  return {
    status: "error",
    message: `${req.displayFile} failed to load: ${thrownToString(thrown).replace(/^Error: /, "")}${explain(thrown)}`,
    location: frames[0] ? formatLocation(frames[0], base) : undefined,
    codeFrame: frames[0] ? codeFrame(frames[0]) : undefined,
  };
}
