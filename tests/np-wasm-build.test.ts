/**
 * The committed WebAssembly kernel behind np.dot is what its generator makes: the .wat and the
 * bytes in lib/np/dot-wasm-bytes.ts cannot drift from lib/np/wasm/build.mjs.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../grader/exercises.ts";

test("lib/np/wasm/build.mjs --check: the committed kernel is up to date", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "lib/np/wasm/build.mjs"), "--check"], { cwd: ROOT, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /up to date \(\d+ \+ \d+ bytes\)/);
});

test.run();
