/**
 * Loads a learner's module in the browser, as grader/executor/hooks.mjs and ts-hooks.mjs do in
 * Node: sucrase strips the types and turns imports into `require` calls (line numbers unchanged),
 * and the module runs with a `require` that follows the same rules: `../lib/...` is the bundled
 * lib/, another exercise (`./03_activation_forward.ts`) is what `exercise` gives for it (the
 * reference version when grading, the learner's own when training), other `./x.ts` files are the
 * learner's own, and nothing else (packages, node: modules, URLs) loads.
 */
import { transform } from "sucrase";
import { LEARNER_DIR } from "./locate.ts";

export type LoaderOptions = {
  /** The learner's files by name ("02_linear_forward.ts"). */
  files: Record<string, string>;
  /** lib/ modules by path inside lib/ ("np/index.ts", "workbook.ts"). */
  lib: Record<string, Record<string, unknown>>;
  /** The module an import of another exercise gets (by slug), or undefined for the learner's own file. */
  exercise: (slug: string) => Record<string, unknown> | undefined;
};

const EXERCISE_FILE = /^\d{2}_[a-z][a-z0-9_]*\.ts$/;
const SANDBOXED = "exercises compute with their inputs only; the network and other threads are not available";

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

/** Runs `file` (a path under LEARNER_DIR) and the learner files it imports, each once; returns its exports. */
export function loadLearnerModule(file: string, o: LoaderOptions): Record<string, unknown> {
  const indirectEval = eval;
  const registry = new Map<string, { exports: Record<string, unknown> }>();
  const load = (path: string): Record<string, unknown> => {
    const known = registry.get(path);
    if (known) return known.exports;
    const name = path.slice(LEARNER_DIR.length + 1);
    const source = Object.hasOwn(o.files, name) ? o.files[name] : undefined;
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
      const mod = o.lib[normalize(lib[1]!).slice(1)];
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
    if (EXERCISE_FILE.test(name)) {
      const other = o.exercise(name.slice(0, -3));
      if (other) return other;
    }
    return load(target);
  };
  return load(file);
}
