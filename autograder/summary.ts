/**
 * Prints a saved JSON report (`npm run grade -- --reporter json --output results.json`) as Markdown,
 * for a GitHub Actions job summary:
 *
 *     node --import tsx autograder/summary.ts results.json >> "$GITHUB_STEP_SUMMARY"
 *
 * (Once the markdown reporter is registered in grader/reporters/index.ts,
 * `npm run grade -- --reporter markdown` does the same in one step.)
 */
import { readFileSync } from "node:fs";
import { markdown } from "../grader/reporters/markdown.ts";
import type { GradeReport } from "../grader/types.ts";

const file = process.argv[2] ?? "results.json";
let report: GradeReport;
try {
  report = JSON.parse(readFileSync(file, "utf8")) as GradeReport;
} catch (e) {
  process.stdout.write(`## dnn-workbook\n\nNo grading report: ${file} could not be read (${(e as Error).message}). See the job's log.\n`);
  process.exit(0);
}
process.stdout.write(markdown(report, { color: false, detail: "all", width: 100 }));
