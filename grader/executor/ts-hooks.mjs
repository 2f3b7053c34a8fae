// TypeScript for the workbook: a module-loader hook that turns .ts into JavaScript with esbuild
// (types removed, nothing else changed; an inline source map keeps the learner's line numbers in
// stack traces) and caches the result by content, so an unchanged file is never compiled twice.
//
// It does the one thing the grader needs from tsx, at a fraction of tsx's start-up cost: the
// grading worker and the CLI register it instead (see register.mjs and worker-entry.mjs). Imports
// keep their .ts extensions, so no resolution rules are needed.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const CACHE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "node_modules", ".cache", "dnn-workbook");
const VERSION = "1";
let esbuild;
let cacheWritable = true;

/**
 * `{ warm: true }` (watch mode): load esbuild and start its service now, in the background, so the
 * first saved file does not wait for it.
 */
export function initialize(data) {
  if (data?.warm) {
    import("esbuild")
      .then((m) => {
        esbuild ??= m;
        return esbuild.transform("export {}", { loader: "ts" });
      })
      .catch(() => {});
  }
}

function compiled(path, source) {
  const key = createHash("sha1").update(VERSION).update("\0").update(path).update("\0").update(source).digest("hex");
  const file = join(CACHE, `${key}.mjs`);
  try {
    return { code: readFileSync(file, "utf8") };
  } catch {
    return { file };
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !/\.(?:ts|mts)(?:[?#]|$)/.test(url)) return nextLoad(url, context);
  const path = fileURLToPath(url.replace(/[?#].*$/, ""));
  const source = readFileSync(path, "utf8");
  const cached = compiled(path, source);
  if (cached.code !== undefined) return { format: "module", source: cached.code, shortCircuit: true };
  esbuild ??= await import("esbuild");
  // A syntax error throws esbuild's "file:line:column: ERROR: text", which the grader shows with a code frame.
  // The asynchronous API talks to esbuild's process directly; the synchronous one first starts a
  // thread to wait in, which made the first edited file take twice as long.
  const { code } = await esbuild.transform(source, { loader: "ts", format: "esm", target: "node20", sourcemap: "inline", sourcefile: path });
  if (cacheWritable) {
    try {
      mkdirSync(CACHE, { recursive: true });
      const tmp = `${cached.file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, cached.file);
    } catch {
      cacheWritable = false;
    }
  }
  return { format: "module", source: code, shortCircuit: true };
}
