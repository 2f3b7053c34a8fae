// The grader's own code, prebuilt into plain JavaScript, cached under node_modules/.cache/dnn-workbook/
// by the sources' names, sizes and modification times, in two parts:
//
//   - the executor's: its entry, lib/ and solutions/ (what a learner's file may import by path), with
//     shared chunks, so lib/np is one module for everything that imports it there;
//   - the judge's: the CLI with every spec and reference solution in one file (grader/cli.js). The
//     judge shares no module with the executor (another thread), and Node loads one file in a tenth
//     of the time it takes for the 60 modules and 500 imports of the chunked form. The specs and
//     solutions are found through a registry (COURSE) that the file sets up before the CLI runs.
//
// Loading it needs no TypeScript hook; only learner files go through the transform. A changed source
// makes a new build (about a tenth of a second), which is what an instructor editing a spec pays once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, "node_modules", ".cache", "dnn-workbook");
const VERSION = "3";
/** Where the running grader's build is announced, for the code that must find built files by path. */
export const BUILD = Symbol.for("dnn-workbook.build");
/** Where the judge's bundle registers the specs and reference solutions it holds (grader/judge/grade-exercise.ts). */
export const COURSE = Symbol.for("dnn-workbook.course");

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
 * The build's name: the sources, their sizes and times, and the tools that build and run it (this
 * file among them), hashed with two 32-bit FNV-1a lanes of different primes (node:crypto alone takes
 * longer to load than the whole check, and 64-bit BigInt arithmetic took 3–12 ms of it).
 */
function keyOf(root, files) {
  // This file too: a change to how the build is made makes a new build.
  const self = statSync(fileURLToPath(import.meta.url));
  let text = `${VERSION}\0${process.version}\0${self.size}\0${self.mtimeMs}\0`;
  for (const f of files) {
    const st = statSync(join(root, f));
    text += `${f}\0${st.size}\0${st.mtimeMs}\0`;
  }
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  const hex = (n) => (n >>> 0).toString(16).padStart(8, "0");
  return hex(a) + hex(b);
}

/** The executor's entry points: what it loads by path at run time (its entry, solutions, lib). */
function entries(files) {
  return files.filter((f) => f === join("grader", "executor", "worker.ts") || f.startsWith("solutions" + sep) || f.startsWith("lib" + sep));
}

/**
 * The judge's entry: a registry of every exercise's spec and reference solution, set up before the
 * CLI's own module runs (imports run in order), then the CLI.
 */
function judgeEntry(root, files) {
  const specs = files.filter((f) => f.startsWith(join("grader", "specs") + sep) && f.endsWith(".ts")).map((f) => f.slice(join("grader", "specs").length + 1, -3));
  const url = (rel) => JSON.stringify(pathToFileURL(join(root, rel)).href);
  const registry = [
    ...specs.flatMap((slug, i) => [`import * as s${i} from ${url(join("grader", "specs", `${slug}.ts`))};`, `import * as r${i} from ${url(join("solutions", `${slug}.ts`))};`]),
    `globalThis[Symbol.for(${JSON.stringify(COURSE.description)})] = { root: ${JSON.stringify(root)}, exercises: { ${specs.map((slug, i) => `${JSON.stringify(slug)}: { spec: s${i}, ref: r${i} }`).join(", ")} } };`,
  ].join("\n");
  return { registry, entry: `import "dnn-workbook:registry";\nimport ${url(join("grader", "cli.ts"))};\n` };
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
    const common = {
      absWorkingDir: root,
      outdir: tmp,
      outbase: root,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: false,
      outExtension: { ".js": ".js" },
      logLevel: "silent",
    };
    // Sources as they are, but import.meta.url as the source file's own URL (paths computed from it,
    // like the workbook's root, stay what they are in the sources).
    const sourceUrls = {
      name: "source-import-meta-url",
      setup(build) {
        build.onLoad({ filter: /\.ts$/ }, (args) => {
          const text = readFileSync(args.path, "utf8");
          const contents = text.includes("import.meta.url") ? text.split("import.meta.url").join(JSON.stringify(pathToFileURL(args.path).href)) : text;
          return { contents, loader: "ts" };
        });
      },
    };
    await esbuild.build({ ...common, entryPoints: entries(files), splitting: true, entryNames: "[dir]/[name]", chunkNames: "chunks/[name]-[hash]", plugins: [sourceUrls] });
    const judge = judgeEntry(root, files);
    await esbuild.build({
      ...common,
      entryPoints: { [join("grader", "cli")]: "dnn-workbook:judge" },
      // The commands the CLI imports lazily (book, batch, the authoring tools) become chunks of their
      // own, so their packages (markdown-it, KaTeX, esbuild) load only when such a command runs.
      splitting: true,
      chunkNames: "judge/[name]-[hash]",
      plugins: [
        sourceUrls,
        {
          name: "judge-entry",
          setup(build) {
            build.onResolve({ filter: /^dnn-workbook:(judge|registry)$/ }, (args) => ({ path: args.path, namespace: "dnn-workbook" }));
            build.onResolve({ filter: /^file:/ }, (args) => ({ path: fileURLToPath(args.path) }));
            build.onLoad({ filter: /.*/, namespace: "dnn-workbook" }, (args) => ({ contents: args.path.endsWith(":judge") ? judge.entry : judge.registry, loader: "js", resolveDir: root }));
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

