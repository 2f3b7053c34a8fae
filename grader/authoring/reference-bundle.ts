/**
 * The reference solutions as the judge needs them where solutions/ is not shipped (a learner's
 * GitHub Classroom repository): one minified ES module per exercise in grader/reference/bundle/,
 * with its imports of other exercises inlined and lib/ left as an import (the judge and the specs
 * must share lib/np's classes). No comments, no source map, no TypeScript: what the hidden cases
 * and the executor's cross-exercise imports need, not the source a learner could read.
 * Each exercise's stub (`NN_name.stub.ts`) sits beside it, for a submission without that file.
 *
 * solutions/NN_name.ts then holds one line, `export * from "../grader/reference/bundle/NN_name.mjs"`,
 * so that the specs, the judge and the batch mirror find the reference where they always do.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";
import type { Plugin } from "esbuild";
import { listExercises } from "../exercises.ts";
import { stubFromSolution } from "./stub.ts";

export const BUNDLE_DIR = join("grader", "reference", "bundle");

/** Writes the bundle of `root`'s solutions into `outRoot` (another workbook folder: its solutions/ become one-line shims). Returns the files written, relative to outRoot. */
export async function buildReferenceBundle(root: string, outRoot: string): Promise<string[]> {
  if (resolve(root) === resolve(outRoot)) throw new Error("the reference bundle replaces solutions/ with shims: build it into another folder, never into the workbook itself");
  const lib = resolve(root, "lib") + sep;
  const bundleDir = join(outRoot, BUNDLE_DIR);
  mkdirSync(bundleDir, { recursive: true });
  // lib/ stays an import, at the path it has from the bundle's folder.
  const libExternal: Plugin = {
    name: "lib-external",
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(lib)) return undefined;
        const fromBundle = relative(join(root, BUNDLE_DIR), target).split(sep).join("/");
        return { path: fromBundle, external: true };
      });
    },
  };
  const written: string[] = [];
  for (const ex of listExercises(root)) {
    const source = join(root, "solutions", `${ex.slug}.ts`);
    const out = await build({
      entryPoints: [source],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      target: "node20",
      write: false,
      legalComments: "none",
      plugins: [libExternal],
      logLevel: "silent",
    });
    const file = join(BUNDLE_DIR, `${ex.slug}.mjs`);
    mkdirSync(dirname(join(outRoot, file)), { recursive: true });
    writeFileSync(join(outRoot, file), `// The reference of exercise ${ex.id}, compiled for the grader (npm run dev:classroom): do not edit.\n${out.outputFiles[0]!.text}`);
    const stub = join(BUNDLE_DIR, `${ex.slug}.stub.ts`);
    writeFileSync(join(outRoot, stub), stubFromSolution(readFileSync(source, "utf8"), relative(root, source)));
    const shim = join("solutions", `${ex.slug}.ts`);
    mkdirSync(join(outRoot, "solutions"), { recursive: true });
    writeFileSync(join(outRoot, shim), `// Compiled: the reference of exercise ${ex.id} is not shipped as source.\nexport * from "../${BUNDLE_DIR.split(sep).join("/")}/${ex.slug}.mjs";\n`);
    written.push(file, stub, shim);
  }
  return written;
}
