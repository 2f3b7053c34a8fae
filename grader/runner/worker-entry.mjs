// The grading worker's entry: TypeScript support first (tsx), then the learner-module rules,
// then the worker itself. A worker cannot load a .ts entry directly, hence this .mjs file.
import { register } from "node:module";
import { workerData } from "node:worker_threads";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
register(new URL("./hooks.mjs", import.meta.url), {
  data: {
    learnerDir: workerData.learnerDir,
    solutionsDir: workerData.solutionsDir,
    graderDir: workerData.graderDir,
    libDir: workerData.libDir,
  },
});
await import("./worker.ts");
