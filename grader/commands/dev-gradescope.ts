/**
 * `npm run dev:gradescope [-- --out FILE] [--writer zip|node]` — builds the Gradescope autograder:
 * a zip with setup.sh (Node 20, npm ci) and run_autograder (the learner's files graded in the
 * batch sandbox, results.json always written) at its root, and the workbook's grader, lib,
 * solutions, fresh stubs, package.json and package-lock.json. Uses the `zip` program when there is
 * one, else writes the zip itself (node:zlib).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, UsageError, listExercises, paths } from "../exercises.ts";
import { stubFromSolution } from "../authoring/stub.ts";
import { writeZip } from "../authoring/zip.ts";
import type { ZipEntry } from "../authoring/zip.ts";

export const DEFAULT_ZIP = "dist/gradescope-autograder.zip";
/** What goes into /autograder/source besides the scripts. */
const COPY = ["package.json", "package-lock.json", "tsconfig.json", "grader", "lib", "solutions"];
/** Not needed to grade. */
const SKIP = /(?:^|\/)(?:__pycache__|node_modules|\.[^/]+)(?:\/|$)|\.py$/;

/** The autograder's files in a folder: the workbook's code, fresh stubs, and the two scripts at the root. */
export function stageAutograder(root: string, dir: string): string[] {
  for (const p of COPY) {
    if (!existsSync(join(root, p))) {
      if (p === "package-lock.json") throw new UsageError("package-lock.json is missing: setup.sh runs npm ci, which needs it. Run npm install first.");
      continue;
    }
    cpSync(join(root, p), join(dir, p), { recursive: true, filter: (src) => !SKIP.test(relative(root, src)) });
  }
  mkdirSync(join(dir, "exercises"), { recursive: true });
  for (const ex of listExercises(root)) {
    const solution = paths.solution(ex, root);
    if (existsSync(solution)) writeFileSync(paths.learner(ex, join(dir, "exercises")), stubFromSolution(readFileSync(solution, "utf8"), relative(root, solution)));
  }
  for (const script of ["setup.sh", "run_autograder"]) {
    copyFileSync(join(root, "autograder", script), join(dir, script));
    chmodSync(join(dir, script), 0o755);
  }
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      if (statSync(join(dir, p)).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk("");
  return files;
}

const hasZipProgram = () => spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;

export async function devGradescopeCommand(argv: string[], root = ROOT): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string", short: "o" }, writer: { type: "string" } } });
  const writer = values.writer ?? (hasZipProgram() ? "zip" : "node");
  if (writer !== "zip" && writer !== "node") throw new UsageError(`--writer takes zip or node, not "${writer}".`);
  if (writer === "zip" && !hasZipProgram()) throw new UsageError("--writer zip: there is no zip program; use --writer node.");
  const out = resolve(values.out ?? join(root, DEFAULT_ZIP));
  const stage = mkdtempSync(join(tmpdir(), "dnn-gradescope-"));
  try {
    const files = stageAutograder(root, stage);
    mkdirSync(dirname(out), { recursive: true });
    rmSync(out, { force: true });
    if (writer === "zip") {
      const r = spawnSync("zip", ["-q", "-X", out, ...files], { cwd: stage, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`zip failed: ${r.stderr || r.stdout}`);
    } else {
      const entries: ZipEntry[] = files.map((name) => ({ name, data: readFileSync(join(stage, name)), mode: statSync(join(stage, name)).mode & 0o777 }));
      writeFileSync(out, writeZip(entries));
    }
    const kb = Math.round(statSync(out).size / 1024);
    process.stdout.write(
      `Wrote ${relative(process.cwd(), out) || out}: ${files.length} files, ${kb} kB (${writer === "zip" ? "zip" : "node:zlib"}).\n` +
        `In Gradescope: assignment → Configure Autograder → Zip file upload (base image: Ubuntu 22.04).\n` +
        `Learners upload their exercises/NN_name.ts files; each is graded in the batch sandbox.\n`,
    );
    return 0;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
