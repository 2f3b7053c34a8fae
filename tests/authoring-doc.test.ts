// AUTHORING.md, followed literally in a copy of the workbook: its walk-through's code blocks are
// run (console), written (file=…), spliced into a lesson (section=…#anchor) or compared (expect=…),
// in order, and every command's output must be the one the document shows. The new exercise then
// passes dev:check and is graded: the solution passes, the stub is "not started".
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CourseCheck } from "../grader/authoring/course-check.ts";
import { makeTempWorkbook } from "../grader/authoring/temp-workbook.ts";
import { ROOT } from "../grader/exercises.ts";
import { pristineStubs } from "./helpers/pristine.ts";
import { has, INSTALL, testsNeeding } from "./helpers/tools.ts";

const HAS_NUMPY = has.numpy();

type Block = { lang: string; attrs: Record<string, string>; body: string; line: number };

/** The fenced code blocks of a Markdown text, with their info-string attributes (`file=…`). */
export function codeBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === "```");
    if (end < 0) throw new Error(`the code block at line ${i + 1} is not closed`);
    const attrs = Object.fromEntries([...open[2]!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    out.push({ lang: open[1]!, attrs, body: lines.slice(i + 1, end).join("\n") + "\n", line: i + 1 });
    i = end;
  }
  return out;
}

/** The commands of a console block, each with the output shown under it. */
function commands(body: string): { cmd: string; output: string[] }[] {
  const out: { cmd: string; output: string[] }[] = [];
  for (const line of body.replace(/\n$/, "").split("\n")) {
    if (line.startsWith("$ ")) out.push({ cmd: line.slice(2), output: [] });
    else out.at(-1)?.output.push(line);
  }
  return out;
}

/** What may differ between two runs: timings, backup time stamps, lines of lessons others edit, npm's header, spacing. */
function normalize(lines: string[]): string[] {
  return lines
    .filter((l) => !l.startsWith("> ") && l.trim() !== "")
    .map((l) =>
      l
        .trimEnd()
        .replace(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z/g, "<time>")
        .replace(/\(\d+(?:\.\d+)? s\)/g, "(… s)")
        .replace(/(\.md):\d+/g, "$1:N")
        .replace(/ {2,}/g, " "),
    );
}

/** The walk-through makes reference outputs with numpy: skipped without it (CI included, which must not need Python). */
const withNumpy = testsNeeding(HAS_NUMPY, INSTALL.numpy, "the AUTHORING.md walk-through", { requiredInCI: false });

withNumpy("AUTHORING.md, followed literally, adds an exercise that passes dev:check and is graded", async () => {
  const doc = readFileSync(join(ROOT, "AUTHORING.md"), "utf8");
  // The walk-through: from its heading to the next level-2 heading outside a code block.
  const lines = doc.split("\n");
  const start = lines.indexOf("## Add an exercise in ten minutes: leaky ReLU");
  let fenced = false;
  const end = lines.findIndex((l, j) => {
    if (l.startsWith("```")) fenced = !fenced;
    return j > start && !fenced && l.startsWith("## ");
  });
  assert.ok(start > 0 && end > start, "the walk-through section");
  const blocks = codeBlocks(lines.slice(start, end).join("\n"));
  assert.ok(blocks.length >= 9, `${blocks.length} blocks`);

  const wb = makeTempWorkbook({ copy: ["grader", "lib", "solutions", "lessons", "package.json", "tsconfig.json"], link: ["node_modules"], prefix: "dnn-authoring-doc-" });
  const root = wb.root;
  // An instructor's checkout: the stubs as generated (exercises/ here may hold a learner's work).
  cpSync(pristineStubs(), join(root, "exercises"), { recursive: true });
  // The document numbers the exercise 12 (the complete course has 00–11); a course still being
  // written gives another number, which is mapped both ways.
  let id = "12";
  const toActual = (s: string) => (id === "12" ? s : s.replace(/12_leaky_relu/g, `${id}_leaky_relu`).replace(/\b(Exercise|연습|grade --) 12\b/g, `$1 ${id}`).replace(/\b12 leaky_relu/g, `${id} leaky_relu`));
  const toDoc = (s: string) => (id === "12" ? s : s.replace(new RegExp(`\\b${id}(_| )leaky_relu`, "g"), "12$1leaky_relu").replace(new RegExp(`\\b(Exercise|연습|grade --) ${id}\\b`, "g"), "$1 12"));
  try {
    let last = 0;
    let ran = 0;
    for (const b of blocks) {
      const where = `AUTHORING.md block at line ${b.line + start}`;
      if (b.lang === "console") {
        const cmds = commands(b.body);
        cmds.forEach(({ cmd, output }, k) => {
          let actual: string;
          if (cmd === "echo $?") actual = `${last}\n`;
          else {
            const r = spawnSync("bash", ["-c", toActual(cmd)], { cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, timeout: 120_000 });
            actual = r.stdout + r.stderr;
            last = r.status ?? 1;
            const created = /Created exercise (\d{2}) leaky_relu/.exec(actual);
            if (created) id = created[1]!;
            const expected = cmds[k + 1]?.cmd === "echo $?" ? Number(cmds[k + 1]!.output[0]) : 0;
            assert.is(last, expected, `${where}: \`${cmd}\` exited with ${last}:\n${actual}`);
          }
          ran++;
          assert.equal(normalize(toDoc(actual).split("\n")), normalize(output), `${where}: the output of \`${cmd}\` is not the one shown`);
        });
      } else if (b.attrs.file) {
        const file = join(root, toActual(b.attrs.file));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, toActual(b.body));
      } else if (b.attrs.section) {
        const [rel, anchor] = toActual(b.attrs.section).split("#");
        const file = join(root, rel!);
        const text = readFileSync(file, "utf8");
        const lines = text.split("\n");
        const from = lines.findIndex((l) => /^## /.test(l) && l.endsWith(`{#${anchor}}`));
        assert.ok(from >= 0, `${where}: ${rel} has no section {#${anchor}} to replace`);
        const to = lines.findIndex((l, j) => j > from && /^## /.test(l));
        writeFileSync(file, [...lines.slice(0, from), ...toActual(b.body).split("\n"), ...lines.slice(to)].join("\n"));
      } else if (b.attrs.expect) {
        assert.fixture(readFileSync(join(root, toActual(b.attrs.expect)), "utf8"), toActual(b.body), `${where}: ${b.attrs.expect}`);
      }
    }
    assert.ok(ran >= 6, `${ran} commands ran`);

    // The exercise passes every rule, and grading agrees. (In the copy's own process: the copy has
    // its own lib/, which this process's grader must not mix with its own.)
    const slug = `${id}_leaky_relu`;
    // The three runs are independent: they run at the same time, each as the npm scripts run the
    // CLI (the workbook's own TypeScript hook, grader/register.mjs, which starts in half the time tsx does).
    const cli = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "./grader/register.mjs", "grader/cli.ts", ...args], { cwd: root });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
    const grades = [[["--solutions"], "passed"], [[], "not-started"]] as const;
    const [dc, ...graded] = await Promise.all([cli("dev:check", slug, "--json"), ...grades.map(([args]) => cli("grade", ...args, slug, "--reporter", "json"))]);
    assert.is(dc!.status, 0, dc!.stdout + dc!.stderr);
    const check = JSON.parse(dc!.stdout) as CourseCheck;
    assert.ok(check.ok);
    const rules = check.exercises[0]!.rules;
    assert.is(rules.find((r) => r.rule === "solution-passes")!.status, "ok");
    assert.is(rules.find((r) => r.rule === "stub-not-started")!.status, "ok");
    grades.forEach(([, status], i) => {
      const report = JSON.parse(graded[i]!.stdout);
      assert.is(report.results[0].status, status);
      if (status === "passed") assert.is(report.results[0].points, report.results[0].maxPoints);
    });
  } finally {
    wb.remove();
  }
});

test.run();
