// The executor's entry in a worker thread: TypeScript support first, then the learner-module rules
// (./hooks.mjs), then the executor. A worker cannot load a .ts entry directly, hence this .mjs file.
import { register } from "node:module";
import { workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";

process.setSourceMapsEnabled(true);
register(new URL("./ts-hooks.mjs", import.meta.url), { data: { warm: workerData.warm === true } });
register(new URL("./hooks.mjs", import.meta.url), {
  data: {
    learnerDir: workerData.learnerDir,
    solutionsDir: workerData.solutionsDir,
    graderDir: workerData.graderDir,
    libDir: workerData.libDir,
    build: workerData.build,
  },
});
// The prebuilt executor when there is one (grader/build.mjs), else the sources.
await import(workerData.build ? pathToFileURL(`${workerData.build}/grader/executor/worker.js`).href : "./worker.ts");
