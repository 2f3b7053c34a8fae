// The grader's own code, prebuilt: one esbuild build of grader/, lib/ and solutions/ into plain
// JavaScript (shared chunks, so lib/np is one module for everything that imports it), cached under
// node_modules/.cache/dnn-workbook/ by the sources' names, sizes and modification times. Loading it
// needs no TypeScript hook, so the grader's modules load without a round trip to a loader thread
// each; only learner files go through the transform. A changed source makes a new build (about a
// tenth of a second), which is what an instructor editing a spec pays once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "dnn-workbook");
const VERSION = "1";
/** Where the running grader's build is announced, for the code that must find built files by path. */
export const BUILD = Symbol.for("dnn-workbook.build");

/** Every TypeScript source of the build, relative to the root. */
function sources(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = join(rel, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(path);
    }
  };
  for (const dir of ["grader", "lib", "solutions"]) if (existsSync(join(root, dir))) walk(dir);
  return out.sort();
}

/**
 * The build's name: the sources, their sizes and times, and the tools that build and run it, hashed
 * with 64-bit FNV-1a (node:crypto alone takes longer to load than the whole check).
 */
function keyOf(root, files) {
  let h = 0xcbf29ce484222325n;
  const mix = (text) => {
    for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  mix(`${VERSION}\0${process.version}\0`);
  for (const f of files) {
    const st = statSync(join(root, f));
    mix(`${f}\0${st.size}\0${st.mtimeMs}\0`);
  }
  return h.toString(16).padStart(16, "0");
}

/** Entry points: what is loaded by path at run time (the CLI, the executor, specs, solutions, lib). */
function entries(files) {
  return files.filter(
    (f) =>
      f === join("grader", "cli.ts") ||
      f === join("grader", "executor", "worker.ts") ||
      f.startsWith(join("grader", "specs") + sep) ||
      f.startsWith("solutions" + sep) ||
      f.startsWith("lib" + sep),
  );
}

/**
 * The folder of the current build, building it first when the sources changed. Returns undefined
 * when it cannot build (no esbuild, a read-only folder): the caller then runs the sources.
 */
export async function ensureBuild(root = ROOT) {
  let files;
  let dir;
  try {
    files = sources(root);
    dir = join(CACHE, `build-${keyOf(root, files)}`);
    if (existsSync(join(dir, "done"))) return dir;
  } catch {
    return undefined;
  }
  try {
    const esbuild = await import("esbuild");
    const tmp = `${dir}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: entries(files),
      outdir: tmp,
      outbase: root,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      // No source maps: Node would parse them as each module loads (a quarter of a second for lib/np
      // and the grader). Learner files keep theirs (grader/executor/ts-hooks.mjs): their lines are what a report shows.
      sourcemap: false,
      entryNames: "[dir]/[name]",
      chunkNames: "chunks/[name]-[hash]",
      outExtension: { ".js": ".js" },
      logLevel: "silent",
      plugins: [
        {
          // import.meta.url keeps meaning the source file's URL (ROOT, the worker's entry, the book's CSS).
          name: "source-import-meta-url",
          setup(build) {
            build.onLoad({ filter: /\.ts$/ }, (args) => {
              const text = readFileSync(args.path, "utf8");
              const contents = text.includes("import.meta.url") ? text.split("import.meta.url").join(JSON.stringify(pathToFileURL(args.path).href)) : text;
              return { contents, loader: "ts" };
            });
          },
        },
      ],
    });
    writeFileSync(join(tmp, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(tmp, "done"), "");
    try {
      renameSync(tmp, dir);
    } catch {
      // Another process built it at the same time: theirs is as good.
      rmSync(tmp, { recursive: true, force: true });
    }
    prune(dir);
    return existsSync(join(dir, "done")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Old builds go; the current one and one before it stay (another grader may still run it). */
function prune(keep) {
  try {
    const builds = readdirSync(CACHE)
      .filter((n) => n.startsWith("build-") && !n.endsWith(".tmp") && join(CACHE, n) !== keep)
      .map((n) => ({ n, t: statSync(join(CACHE, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of builds.slice(1)) rmSync(join(CACHE, n), { recursive: true, force: true });
  } catch {
    // best effort
  }
}

/** The built file of a source (`grader/specs/02_linear_forward.ts` → `<build>/grader/specs/02_linear_forward.js`). */
export function builtPath(build, root, source) {
  return join(build, relative(root, source)).replace(/\.ts$/, ".js");
}

