/**
 * Compiling, outside the sandbox, everything a sandboxed executor will load: lib/, the executor and
 * the reference solutions (an exercise that imports another gets its reference version). The specs,
 * the reference outputs and the judge are not in the mirror: they stay in the parent.
 *
 * tsx cannot run under Node's permission model (esbuild's transform starts a helper process, which
 * the sandbox forbids), so the child runs plain JavaScript: a *mirror* of the workbook where every
 * file keeps its path and its `.ts` name but holds esbuild's output with an inline source map. The
 * grader's paths (`grader/specs/NN_name.ts`), the learner's imports (`../lib/np/index.ts`,
 * `./03_activation_forward.ts`) and the executor's import rules (grader/executor/hooks.mjs) therefore
 * work unchanged; a tiny hook (./mirror-hooks.mjs) tells Node that `.ts` files are ES modules.
 * With `--enable-source-maps`, stack traces show the learner's TypeScript lines.
 */
import { closeSync, constants, cpSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { WORKBOOK_FOLDERS } from "./discover.ts";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { stop, transform } from "esbuild";
import type { TransformFailure } from "esbuild";

/** Files the mirror needs besides the closure of imports: learners may import any of lib/. */
const ALWAYS = ["lib"];
/** Entry points: what the child, the grading worker and the specs load. */
const ENTRIES = ["grader/executor/child.ts"];
/** The reference versions of other exercises, which an exercise that imports them gets. */
const ENTRY_DIRS = ["solutions"];

export const CHILD_ENTRY = "grader/executor/child-entry.mjs";

/** A bare specifier that names a package (`esbuild`, `@scope/pkg/sub`), not a builtin. */
const PACKAGE = /^(?!node:)(@[a-z0-9._-]+\/)?[a-z0-9][a-z0-9._-]*(\/[\w./-]*)?$/;

const IMPORTS = /(?:^|[\s;})])(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a compiled module imports (static, re-exports, and literal dynamic imports). */
export function importsOf(js: string): string[] {
  return [...js.matchAll(IMPORTS)].map((m) => (m[1] ?? m[2])!);
}

/** esbuild's service died under a file (its process crashed): the compiler's failure, not the learner's syntax error. */
export class CompilerCrash extends Error {
  override name = "CompilerCrash";
}

const crashed = (e: unknown) => !(e as TransformFailure).errors?.some((x) => x.location) && /service (was stopped|is no longer running)|stopped/i.test((e as Error).message);

/** One transform at a time: a file that crashes the shared service cannot take another learner's transform down with it. */
let queue: Promise<unknown> = Promise.resolve();

async function compileTs(source: string, file: string): Promise<string> {
  const once = () =>
    transform(source, {
      loader: "ts",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      // Relative to the compiled file itself, so mapped frames name the file at its own path.
      sourcefile: basename(file),
    });
  const run = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await once()).code;
      } catch (e) {
        if (!crashed(e)) throw e;
        // A fresh service for the next call, whatever happens to this file.
        await stop();
        if (attempt === 2) throw new CompilerCrash(`the TypeScript compiler (esbuild) crashed on this file twice: ${(e as Error).message}`);
      }
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => {});
  return result;
}

const CHILD_ENTRY_TEXT = `// The sandboxed executor's entry (written by grader/batch/compile.ts): .ts files of the mirror
// are JavaScript already; then the learner-module rules, the batch guard, and the executor.
import { register } from "node:module";
const { learnerDir, mirror } = JSON.parse(process.env.DNN_WORKBOOK_EXECUTOR);
process.setSourceMapsEnabled(true);
register(new URL("../batch/mirror-hooks.mjs", import.meta.url));
register(new URL("./hooks.mjs", import.meta.url), {
  data: { learnerDir, solutionsDir: mirror + "/solutions", graderDir: mirror + "/grader", libDir: mirror + "/lib" },
});
await import("../batch/worker-guard.mjs");
await import("./child.ts");
`;

export type Mirror = {
  /** The mirror's root: a workbook whose .ts files are JavaScript. */
  root: string;
  /** Every file written, relative to the root. */
  files: string[];
  /** Packages imported by name (copied into the mirror's node_modules). */
  packages: string[];
};

/** Compiles the workbook at `from` into a mirror at `to`. Throws when a workbook file does not compile (a bug in the course). */
export async function compileMirror(from: string, to: string): Promise<Mirror> {
  const done = new Set<string>();
  const packages = new Set<string>();
  const queue: string[] = [];
  const add = (rel: string) => {
    if (!done.has(rel)) {
      done.add(rel);
      queue.push(rel);
    }
  };
  const walk = (rel: string) => {
    const abs = join(from, rel);
    if (!existsSync(abs)) return;
    if (lstatSync(abs).isDirectory()) for (const e of readdirSync(abs)) walk(join(rel, e));
    else if (/\.(ts|mjs|js)$/.test(rel)) add(rel);
  };
  for (const dir of ALWAYS) walk(dir);
  for (const e of ENTRIES) add(e);
  for (const dir of ENTRY_DIRS) {
    if (existsSync(join(from, dir))) for (const f of readdirSync(join(from, dir))) if (/^\d{2}_[a-z][a-z0-9_]*\.ts$/.test(f)) add(join(dir, f));
  }
  add("grader/executor/hooks.mjs");
  add("grader/batch/mirror-hooks.mjs");
  add("grader/batch/worker-guard.mjs");

  while (queue.length) {
    const rel = queue.shift()!;
    const src = join(from, rel);
    const dest = join(to, rel);
    mkdirSync(dirname(dest), { recursive: true });
    const text = readFileSync(src, "utf8");
    let js: string;
    if (extname(rel) === ".ts") {
      try {
        js = await compileTs(text, rel);
      } catch (e) {
        throw new Error(`${rel} does not compile: ${(e as Error).message}`);
      }
    } else js = text;
    writeFileSync(dest, js);
    for (const spec of importsOf(js)) {
      if (spec.startsWith(".")) {
        const target = relative(from, resolve(dirname(src), spec.replace(/[?#].*$/, "")));
        if (!target.startsWith("..") && existsSync(join(from, target))) add(target);
      } else if (PACKAGE.test(spec)) packages.add(spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/"));
    }
  }
  writeFileSync(join(to, CHILD_ENTRY), CHILD_ENTRY_TEXT);
  writeFileSync(join(to, "package.json"), JSON.stringify({ type: "module", private: true }) + "\n");
  // The packages the mirror imports, copied (no link: nothing in the mirror resolves outside it).
  for (const pkg of packages) {
    const src = join(from, "node_modules", pkg);
    if (existsSync(src)) cpSync(realpathSync(src), join(to, "node_modules", pkg), { recursive: true, dereference: true });
  }
  return { root: to, files: [...done].sort(), packages: [...packages].sort() };
}

/** What happened to one learner file on its way into the sandbox. */
export type CompiledFile = { file: string; status: "compiled" | "syntax-error" | "stub" | "skipped" | "crashed"; reason?: string };

const MAX_FILE_BYTES = 1 << 20;
/** Brackets nested deeper than this are not a program anyone writes by hand; thousands crash parsers. */
const MAX_NESTING = 500;

/** The deepest nesting of (, [ and { in a text (strings and comments included: an upper bound). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return max;
}

/**
 * A file's text, read only if it is a regular file when opened (no FIFO to hang on, no link to
 * follow, no device): O_NOFOLLOW | O_NONBLOCK, then fstat on the open descriptor.
 */
function readRegularFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
const MAX_FILES = 200;

/**
 * Compiles a learner's folder of exercises (`src`) into `dest`: every .ts file (symbolic links and
 * oversized files are skipped: a submission never reads outside itself, even at compile time).
 * A file that does not parse becomes a module that throws the parser's message at its position,
 * so the grader reports it as a syntax error at the learner's line. `missing` exercise files get
 * their untouched stub (`stubs`), which grades "not started".
 */
export async function compileSubmission(src: string, dest: string, stubs: Map<string, string>, sources?: string): Promise<CompiledFile[]> {
  const out: CompiledFile[] = [];
  mkdirSync(dest, { recursive: true });
  /** The source as the judge reads it for code frames: a copy, never the learner's folder itself. */
  const keepSource = (relFile: string, source: string) => {
    if (!sources) return;
    mkdirSync(dirname(join(sources, relFile)), { recursive: true });
    writeFileSync(join(sources, relFile), source);
  };
  let count = 0;
  const visit = async (rel: string, depth: number) => {
    const abs = join(src, rel);
    for (const name of readdirSync(abs).sort()) {
      const relFile = join(rel, name);
      const st = lstatSync(join(abs, name));
      if (st.isSymbolicLink()) {
        out.push({ file: relFile, status: "skipped", reason: "a symbolic link, not followed" });
        continue;
      }
      if (st.isDirectory()) {
        if (depth < 3 && !name.startsWith(".") && !WORKBOOK_FOLDERS.has(name)) await visit(relFile, depth + 1);
        continue;
      }
      if (!name.endsWith(".ts") || name.endsWith(".d.ts")) continue;
      if (!st.isFile()) {
        out.push({ file: relFile, status: "skipped", reason: "not a regular file (a FIFO, a device or a socket)" });
        continue;
      }
      if (st.size > MAX_FILE_BYTES || ++count > MAX_FILES) {
        out.push({ file: relFile, status: "skipped", reason: st.size > MAX_FILE_BYTES ? "larger than 1 MB, not read" : `more than ${MAX_FILES} files, not read` });
        continue;
      }
      const target = join(dest, relFile);
      mkdirSync(dirname(target), { recursive: true });
      const source = readRegularFile(join(abs, name));
      if (source === undefined) {
        out.push({ file: relFile, status: "skipped", reason: "not a regular file (it changed while it was read)" });
        continue;
      }
      keepSource(relFile, source);
      const nesting = nestingDepth(source);
      if (nesting > MAX_NESTING) {
        // Deeper than any program needs, and deep enough to crash a parser's stack: not compiled.
        writeFileSync(target, `throw new Error(${JSON.stringify(`${relFile} is not graded: its brackets are nested ${nesting} levels deep (at most ${MAX_NESTING}).`)});\n`);
        out.push({ file: relFile, status: "skipped", reason: `brackets nested ${nesting} levels deep (at most ${MAX_NESTING}), not compiled` });
        continue;
      }
      try {
        writeFileSync(target, await compileTs(source, target));
        out.push({ file: relFile, status: "compiled" });
      } catch (e) {
        if (e instanceof CompilerCrash) {
          writeFileSync(target, `throw new Error(${JSON.stringify(`${relFile} could not be compiled: the compiler crashed on it (is something nested thousands of levels deep?). This is not a syntax error the grader found.`)});\n`);
          out.push({ file: relFile, status: "crashed", reason: "the compiler crashed on it: not graded (a grader problem, not a syntax error)" });
          continue;
        }
        const error = (e as TransformFailure).errors?.[0];
        const at = error?.location;
        const text = error?.text ?? (e as Error).message;
        // The same "file:line:column: ERROR: text" tsx shows, which the grader turns into a syntax error with a code frame.
        const message = at ? `${target}:${at.line}:${at.column}: ERROR: ${text}` : `${target}: ERROR: ${text}`;
        writeFileSync(target, `throw new SyntaxError(${JSON.stringify(message)});\n`);
        out.push({ file: relFile, status: "syntax-error", reason: at ? `line ${at.line}: ${text}` : text });
      }
    }
  };
  await visit("", 0);
  for (const [file, stub] of stubs) {
    if (out.some((f) => f.file === file && f.status !== "skipped")) continue;
    writeFileSync(join(dest, file), await compileTs(stub, join(dest, file)));
    keepSource(file, stub);
    out.push({ file, status: "stub", reason: "not submitted: graded as the untouched stub" });
  }
  return out;
}
