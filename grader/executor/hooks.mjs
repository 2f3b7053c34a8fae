// Module rules for the executor, run in Node's loader thread (module.register). Learner code may
// import exactly two kinds of things:
//
//   1. files inside the learner's folder (realpath checked: a symbolic link that leads out of it, to
//      solutions/ say, is refused), loaded anew for every grading run (`?gen=N` passes on to the
//      helpers they import), and
//   2. the workbook's lib/ (`../lib/np/index.ts` means the workbook's own lib wherever the learner's
//      file sits, so a submission's copy of lib/ is never used),
//   plus the harmless builtins listed in HARMLESS (no files, processes, threads or network).
//
// When the exercise being graded (`?ex=04_model_forward`) imports another exercise
// (`./03_activation_forward.ts`), it gets the reference version of that exercise, so a mistake in
// 03 does not cost points in 04. The exercise being graded itself always means the learner's file,
// also from the learner's helpers: a helper cannot hand the reference solution back to its exercise.
//
// Everything that is not trusted code follows these rules: learner files, but also code with no
// file at all (data: URLs, eval'd strings, new Function), which is refused anything but the
// harmless builtins. Trusted code is the grader, lib/ and the reference solutions.
import { basename, dirname, resolve as resolvePath, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFileSync, realpathSync } from "node:fs";
import { builtinModules } from "node:module";

let learnerDir = "";
let learnerReal = "";
let solutionsDir = "";
let graderDir = "";
let libDir = "";
let libReal = "";
/** The executor's own code (the grader that runs it, which may not be the graded workbook's). */
let hostDir = "";
/** The prebuilt grader (grader/build.mjs), when the executor runs it: lib/ and the solutions come from there. */
let build = "";
let hostLib = "";

const withSep = (dir) => (dir.endsWith(sep) ? dir : dir + sep);
const real = (path) => {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
};

export function initialize(data) {
  learnerDir = withSep(data.learnerDir);
  learnerReal = withSep(real(data.learnerDir) ?? data.learnerDir);
  solutionsDir = withSep(data.solutionsDir);
  graderDir = withSep(data.graderDir);
  libDir = withSep(data.libDir);
  libReal = withSep(real(data.libDir) ?? data.libDir);
  hostDir = withSep(resolvePath(dirname(fileURLToPath(import.meta.url)), ".."));
  hostLib = withSep(resolvePath(hostDir, "..", "lib"));
  build = data.build ? withSep(data.build) : "";
}

/** A file of lib/ (`np/index.ts`) as the executor loads it: built, or the source. */
const libFile = (rel) => (build ? resolvePath(build, "lib", rel).replace(/\.ts$/, ".js") : resolvePath(libDir, rel));
/** The reference version of an exercise file (`03_activation_forward.ts`). */
const referenceFile = (name) => (build ? resolvePath(build, "solutions", name.replace(/\.ts$/, ".js")) : solutionsDir + name);

function pathOf(url) {
  if (!url || !url.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(url.replace(/[?#].*$/, ""));
  } catch {
    return undefined;
  }
}

const EXERCISE_FILE = /^\d{2}_[a-z][a-z0-9_]*\.ts$/;
const HARMLESS = new Set(["util", "assert", "events", "buffer", "string_decoder", "path", "url", "perf_hooks", "querystring", "timers"]);
const BUILTINS = new Set(builtinModules);
const SANDBOXED = "exercises compute with their inputs only; files, processes, threads and the network are not available while grading";

function refuse(parent, specifier, why) {
  const who = parent ? basename(parent) : "Code without a file (eval, new Function or a data: URL)";
  const error = new Error(`${who} imports "${specifier}": ${why}.`);
  error.code = "ERR_DNN_IMPORT_REFUSED";
  throw error;
}

const inside = (path, dir) => path.startsWith(dir);

/**
 * A file of the prebuilt grader, by URL: an ES module (the build's package.json says so) that needs
 * none of Node's resolution rules, so neither its resolution nor its loading takes Node's general
 * path (package scopes, format detection), which costs the executor's start-up more than the rest.
 */
const builtUrl = (url) => {
  const path = build && url.endsWith(".js") ? pathOf(url) : undefined;
  return path !== undefined && inside(path, build) && !inside(path, learnerDir) ? path : undefined;
};
const builtModule = (path) => ({ url: pathToFileURL(path).href, format: "module", shortCircuit: true });

export async function resolve(specifier, context, nextResolve) {
  const parentURL = context.parentURL;
  const parent = pathOf(parentURL);
  const trusted =
    parent !== undefined &&
    !inside(parent, learnerDir) &&
    [graderDir, hostDir, libDir, libReal, hostLib, solutionsDir, build].some((dir) => dir !== "" && inside(parent, dir)) ||
    (parent !== undefined && !inside(parent, learnerDir) && parent.includes(`${sep}node_modules${sep}`));
  // The learner's folder may be solutions/ itself (grading the reference): its files are learner files then.
  if (trusted) {
    if (specifier.startsWith("node:") && BUILTINS.has(specifier.slice(5))) return { url: specifier, format: "builtin", shortCircuit: true };
    if (/^(?:\.\.?\/|file:)/.test(specifier)) {
      const built = builtUrl(new URL(specifier, parentURL).href);
      if (built !== undefined) return builtModule(built);
    }
    return nextResolve(specifier, context);
  }

  // Builtins: only the harmless ones.
  const bare = specifier.replace(/^node:/, "");
  if (specifier.startsWith("node:") || BUILTINS.has(bare)) {
    if (HARMLESS.has(bare)) return nextResolve(specifier, context);
    return refuse(parent, specifier, SANDBOXED);
  }
  if (!parent) return refuse(parent, specifier, "only the learner's own files and the workbook's lib/ can be imported, from a file");
  if (!specifier.startsWith("./") && !specifier.startsWith("../") && !specifier.startsWith("/") && !specifier.startsWith("file:")) {
    return refuse(parent, specifier, "exercises import only their own files (./helpers.ts) and the workbook's lib (../lib/np/index.ts); packages, data: and http: URLs are not available");
  }
  const query = /[?&]gen=(\d+)/.exec(parentURL)?.[1];
  const graded = /[?&]ex=([\w-]+)/.exec(parentURL)?.[1];
  const suffix = query ? `?gen=${query}${graded ? `&ex=${graded}` : ""}` : "";
  const target = specifier.startsWith("file:") ? pathOf(specifier) : resolvePath(dirname(parent), specifier.replace(/[?#].*$/, ""));
  if (!target) return refuse(parent, specifier, "not a file");

  // "../lib/np/index.ts" is the workbook's lib, wherever the learner file sits.
  const lib = /(?:^|\/)lib\/(.+)$/.exec(specifier.replace(/[?#].*$/, ""));
  if (lib) {
    const inLib = resolvePath(libDir, lib[1]);
    const realLib = real(inLib);
    if (!inside(inLib, libDir) || (realLib && !inside(realLib, libReal))) return refuse(parent, specifier, "it leads out of the workbook's lib/");
    return build ? builtModule(libFile(lib[1])) : nextResolve(pathToFileURL(libFile(lib[1])).href, context);
  }

  // Another exercise, imported from the learner's folder: its reference version.
  const name = basename(target);
  if (EXERCISE_FILE.test(name) && dirname(target) === dirname(parent) && inside(target, learnerDir) && name !== `${graded}.ts` && learnerDir !== solutionsDir) {
    if (real(referenceFile(name))) return build ? builtModule(referenceFile(name)) : nextResolve(pathToFileURL(referenceFile(name)).href, context);
  }

  // Otherwise: a file of the learner's own folder, for real.
  const realTarget = real(target);
  if (!realTarget) {
    const error = new Error(`Cannot find module '${target}' imported from ${parent}`);
    error.code = "ERR_MODULE_NOT_FOUND";
    throw error;
  }
  if (!inside(target, learnerDir) || !inside(realTarget, learnerReal)) {
    if (inside(realTarget, solutionsDir) || inside(target, solutionsDir)) return refuse(parent, specifier, "exercises may not import the reference solutions. Write the code yourself");
    if (inside(realTarget, graderDir) || inside(target, graderDir)) return refuse(parent, specifier, "exercises may not import the grader");
    return refuse(parent, specifier, "it is outside your folder of exercises (symbolic links that lead out of it are not followed)");
  }
  return { url: pathToFileURL(target).href + suffix, format: "module", shortCircuit: true };
}

// Learner files are ES modules wherever they sit (a submission folder has no package.json saying so).
export async function load(url, context, nextLoad) {
  const built = builtUrl(url);
  if (built !== undefined) return { format: "module", source: readFileSync(built, "utf8"), shortCircuit: true };
  const path = pathOf(url);
  if (path && path.startsWith(learnerDir) && path.endsWith(".ts")) {
    return nextLoad(url, { ...context, format: "module" });
  }
  return nextLoad(url, context);
}
