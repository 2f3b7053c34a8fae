// Runs in the grading worker of a batch child, before any learner code. The child runs under
// Node's permission model with --allow-worker (the Runner needs its worker thread, and module hooks
// need theirs). A worker started with `execArgv: []` would run WITHOUT the permission model, so
// learner code gets no way to start threads or module loaders of its own: whichever way it reaches
// them (import, createRequire, process.getBuiltinModule), it meets these stubs.
import { createRequire, syncBuiltinESMExports } from "node:module";

const refuse = (what) =>
  function denied() {
    throw new Error(`${what} is not available while grading: an exercise computes with its inputs only.`);
  };

// Builtin exports are locked for good; process methods stay configurable, because the grader's own
// lockdown (grader/runner/worker.ts) redefines some of them next, with its own messages.
const lock = (object, name, value, configurable = false) => Object.defineProperty(object, name, { value, writable: false, configurable, enumerable: true });

// The very objects import, require and process.getBuiltinModule hand out.
const require = createRequire(import.meta.url);
lock(require("node:worker_threads"), "Worker", refuse("new Worker()"));
lock(require("node:module"), "register", refuse("module.register()"));
// process.getBuiltinModule (Node 20.16+) hands out any builtin without an import, so the import
// rules of grader/runner/hooks.mjs do not see it: refuse the same modules here. (The permission
// model would stop what they do with files and processes anyway; this says so in plain words.)
const DENIED_BUILTINS = new Set([
  "fs", "fs/promises", "child_process", "worker_threads", "cluster", "net", "http", "https", "http2",
  "dgram", "dns", "dns/promises", "tls", "vm", "module", "inspector", "repl", "v8", "wasi", "trace_events",
]);
if (typeof process.getBuiltinModule === "function") {
  const original = process.getBuiltinModule.bind(process);
  lock(
    process,
    "getBuiltinModule",
    function getBuiltinModule(id) {
      if (DENIED_BUILTINS.has(String(id).replace(/^node:/, ""))) {
        throw new Error(`process.getBuiltinModule("${id}") is not available while grading: an exercise computes with its inputs only.`);
      }
      return original(id);
    },
    false,
  );
}
for (const name of ["binding", "_linkedBinding", "dlopen", "kill", "_kill", "_debugProcess", "_startProfilerIdleNotifier"]) {
  if (name in process) {
    lock(process, name, refuse(`process.${name}`), true);
  }
}
syncBuiltinESMExports();
