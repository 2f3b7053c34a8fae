/**
 * The reporters on a real report with every outcome: JSON validated against its schema, JUnit XML
 * parsed, Gradescope's fields checked, the pretty report's key lines.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { XMLParser } from "fast-xml-parser";
import { Runner } from "../grader/runner/index.ts";
import { ROOT, findExercise } from "../grader/exercises.ts";
import { reporters } from "../grader/reporters/index.ts";
import type { ReporterOptions } from "../grader/reporters/index.ts";
import { totalsOf } from "../grader/types.ts";
import type { GradeReport } from "../grader/types.ts";
import { FIXTURES } from "./helpers/grade-fixture.ts";

const options: ReporterOptions = { color: false, detail: "all", width: 80 };
let report: GradeReport;

test.before(async () => {
  // The loop has a short limit (it spins a core for its whole limit; loading the file, the one step
  // before the loop that counts against it, takes about 20 ms); the other files the specs' own
  // (5 s), which a busy machine cannot turn into a timeout. The runner reads its limit as each
  // exercise starts.
  const runner = new Runner({ learnerDir: FIXTURES, hiddenSeed: 3 });
  const ex = findExercise("02");
  const files = ["pass", "wrong-value", "wrong-shape", "throws", "not-started", "missing-export", "timeout", "syntax-error"];
  const results = [];
  try {
    for (const f of files) {
      runner.options.timeLimitMs = f === "timeout" ? 500 : undefined;
      results.push(await runner.grade(ex, join(FIXTURES, "engine", "02_linear_forward", `${f}.ts`)));
    }
  } finally {
    await runner.close();
  }
  report = { workbook: "dnn-workbook", version: 1, source: "tests/fixtures", hiddenSeed: 3, results, totals: totalsOf(results) };
});

test("json: the report validates against grader/reporters/report.schema.json", () => {
  const schema = JSON.parse(readFileSync(join(ROOT, "grader/reporters/report.schema.json"), "utf8"));
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const parsed = JSON.parse(reporters.json(report, options)) as { results: { status: string }[] };
  assert.ok(validate(parsed), JSON.stringify(validate.errors, null, 1));
  assert.equal(
    parsed.results.map((r: { status: string }) => r.status),
    ["passed", "failed", "failed", "error", "not-started", "error", "timeout", "error"],
  );
  // The schema is strict: an unknown field is rejected.
  assert.not.ok(validate({ ...parsed, extra: 1 }));
});

test("junit: well-formed XML, one testcase per check, failures and errors counted", () => {
  const xml = reporters.junit(report, options);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
  const suites = [doc.testsuites.testsuite].flat();
  assert.is(suites.length, report.results.length);
  const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, unknown>[];
  const expectedCases = report.results.reduce((n, r) => n + Math.max(1, r.checks.length), 0);
  assert.is(cases.length, expectedCases);
  assert.is(Number(doc.testsuites.tests), expectedCases);
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  assert.is(Number(doc.testsuites.failures), failures);
  assert.is(Number(doc.testsuites.errors), errors);
  assert.ok(failures > 0 && errors > 0);
  assert.ok(cases.some((c) => (c.error as { type?: string } | undefined)?.type === "timeout"));
});

test("gradescope: score, max_score and one test per check with Gradescope's fields", () => {
  const gs = JSON.parse(reporters.gradescope(report, options));
  assert.is(gs.score, report.totals.points);
  assert.is(gs.max_score, report.totals.maxPoints);
  assert.ok(Array.isArray(gs.tests) && gs.tests.length > 0);
  for (const t of gs.tests) {
    assert.type(t.name, "string");
    assert.type(t.score, "number");
    assert.type(t.max_score, "number");
    assert.ok(t.status === "passed" || t.status === "failed");
    assert.type(t.output, "string");
    assert.is(t.output_format, "text");
  }
  const sum = gs.tests.reduce((s: number, t: { score: number }) => s + t.score, 0);
  assert.is(sum, gs.score);
  assert.ok(gs.tests.some((t: { output: string }) => /Syntax error/.test(t.output)));
});

test("pretty: summary, detail, progress bar; no escape codes without colour", () => {
  const text = reporters.pretty(report, options);
  assert.not.match(text, /\u001b\[/);
  assert.match(text, /✔ 02 linear_forward\s+7\/7/);
  assert.match(text, /○ 02 linear_forward\s+not started/);
  assert.match(text, /⧗ 02 linear_forward\s+timed out/);
  assert.match(text, /1\/8 exercises · \d+\/\d+ checks · \d+\/\d+ points/);
  assert.match(text, /diff|expected:/);
  const colored = reporters.pretty(report, { ...options, color: true });
  assert.match(colored, /\u001b\[/);
});

test.run();
