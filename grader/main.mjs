// The grader's entry for the commands that must be quick (npm run grade, npm run watch): the
// prebuilt grader (./build.mjs) instead of the TypeScript sources, so no module goes through a
// loader hook, and the executor's worker thread started first, so it loads while the CLI does.
// Every other command, or a workbook that cannot be built, runs the sources through the TypeScript
// hook (./register.mjs), exactly as before.
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { BUILD, ROOT, ensureBuild } from "./build.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.some((a) => a === name || a.startsWith(`${name}=`));
const value = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1];
};
/** `grade` with no exercise named: the whole course. */
const wholeCourse = () => {
  const takesValue = new Set(["--dir", "--reporter", "--output", "--seed"]);
  return !argv.slice(1).some((a, i, rest) => !a.startsWith("-") && !takesValue.has(rest[i - 1] ?? ""));
};
/** As grader/commands/grade.ts gradingLanes: one, unless DNN_WORKBOOK_LANES=N asks for more. */
const lanes = () => {
  const asked = Number(process.env.DNN_WORKBOOK_LANES);
  return Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 4, Math.max(1, availableParallelism())) : 1;
};
const quick = argv[0] === "grade" && !flag("--submissions") && !flag("--help") && !flag("-h");
const build = quick ? await ensureBuild(ROOT) : undefined;

if (build) {
  const announced = { dir: build, root: ROOT };
  globalThis[BUILD] = announced;
  process.setSourceMapsEnabled(true);
  // The executor the CLI's Runner will ask for (grader/judge/worker-link.ts adopts it when it matches).
  const dir = value("--dir");
  const learnerDir = dir ? resolve(dir) : join(ROOT, flag("--solutions") ? "solutions" : "exercises");
  const data = { learnerDir, solutionsDir: join(ROOT, "solutions"), graderDir: join(ROOT, "grader"), libDir: join(ROOT, "lib"), build, ...(flag("--watch") || flag("-w") ? { warm: true } : {}) };
  const memoryMb = 1024;
  const start = () => {
    const worker = new Worker(new URL("./executor/worker-entry.mjs", import.meta.url), { workerData: data, stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    worker.unref();
    worker.on("error", () => {});
    const ready = new Promise((ok, fail) => {
      worker.on("message", function onReady(m) {
        if (m && m.op === "ready") {
          worker.off("message", onReady);
          ok();
        }
      });
      worker.once("error", fail);
      worker.once("exit", (code) => fail(new Error(`the executor exited (code ${code}) while starting`)));
    });
    ready.catch(() => {});
    return { worker, ready, key: JSON.stringify([data, memoryMb]) };
  };
  // A whole-course grade uses one executor per lane (grader/commands/grade.ts gradingLanes): start them all.
  announced.prestarted = Array.from({ length: wholeCourse() && !data.warm ? lanes() : 1 }, start);
  await import(pathToFileURL(join(build, "grader", "cli.js")).href);
} else {
  await import("./register.mjs");
  await import("./cli.ts");
}
