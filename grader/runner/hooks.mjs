// Module resolution rules for learner code, run in Node's loader thread (module.register).
//
// 1. Freshness: a learner file imported with `?gen=N` passes the same query to the learner files
//    it imports, so every grading run loads the learner's code anew while lib/ stays cached
//    (one `np`, one NDArray class for learner and grader).
// 2. Isolation: when the graded file imports another exercise (04 imports 03's
//    linearActivationForward), it gets the reference version of that exercise, so a mistake in 03
//    does not fail 04. `npm run train` runs the learner's own chain without these hooks.
// 3. Honesty: learner code may not import the reference solutions or the grader, and `../lib/…`
//    always means the workbook's own lib/ (a submission's copy of lib/np is never used), which
//    also lets a folder of exercises be graded from anywhere.
import { basename, dirname, resolve as resolvePath, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";

let learnerDir = "";
let solutionsDir = "";
let graderDir = "";
let libDir = "";

export function initialize(data) {
  learnerDir = withSep(data.learnerDir);
  solutionsDir = withSep(data.solutionsDir);
  graderDir = withSep(data.graderDir);
  libDir = withSep(data.libDir);
}

function withSep(dir) {
  return dir.endsWith(sep) ? dir : dir + sep;
}

function pathOf(url) {
  if (!url || !url.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(url.replace(/[?#].*$/, ""));
  } catch {
    return undefined;
  }
}

const EXERCISE_FILE = /^\d{2}_[a-z][a-z0-9_]*\.ts$/;

// Node modules an exercise has no use for, and that would let code reach outside its inputs:
// files, processes, threads, the network, other module loaders.
const DENIED_BUILTINS = new Set([
  "fs", "fs/promises", "child_process", "worker_threads", "cluster", "net", "http", "https", "http2",
  "dgram", "dns", "dns/promises", "tls", "vm", "module", "inspector", "repl", "v8", "wasi", "trace_events",
]);

export async function resolve(specifier, context, nextResolve) {
  const parent = pathOf(context.parentURL);
  const fromLearner = parent !== undefined && parent.startsWith(learnerDir) && learnerDir !== solutionsDir;
  if (fromLearner && DENIED_BUILTINS.has(specifier.replace(/^node:/, ""))) {
    throw new Error(
      `${basename(parent)} imports "${specifier}": exercises compute with their inputs only; files, processes, threads and the network are not available while grading.`,
    );
  }
  if (fromLearner && specifier.startsWith(".")) {
    // "../lib/np/index.ts" is the workbook's lib, wherever the learner file sits.
    const lib = /(?:^|\/)lib\/(.+)$/.exec(specifier);
    if (lib) return nextResolve(pathToFileURL(libDir + lib[1]).href, context);
    // "./03_activation_forward.ts" from another exercise is the reference version of it.
    const target = resolvePath(dirname(parent), specifier.replace(/[?#].*$/, ""));
    const name = basename(target);
    if (EXERCISE_FILE.test(name) && name !== basename(parent) && dirname(target) === dirname(parent) && existsSync(solutionsDir + name)) {
      return nextResolve(pathToFileURL(solutionsDir + name).href, context);
    }
  }
  const resolved = await nextResolve(specifier, context);
  if (!fromLearner) return resolved;
  const target = pathOf(resolved.url);
  if (!target) return resolved;
  if (target.startsWith(solutionsDir)) {
    throw new Error(`${basename(parent)} imports "${specifier}": exercises may not import the reference solutions. Write the code yourself.`);
  }
  if (target.startsWith(graderDir)) {
    throw new Error(`${basename(parent)} imports "${specifier}": exercises may not import the grader.`);
  }
  if (target.startsWith(learnerDir)) {
    // The learner's own helper modules load anew with the file that imports them.
    const gen = /[?&]gen=(\d+)/.exec(context.parentURL)?.[1];
    if (gen) return { ...resolved, url: `${resolved.url.replace(/[?#].*$/, "")}?gen=${gen}` };
  }
  return resolved;
}

// Learner files are ES modules wherever they sit (a submission folder has no package.json saying so).
export async function load(url, context, nextLoad) {
  const path = pathOf(url);
  if (path && path.startsWith(learnerDir) && path.endsWith(".ts")) {
    return nextLoad(url, { ...context, format: "module" });
  }
  return nextLoad(url, context);
}
