// dev:new scaffolds an exercise numbered after the last one; dev:check then lists exactly what is
// left to fill in, which is what dev:new printed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { checkCourse } from "../grader/authoring/course-check.ts";
import { formatLeftToFill } from "../grader/commands/dev-check.ts";
import { devNewCommand } from "../grader/commands/dev-new.ts";
import { stubFromSolution } from "../grader/authoring/stub.ts";
import { devFixture } from "./fixtures/dev/build.ts";
import { has, INSTALL, testsNeeding } from "./helpers/tools.ts";

const HAS_NUMPY = has.numpy();

/** Runs a command function and returns what it printed on stdout with its exit code. */
async function capture(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const write = process.stdout.write;
  let out = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await run(), out };
  } finally {
    process.stdout.write = write;
  }
}

test("dev:new scaffolds every file, numbered after the last exercise, and lists what is left", async () => {
  const f = devFixture();
  try {
    const { code, out } = await capture(() => devNewCommand(["leaky_relu"], f.root));
    assert.is(code, 0);
    for (const file of [
      "solutions/03_leaky_relu.ts",
      "grader/specs/03_leaky_relu.ts",
      "grader/reference/03_leaky_relu.py",
      "exercises/03_leaky_relu.ts",
      "lessons/en/02_leaky_relu.md",
      "lessons/ko/02_leaky_relu.md",
    ]) {
      assert.ok(existsSync(f.path(file)), `${file} missing:\n${out}`);
      assert.ok(out.includes(`wrote ${file}`), out);
    }
    // The stub is what dev:sync writes.
    assert.is(f.read("exercises/03_leaky_relu.ts"), stubFromSolution(f.read("solutions/03_leaky_relu.ts"), "solutions/03_leaky_relu.ts"));
    assert.match(f.read("solutions/03_leaky_relu.ts"), /export function leakyRelu\(Z: NDArray\): NDArray/);
    assert.match(f.read("grader/specs/03_leaky_relu.ts"), /lesson: "02_leaky_relu#leaky-relu"/);
    assert.match(f.read("lessons/en/02_leaky_relu.md"), /^## .* \{#leaky-relu\}$/m);

    // dev:check lists exactly what dev:new printed, and the placeholder hints count as missing.
    const check = await checkCourse(f.root, { only: "03_leaky_relu" });
    const left = formatLeftToFill(check.exercises[0]!.leftToFill);
    const printed = out.split("\n").slice(out.split("\n").findIndex((l) => l.startsWith("Left to fill in")) + 1);
    assert.equal(printed.slice(0, left.length).map((l) => l.trim()), left.map((l) => l.trim()));
    assert.is(printed[left.length], "");
    assert.ok(left.some((l) => l.startsWith("grader/reference/03_leaky_relu.json") && l.includes("python3 grader/reference/03_leaky_relu.py")), left.join("\n"));
    assert.ok(left.some((l) => /^solutions\/03_leaky_relu\.ts:\d+\s+TODO\(author\)/.test(l)));
    assert.ok(check.problems.some((p) => p.rule === "hints" && p.message.includes("0 hints written (2 still TODO(author))")));
    // The other exercises are untouched, and the new one collides with nothing.
    const all = await checkCourse(f.root, { grade: false });
    assert.equal([...new Set(all.problems.map((p) => p.slug))], ["03_leaky_relu"]);
  } finally {
    f.remove();
  }
});

test("dev:new --lesson adds a section before the summary of an existing lesson", async () => {
  const f = devFixture();
  try {
    const { code, out } = await capture(() => devNewCommand(["cube", "--lesson", "01_basics"], f.root));
    assert.is(code, 0, out);
    assert.match(out, /added a section to lessons\/en\/01_basics\.md/);
    const en = f.read("lessons/en/01_basics.md");
    assert.ok(en.indexOf("{#cube}") > en.indexOf("{#shifting}") && en.indexOf("{#cube}") < en.indexOf("{#summary}"), en);
    const ko = f.read("lessons/ko/01_basics.md");
    assert.ok(ko.indexOf("{#cube}") < ko.indexOf("## 요약"), ko);
    assert.match(f.read("grader/specs/03_cube.ts"), /lesson: "01_basics#cube"/);
    const check = await checkCourse(f.root, { only: "03_cube", grade: false });
    assert.not.ok(check.problems.some((p) => p.rule === "lesson"), JSON.stringify(check.problems, null, 1));
  } finally {
    f.remove();
  }
});

test("dev:new refuses a name that is not snake_case or is taken, and writes nothing", async () => {
  const f = devFixture();
  try {
    for (const [args, says] of [
      [["LeakyRelu"], "not a snake_case name"],
      [["leaky-relu"], "not a snake_case name"],
      [["2relu"], "not a snake_case name"],
      [["scale"], 'The name "scale" is taken: grader/specs/01_scale.ts'],
      [["double", "--fn", "shift"], "shift is already an export of 02_shift"],
      [["cube", "--lesson", "09_nowhere"], "lessons/en/09_nowhere.md and lessons/ko/09_nowhere.md do not exist"],
      [[], "Usage: npm run dev:new"],
    ] as const) {
      try {
        await capture(() => devNewCommand([...args], f.root));
        assert.unreachable(`dev:new ${args.join(" ")} should fail`);
      } catch (e) {
        assert.is((e as Error).name, "UsageError", String(e));
        assert.ok((e as Error).message.includes(says), (e as Error).message);
      }
    }
    assert.not.ok(existsSync(f.path("grader/specs/03_double.ts")));
    assert.not.ok(existsSync(f.path("solutions/03_cube.ts")));
  } finally {
    f.remove();
  }
});

/** Reference outputs come from numpy: the last test needs python3 with numpy (skipped without, CI included). */
const withNumpy = testsNeeding(HAS_NUMPY, INSTALL.numpy, "dev:new's end-to-end test", { requiredInCI: false });

withNumpy("after dev:new and filling everything in, dev:check passes on the new exercise", async () => {
  const f = devFixture();
  try {
    await capture(() => devNewCommand(["negate"], f.root));
    const strip = (rel: string) => f.write(rel, f.read(rel).replace(/TODO\(author\): /g, ""));
    for (const rel of ["solutions/03_negate.ts", "grader/reference/03_negate.py", "lessons/en/02_negate.md", "lessons/ko/02_negate.md"]) strip(rel);
    f.edit("grader/specs/03_negate.ts", /hints: \[[^\]]*\]/, 'hints: ["What happens to the sign?", "np.multiply(Z, -1)."]');
    f.edit("grader/specs/03_negate.ts", "TODO(author): a title with the formula", "Negate: -Z");
    f.edit("solutions/03_negate.ts", "np.multiply(Z, 1)", "np.multiply(Z, -1)");
    f.edit("grader/reference/03_negate.py", "return Z ", "return -Z ");
    f.write("exercises/03_negate.ts", stubFromSolution(f.read("solutions/03_negate.ts")));
    const py = spawnSync("python3", [f.path("grader/reference/03_negate.py")], { encoding: "utf8" });
    assert.is(py.status, 0, py.stderr);
    const check = await checkCourse(f.root, { only: "03_negate" });
    assert.ok(check.ok, JSON.stringify(check.problems, null, 1));
  } finally {
    f.remove();
  }
});

test.run();
