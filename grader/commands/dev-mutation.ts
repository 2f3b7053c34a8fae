/**
 * `npm run dev:mutation` — StrykerJS over the answer regions of solutions/, with the grader as the
 * test command: a mutant is killed when `grade --solutions` fails on it. Slow (every mutant is a
 * grading run), so it is not part of `npm test`; tests/mutants.test.ts runs the workbook's own,
 * faster operator catalog in CI.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, listExercises, paths } from "../exercises.ts";
import { answerLines } from "../authoring/mutate.ts";

/** "solutions/02_linear_forward.ts:27-29" for every run of answer lines. */
export function mutationRanges(root = ROOT): string[] {
  const ranges: string[] = [];
  for (const ex of listExercises(root)) {
    const file = paths.solution(ex, root);
    const lines = answerLines(readFileSync(file, "utf8").split("\n")).map((i) => i + 1);
    let start = lines[0];
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      if (lines[k + 1] !== line + 1) {
        ranges.push(`${relative(root, file)}:${start}-${line}`);
        start = lines[k + 1];
      }
    }
  }
  return ranges;
}

export async function devMutationCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { concurrency: { type: "string" }, "dry-run": { type: "boolean" } } });
  const mutate = mutationRanges();
  if (values["dry-run"]) {
    console.log(mutate.join("\n"));
    return 0;
  }
  const { Stryker } = await import("@stryker-mutator/core");
  const stryker = new Stryker({
    mutate,
    testRunner: "command",
    commandRunner: { command: "node --import tsx grader/cli.ts grade --solutions --reporter json --output .stryker-result.json" },
    coverageAnalysis: "off",
    concurrency: values.concurrency ? Number(values.concurrency) : 2,
    timeoutMS: 20_000,
    reporters: ["clear-text", "progress", "json"],
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    tempDirName: ".stryker-tmp",
    cleanTempDir: true,
    ignorePatterns: [".dnn-workbook", "book", "reports", "tests"],
    plugins: [],
  });
  const results = await stryker.runMutationTest();
  const killed = results.filter((r) => r.status === "Killed" || r.status === "Timeout").length;
  const valid = results.filter((r) => r.status !== "CompileError" && r.status !== "RuntimeError" && r.status !== "Ignored").length;
  const survived = results.filter((r) => r.status === "Survived" || r.status === "NoCoverage");
  console.log(`\nMutation score: ${killed}/${valid} killed (${((100 * killed) / Math.max(valid, 1)).toFixed(1)}%)`);
  for (const m of survived) {
    console.log(`  survived: ${m.fileName}:${m.location.start.line} ${m.mutatorName}: ${m.replacement ?? ""}`);
  }
  return survived.length === 0 ? 0 : 1;
}
