// The stub generator (grader/authoring/stub.ts): solution markers → learner stubs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { StubError, stubFromSolution } from "../grader/authoring/stub.ts";

const lines = (...l: string[]) => l.join("\n");

/** Asserts that `fn` throws a StubError whose message contains every part. */
function throwsStub(fn: () => unknown, ...parts: string[]) {
  try {
    fn();
  } catch (e) {
    assert.instance(e, StubError);
    for (const p of parts) assert.ok((e as Error).message.includes(p), `message "${(e as Error).message}" lacks "${p}"`);
    return;
  }
  assert.unreachable("expected a StubError");
}

test("a region becomes its TODO and the not-implemented marker, named after its function", () => {
  const solution = lines(
    `import { np } from "../lib/np/index.ts";`,
    ``,
    `export function double(A: number): number {`,
    `  // BEGIN SOLUTION: return twice A`,
    `  // why: doubling is adding A to itself`,
    `  return A + A;`,
    `  // END SOLUTION`,
    `}`,
  );
  assert.is(
    stubFromSolution(solution),
    lines(
      `import { np } from "../lib/np/index.ts";`,
      `import { notImplemented } from "../lib/workbook.ts";`,
      ``,
      `export function double(A: number): number {`,
      `  // TODO: return twice A`,
      `  return notImplemented("double");`,
      `}`,
    ),
  );
});

test("the e.g. example goes on a line of its own, aligned under the TODO text", () => {
  const stub = stubFromSolution(
    lines(`export function f(x: number) {`, `    // BEGIN SOLUTION: compute Z = W·A + b. e.g. A (3, 2) → Z (1, 2)`, `    return x;`, `    // END SOLUTION`, `}`),
  );
  assert.ok(stub.includes(lines(`    // TODO: compute Z = W·A + b.`, `    //       e.g. A (3, 2) → Z (1, 2)`, `    return notImplemented("f");`)), stub);
});

test("the solution's why-comments and code never reach the stub", () => {
  const stub = stubFromSolution(
    lines(`export function secret() {`, `  // BEGIN SOLUTION: return the answer`, `  // the answer is 42 because of the guide`, `  return 42;`, `  // END SOLUTION`, `}`),
  );
  assert.not.ok(stub.includes("42"));
  assert.not.ok(stub.includes("SOLUTION"));
});

test("several regions in several functions, methods included", () => {
  const stub = stubFromSolution(
    lines(
      `export class Dense {`,
      `  build(n: number): void {`,
      `    // BEGIN SOLUTION: create W`,
      `    this.n = n;`,
      `    // END SOLUTION`,
      `  }`,
      `  call(x: number): number {`,
      `    // BEGIN SOLUTION: apply the layer`,
      `    return x * this.n;`,
      `    // END SOLUTION`,
      `  }`,
      `}`,
    ),
  );
  assert.ok(stub.includes(`    return notImplemented("build");`), stub);
  assert.ok(stub.includes(`    return notImplemented("call");`), stub);
  assert.is(stub.match(/\/\/ TODO:/g)?.length, 2);
});

test("the one-line form keeps the declaration and replaces its value", () => {
  const stub = stubFromSolution(
    lines(`export function f(W: number, A: number) {`, `  const Z: number = W * A; // SOLUTION: the product W·A`, `  return Z;`, `}`),
  );
  assert.ok(stub.includes(`  const Z: number = notImplemented("Z"); // TODO: the product W·A`), stub);
  assert.ok(stub.includes(`  return Z;`));
});

test("the one-line form on a return statement is named after its function", () => {
  const stub = stubFromSolution(lines(`export function g(x: number) {`, `  return x + 1; // SOLUTION: one more than x`, `}`));
  assert.ok(stub.includes(`  return notImplemented("g"); // TODO: one more than x`), stub);
});

test("the notImplemented import goes after the last import, once", () => {
  const stub = stubFromSolution(
    lines(
      `/** doc */`,
      `import { np } from "../lib/np/index.ts";`,
      `import type { NDArray } from "../lib/np/index.ts";`,
      `import {`,
      `  a,`,
      `} from "./x.ts";`,
      ``,
      `export function f() {`,
      `  // BEGIN SOLUTION: do it`,
      `  return 1;`,
      `  // END SOLUTION`,
      `}`,
    ),
  );
  const at = stub.split("\n").indexOf(`import { notImplemented } from "../lib/workbook.ts";`);
  assert.is(at, 6, stub);
  assert.is(stub.split(`from "../lib/workbook.ts"`).length, 2);
});

test("a solution without imports gets the import at the top", () => {
  const stub = stubFromSolution(lines(`export function f() {`, `  return 1; // SOLUTION: one`, `}`));
  assert.ok(stub.startsWith(`import { notImplemented } from "../lib/workbook.ts";\n`), stub);
});

test("an import the solution already has is not added twice", () => {
  const src = lines(`import { notImplemented } from "../lib/workbook.ts";`, `export function f() {`, `  return 1; // SOLUTION: one`, `}`);
  assert.is(stubFromSolution(src).split("notImplemented }").length, 2);
});

test("unbalanced markers are errors with the file and line", () => {
  throwsStub(() => stubFromSolution(lines(`function f() {`, `  // BEGIN SOLUTION: x`, `  return 1;`, `}`), "solutions/01_x.ts"), `solutions/01_x.ts:2:`, "no matching");
  throwsStub(() => stubFromSolution(lines(`function f() {`, `  return 1;`, `  // END SOLUTION`, `}`), "s.ts"), "s.ts:3:", "without");
  throwsStub(
    () => stubFromSolution(lines(`function f() {`, `  // BEGIN SOLUTION: a`, `  // BEGIN SOLUTION: b`, `  return 1;`, `  // END SOLUTION`, `}`), "s.ts"),
    "s.ts:3:",
    "inside another one (line 2)",
  );
});

test("a region or line without its TODO text is an error that says what to write", () => {
  throwsStub(() => stubFromSolution(lines(`function f() {`, `  // BEGIN SOLUTION`, `  return 1;`, `  // END SOLUTION`, `}`), "s.ts"), "s.ts:2:", "needs the TODO");
  throwsStub(() => stubFromSolution(lines(`function f() {`, `  // BEGIN SOLUTION:   `, `  return 1;`, `  // END SOLUTION`, `}`), "s.ts"), "s.ts:2:", "needs the TODO");
  throwsStub(() => stubFromSolution(lines(`function f() {`, `  return 1; // SOLUTION`, `}`), "s.ts"), "s.ts:2:", "needs the TODO");
});

test("a solution without any marker is an error: nothing for the learner to write", () => {
  throwsStub(() => stubFromSolution(`export const x = 1;`, "s.ts"), "s.ts:", "nothing for the learner");
});

test("generating is deterministic and a stub has no markers left", () => {
  const src = lines(`export function f() {`, `  // BEGIN SOLUTION: a. e.g. 1 → 2`, `  return 2;`, `  // END SOLUTION`, `}`);
  assert.is(stubFromSolution(src), stubFromSolution(src));
  assert.not.ok(/SOLUTION/.test(stubFromSolution(src)));
});

test.run();
