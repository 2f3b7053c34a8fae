/**
 * The course checks itself (`npm run dev:check`), like rustlings' `dev check`: every exercise has
 * a spec, a solution, hints, a TODO in its stub, a lesson section in both languages and fresh
 * reference outputs; its solution passes and its untouched stub is "not started"; names do not
 * collide; every file belongs to an exercise.
 *
 * This module judges and returns data; grader/commands/dev-check.ts prints it. Every check takes
 * the workbook's `root`, so the tests run it on temporary copies with one defect each.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, listExercises, paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { ExerciseSpec } from "../check/spec.ts";
import { Runner } from "../runner/index.ts";
import type { ExerciseResult } from "../types.ts";
import { StubError, stubFromSolution } from "./stub.ts";

/** What an author leaves in a file for later; `dev:new` writes it into every placeholder. */
export const PLACEHOLDER = "TODO(author)";
export const MIN_HINTS = 2;
export const LANGS = ["en", "ko"] as const;

export const RULES = {
  spec: "spec loads (title, lesson, exports, checks)",
  hints: `at least ${MIN_HINTS} hints`,
  solution: "solution with solution markers",
  stub: "stub in exercises/ in sync with the solution",
  todo: "stub has a // TODO:",
  lesson: "lesson section in en and ko",
  reference: "reference outputs up to date",
  placeholders: `no ${PLACEHOLDER} left`,
  "solution-passes": "solution passes every check",
  "stub-not-started": 'untouched stub grades "not started"',
} as const;
export type RuleId = keyof typeof RULES;

export const COURSE_RULES = {
  numbers: "exercise numbers are unique",
  names: "exercise names are unique",
  exports: "export names are unique across exercises",
  orphans: "every file belongs to an exercise",
} as const;
export type CourseRuleId = keyof typeof COURSE_RULES;

export type Problem = {
  rule: RuleId | CourseRuleId;
  /** The exercise ("02_linear_forward"), for per-exercise rules. */
  slug?: string;
  /** Relative to the workbook's root. */
  file?: string;
  line?: number;
  /** What is wrong and what to do. */
  message: string;
};

export type RuleStatus = "ok" | "problem" | "skipped";
export type RuleResult<R extends string = RuleId> = { rule: R; label: string; status: RuleStatus; problems: Problem[]; note?: string };

export type ExerciseCheck = {
  exercise: ExerciseRef;
  title?: string;
  rules: RuleResult[];
  /** The author's to-do list for this exercise: placeholders and outputs not yet generated. */
  leftToFill: Problem[];
};

export type CourseCheck = {
  root: string;
  exercises: ExerciseCheck[];
  course: RuleResult<CourseRuleId>[];
  problems: Problem[];
  ok: boolean;
  durationMs: number;
};

export type CheckOptions = {
  /** Check one exercise (its slug, "12_leaky_relu"); course rules then report only what involves it. */
  only?: string;
  /** Grade solutions and stubs (default true); false checks files only. */
  grade?: boolean;
  /**
   * Where the stubs that must be in sync are (default: the workbook's exercises/). The workbook's
   * own tests point it at freshly generated stubs: in a learner's checkout exercises/ holds their work.
   */
  exercisesDir?: string;
};

const EXERCISE_FILE = /^(\d{2})_([a-z][a-z0-9_]*)\.(ts|py|json)$/;
/** Files that may sit in an exercise folder without belonging to an exercise. */
const ALLOWED = {
  exercises: [/^README\.md$/, /^\./],
  solutions: [/^README\.md$/, /^\./],
  "grader/specs": [/^README\.md$/, /^\./],
  // The reference scripts' shared helpers.
  "grader/reference": [/^README\.md$/, /^\./, /^__pycache__$/, /^[a-z][a-z0-9_]*\.py$/],
} as const;

const rel = (root: string, file: string) => relative(root, file) || file;

/** The line (1-based) of the first match of `pattern` in `text`, if any. */
function lineOf(text: string, pattern: RegExp | string): number | undefined {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => (typeof pattern === "string" ? l.includes(pattern) : pattern.test(l)));
  return i < 0 ? undefined : i + 1;
}

/** Every `TODO(author)` in a file, with its line and what follows it. */
export function placeholdersIn(root: string, file: string, slug: string): Problem[] {
  if (!existsSync(file)) return [];
  // Each occurrence up to the end of its string or comment, or up to the next one on the line.
  // (an apostrophe inside a word, "the course's", does not end it).
  const each = /TODO\(author\).*?(?=["`]|'(?![a-z])|\*\/|\{#[\w-]+\}\s*$|TODO\(author\)|$)/g;
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((l, i) =>
      [...l.matchAll(each)].map((m) => ({ rule: "placeholders" as const, slug, file: rel(root, file), line: i + 1, message: m[0].replace(/[\s,;]+$/, "") })),
    );
}

/** The anchors `{#id}` at the end of a Markdown file's headings. */
export function headingAnchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s.*\{#([\w-]+)\}\s*$/gm)) out.add(m[1]!);
  return out;
}

const DECLARATION = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|type|interface|enum)\s+([A-Za-z_$][\w$]*)/;

/**
 * The exports whose body in the stub has no `// TODO:` (the text from their declaration to the next
 * top-level declaration).
 */
export function exportsWithoutTodo(stub: string, names: string[]): { name: string }[] {
  const lines = stub.split("\n");
  const starts = lines.flatMap((l, i) => (DECLARATION.test(l) ? [i] : []));
  return names.flatMap((name) => {
    const at = starts.find((i) => DECLARATION.exec(lines[i]!)?.[1] === name);
    if (at === undefined) return []; // not declared in the file (re-exported, say): the grader reports a missing export
    const end = starts.find((i) => i > at) ?? lines.length;
    return lines.slice(at, end).some((l) => l.includes("// TODO:")) ? [] : [{ name }];
  });
}

async function loadSpec(root: string, ex: ExerciseRef): Promise<ExerciseSpec> {
  // A query string makes every run load the spec anew (tests check several copies in one process).
  const url = `${pathToFileURL(paths.spec(ex, root)).href}?dev-check=${Date.now()}-${Math.random()}`;
  return (await import(url)).default as ExerciseSpec;
}

function rule(id: RuleId, problems: Problem[], status?: RuleStatus, note?: string): RuleResult {
  return { rule: id, label: RULES[id], status: status ?? (problems.length ? "problem" : "ok"), problems, note };
}

/** True when `py` changed after `json` was written. Git decides when mtimes are meaningless (a fresh clone). */
function isStale(root: string, py: string, json: string): boolean {
  const slack = 1000;
  if (statSync(py).mtimeMs <= statSync(json).mtimeMs + slack) return false;
  const git = (args: string[]) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const status = git(["status", "--porcelain", "--", rel(root, py), rel(root, json)]);
  if (status.status !== 0) return true; // not a git checkout: the mtimes are all there is
  if (status.stdout.split("\n").some((l) => l.endsWith(rel(root, py)) && l.trim())) return true; // .py edited since its commit
  const when = (f: string) => Number(git(["log", "-1", "--format=%ct", "--", rel(root, f)]).stdout.trim() || 0);
  return when(py) > when(json);
}

/** Checks one exercise's files (everything but grading). */
async function checkFiles(root: string, ex: ExerciseRef, exercisesDir = join(root, "exercises")): Promise<{ check: ExerciseCheck; spec?: ExerciseSpec; stub?: string }> {
  const specFile = paths.spec(ex, root);
  const specText = readFileSync(specFile, "utf8");
  const specRel = rel(root, specFile);
  const rules: RuleResult[] = [];
  const leftToFill: Problem[] = [];
  const p = (r: RuleId, message: string, file?: string, line?: number): Problem => ({ rule: r, slug: ex.slug, file, line, message });

  // The spec.
  let spec: ExerciseSpec | undefined;
  try {
    spec = await loadSpec(root, ex);
    const missing = (["title", "lesson", "exports", "checks"] as const).filter((k) => !spec![k] || (typeof spec![k] === "object" && Object.keys(spec![k]).length === 0));
    rules.push(
      rule(
        "spec",
        missing.map((k) => p("spec", `the spec has no ${k}: every spec needs a title, a lesson "file#anchor", its exports and at least one check.`, specRel, lineOf(specText, `${k}:`))),
      ),
    );
    if (missing.length) spec = undefined;
  } catch (e) {
    const msg = (e as Error).message?.split("\n")[0] ?? String(e);
    rules.push(rule("spec", [p("spec", `the spec does not load: ${msg}. Fix it, then run npm run dev:check again.`, specRel)]));
  }

  // Hints.
  if (spec) {
    const hints = Array.isArray(spec.hints) ? spec.hints : [];
    const real = hints.filter((h) => typeof h === "string" && h.trim() && !h.includes(PLACEHOLDER));
    const placeholders = hints.length - real.length;
    rules.push(
      rule(
        "hints",
        real.length >= MIN_HINTS
          ? []
          : [
              p(
                "hints",
                `${real.length} hint${real.length === 1 ? "" : "s"} written${placeholders ? ` (${placeholders} still ${PLACEHOLDER})` : ""}, at least ${MIN_HINTS} needed: questions that lead, from gentle to specific.`,
                specRel,
                lineOf(specText, /^\s*hints:/),
              ),
            ],
      ),
    );
  } else rules.push(rule("hints", [], "skipped", "the spec does not load"));

  // The solution, and the stub generated from it.
  const solutionFile = paths.solution(ex, root);
  const solutionRel = rel(root, solutionFile);
  let stub: string | undefined;
  if (!existsSync(solutionFile)) {
    rules.push(rule("solution", [p("solution", `${solutionRel} does not exist: write the reference solution, with // BEGIN SOLUTION: <the learner's TODO> … // END SOLUTION around each answer.`, solutionRel)]));
  } else {
    try {
      stub = stubFromSolution(readFileSync(solutionFile, "utf8"), solutionRel);
      rules.push(rule("solution", []));
    } catch (e) {
      if (!(e instanceof StubError)) throw e;
      const m = /^(.+?):(\d+)?:?\s*(.*)$/s.exec(e.message);
      rules.push(rule("solution", [p("solution", m?.[3] ?? e.message, solutionRel, m?.[2] ? Number(m[2]) : undefined)]));
    }
  }

  // The stub in exercises/ is what dev:sync writes.
  const stubFile = paths.learner(ex, exercisesDir);
  const stubRel = rel(root, stubFile);
  if (stub === undefined) {
    rules.push(rule("stub", [], "skipped", "no stub can be generated"));
    rules.push(rule("todo", [], "skipped", "no stub can be generated"));
  } else {
    if (!existsSync(stubFile)) {
      rules.push(rule("stub", [p("stub", `${stubRel} does not exist: run npm run dev:sync to write it from ${solutionRel}.`, stubRel)]));
    } else {
      const current = readFileSync(stubFile, "utf8");
      if (current === stub) rules.push(rule("stub", []));
      else {
        const a = current.split("\n");
        const b = stub.split("\n");
        let line = 0;
        while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++;
        rules.push(
          rule("stub", [
            p(
              "stub",
              `${stubRel} is out of sync with ${solutionRel} (first difference at line ${line + 1}): run npm run dev:sync. (In a learner's checkout, exercises/ holds their work and differs on purpose.)`,
              stubRel,
              line + 1,
            ),
          ]),
        );
      }
    }
    const without = spec ? exportsWithoutTodo(stub, Object.keys(spec.exports)) : [];
    rules.push(
      rule(
        "todo",
        !/\/\/ TODO:/.test(stub)
          ? [p("todo", `the stub generated from ${solutionRel} has no "// TODO:": give each // BEGIN SOLUTION region its TODO text.`, solutionRel)]
          : without.map(({ name }) =>
              p(
                "todo",
                `${name} has no // TODO: in the stub, so the learner gets it written: put its answer in a // BEGIN SOLUTION: <TODO> … // END SOLUTION region (or a // SOLUTION: line).`,
                solutionRel,
                lineOf(readFileSync(solutionFile, "utf8"), new RegExp(`(?:function\\*?|class|const|let|var)\\s+${name}\\b`)),
              ),
            ),
      ),
    );
  }

  // The lesson, in both languages, with the anchor on a heading.
  if (spec && typeof spec.lesson === "string") {
    const [file, anchor] = spec.lesson.split("#");
    const problems: Problem[] = [];
    const lessonLine = lineOf(specText, /^\s*lesson:/);
    for (const lang of LANGS) {
      const lessonFile = join(root, "lessons", lang, `${file}.md`);
      const lessonRel = rel(root, lessonFile);
      if (!existsSync(lessonFile)) {
        problems.push(p("lesson", `${lessonRel} does not exist: the spec's lesson "${spec.lesson}" needs it in ${lang === "en" ? "English" : "Korean"} (lessons/${lang}/).`, lessonRel));
        continue;
      }
      const text = readFileSync(lessonFile, "utf8");
      if (!anchor) problems.push(p("lesson", `the spec's lesson "${spec.lesson}" names no section: write "${file}#<anchor>".`, specRel, lessonLine));
      else if (!headingAnchors(text).has(anchor)) {
        problems.push(p("lesson", `${lessonRel} has no heading with {#${anchor}}: add it at the end of the section's heading, e.g. "## Title {#${anchor}}".`, lessonRel));
      }
      leftToFill.push(...placeholdersIn(root, lessonFile, ex.slug));
    }
    rules.push(rule("lesson", problems));
  } else rules.push(rule("lesson", [], "skipped", "the spec does not load"));

  // Reference outputs: the JSON parses and is newer than the script that writes it.
  {
    const json = paths.reference(ex, root);
    const py = json.replace(/\.json$/, ".py");
    const [jsonRel, pyRel] = [rel(root, json), rel(root, py)];
    const problems: Problem[] = [];
    const rerun = `run python3 ${pyRel}`;
    if (existsSync(py) && !existsSync(json)) {
      problems.push(p("reference", `${jsonRel} does not exist: ${rerun} (needs numpy) to write it.`, jsonRel));
    } else if (existsSync(json)) {
      try {
        JSON.parse(readFileSync(json, "utf8"));
        if (existsSync(py) && isStale(root, py, json)) problems.push(p("reference", `${jsonRel} is older than ${pyRel}: ${rerun} to write it again.`, jsonRel));
      } catch (e) {
        problems.push(p("reference", `${jsonRel} is not valid JSON (${(e as Error).message}): ${existsSync(py) ? rerun : "write it again"}.`, jsonRel));
      }
    }
    rules.push(rule("reference", problems, undefined, "the TypeScript solution is compared with the JSON by the course's tests, not here"));
    leftToFill.push(...problems.filter((q) => q.message.includes("does not exist")));
  }

  // Placeholders left by dev:new (or by hand).
  const placeholders = [specFile, solutionFile, paths.reference(ex, root).replace(/\.json$/, ".py")].flatMap((f) => placeholdersIn(root, f, ex.slug));
  const lessonPlaceholders = leftToFill.filter((q) => q.rule === "placeholders");
  rules.push(rule("placeholders", [...placeholders, ...lessonPlaceholders]));
  leftToFill.splice(0, leftToFill.length, ...placeholders, ...lessonPlaceholders, ...leftToFill.filter((q) => q.rule !== "placeholders"));

  return { check: { exercise: ex, title: spec?.title, rules, leftToFill }, spec, stub };
}

/** A result's location ("../x/solutions/01_a.ts:3:5", relative to the current folder) relative to the root. */
function fromRoot(root: string, location: string | undefined): string | undefined {
  return location && relative(root, resolve(location));
}

/** The first problem of a graded result, in words, with the learner file's location. */
function whyNotPassed(root: string, r: ExerciseResult): string {
  const bad = r.checks.find((c) => c.status !== "passed");
  const where = (loc?: string) => (loc ? ` (at ${fromRoot(root, loc)})` : "");
  if (!bad) return `${r.status}: ${r.message ?? "no checks ran"}${where(r.location)}`;
  return `the check "${bad.name}" ${bad.status === "failed" ? "fails" : `ends with ${bad.status}`}: ${(bad.message ?? "").split("\n").slice(0, 3).join(" ")}${where(bad.location)}`;
}

/** Grades solutions/ and the generated stubs (written to a temporary folder), two workers side by side. */
async function gradeAll(root: string, checks: { check: ExerciseCheck; stub?: string; spec?: ExerciseSpec }[]): Promise<void> {
  const graded = checks.filter((c) => c.spec && existsSync(paths.solution(c.check.exercise, root)));
  for (const c of checks.filter((c) => !graded.includes(c))) {
    c.check.rules.push(rule("solution-passes", [], "skipped", "no spec or no solution"), rule("stub-not-started", [], "skipped", "no spec or no solution"));
  }
  if (!graded.length) return;
  const stubDir = mkdtempSync(join(tmpdir(), "dnn-dev-check-"));
  const stubsDir = join(stubDir, "exercises");
  mkdirSync(stubsDir);
  for (const c of graded) if (c.stub !== undefined) writeFileSync(paths.learner(c.check.exercise, stubsDir), c.stub);
  const solutions = new Runner({ learnerDir: join(root, "solutions"), root, hiddenSeed: 1 });
  const stubs = new Runner({ learnerDir: stubsDir, root, hiddenSeed: 1 });
  try {
    await Promise.all([
      (async () => {
        for (const c of graded) {
          const ex = c.check.exercise;
          const r = await solutions.grade(ex);
          const solutionRel = rel(root, paths.solution(ex, root));
          const ok = r.status === "passed" && r.checks.every((k) => k.status === "passed");
          const bad = r.checks.find((k) => k.status !== "passed");
          const loc = fromRoot(root, bad?.location ?? r.location);
          const line = loc?.startsWith(solutionRel) ? Number(/:(\d+):\d+$/.exec(loc)?.[1]) || undefined : undefined;
          c.check.rules.push(
            rule(
              "solution-passes",
              ok ? [] : [{ rule: "solution-passes", slug: ex.slug, file: solutionRel, line, message: `${solutionRel} does not pass: ${whyNotPassed(root, r)}. Fix the solution or the spec.` }],
              undefined,
              ok ? `${r.points}/${r.maxPoints} points` : undefined,
            ),
          );
        }
      })(),
      (async () => {
        for (const c of graded) {
          const ex = c.check.exercise;
          if (c.stub === undefined) {
            c.check.rules.push(rule("stub-not-started", [], "skipped", "no stub can be generated"));
            continue;
          }
          const r = await stubs.grade(ex);
          const solutionRel = rel(root, paths.solution(ex, root));
          const earned = r.checks.filter((k) => k.status === "passed");
          const message =
            r.status === "not-started"
              ? undefined
              : earned.length
                ? `the untouched stub passes ${earned.map((k) => `"${k.name}"`).join(", ")} (${r.points} points): every check must fail until the learner writes code. Make the check test what the TODO asks.`
                : `the untouched stub grades "${r.status}", not "not started": ${whyNotPassed(root, r)}. Every path through the stub must reach notImplemented() (a // BEGIN SOLUTION region or a // SOLUTION line in each function the checks call).`;
          c.check.rules.push(rule("stub-not-started", message ? [{ rule: "stub-not-started", slug: ex.slug, file: solutionRel, message }] : []));
        }
      })(),
    ]);
    // Checks compare with the reference solution, so a stub's grade means nothing while it fails.
    for (const c of graded) {
      const solution = c.check.rules.find((r) => r.rule === "solution-passes");
      const i = c.check.rules.findIndex((r) => r.rule === "stub-not-started");
      if (solution?.status === "problem" && i >= 0) c.check.rules[i] = rule("stub-not-started", [], "skipped", "the solution does not pass");
    }
  } finally {
    await Promise.all([solutions.close(), stubs.close()]);
    rmSync(stubDir, { recursive: true, force: true });
  }
}

/** Course-wide rules: unique numbers, names and exports; no file outside an exercise. */
function checkCourseRules(root: string, exercises: ExerciseRef[], specs: Map<string, ExerciseSpec>, only?: string, exercisesDir?: string): RuleResult<CourseRuleId>[] {
  const out: RuleResult<CourseRuleId>[] = [];
  const involves = (slugs: string[]) => !only || slugs.includes(only);
  const specRel = (ex: ExerciseRef) => rel(root, paths.spec(ex, root));
  const group = <K>(key: (e: ExerciseRef) => K) => {
    const m = new Map<K, ExerciseRef[]>();
    for (const e of exercises) m.set(key(e), [...(m.get(key(e)) ?? []), e]);
    return [...m.values()].filter((g) => g.length > 1);
  };
  const courseRule = (id: CourseRuleId, problems: Problem[]): RuleResult<CourseRuleId> => ({ rule: id, label: COURSE_RULES[id], status: problems.length ? "problem" : "ok", problems });

  out.push(
    courseRule(
      "numbers",
      group((e) => e.id)
        .filter((g) => involves(g.map((e) => e.slug)))
        .map((g) => ({ rule: "numbers", file: specRel(g[1]!), message: `${g.map(specRel).join(" and ")} have the same number ${g[0]!.id}: renumber one (its spec, solution, stub, reference and lesson link).` })),
    ),
  );
  out.push(
    courseRule(
      "names",
      group((e) => e.name)
        .filter((g) => involves(g.map((e) => e.slug)))
        .map((g) => ({ rule: "names", file: specRel(g[1]!), message: `${g.map(specRel).join(" and ")} have the same name "${g[0]!.name}": a name says what the exercise is about, so give one another name.` })),
    ),
  );

  const owners = new Map<string, ExerciseRef[]>();
  for (const e of exercises) for (const name of Object.keys(specs.get(e.slug)?.exports ?? {})) owners.set(name, [...(owners.get(name) ?? []), e]);
  out.push(
    courseRule(
      "exports",
      [...owners.entries()]
        .filter(([, es]) => es.length > 1 && involves(es.map((e) => e.slug)))
        .map(([name, es]) => ({ rule: "exports", file: specRel(es[1]!), message: `${name} is an export of ${es.map((e) => e.slug).join(" and ")}: learners import exercises from each other, so each function has one home. Rename one.` })),
    ),
  );

  const slugs = new Set(exercises.map((e) => e.slug));
  const orphans: Problem[] = [];
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    const dir = folder === "exercises" && exercisesDir ? exercisesDir : join(root, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (allowed.some((re) => re.test(name))) continue;
      const m = EXERCISE_FILE.exec(name);
      const file = `${folder}/${name}`;
      const wanted = folder === "grader/reference" ? ["py", "json"] : ["ts"];
      if (!m || !wanted.includes(m[3]!)) {
        if (!only) orphans.push({ rule: "orphans", file, message: `${file} is not named NN_name.${wanted.join(" or .")} and belongs to no exercise: rename or delete it.` });
        continue;
      }
      const slug = `${m[1]}_${m[2]}`;
      if (slugs.has(slug) || (only && slug !== only)) continue;
      const sameNumber = exercises.find((e) => e.id === m[1]);
      const sameName = exercises.find((e) => e.name === m[2]);
      const near = sameNumber ? ` (exercise ${sameNumber.id} is ${sameNumber.slug})` : sameName ? ` (${sameName.name} is exercise ${sameName.slug})` : "";
      orphans.push({
        rule: "orphans",
        file,
        message: `${file} belongs to no exercise: there is no grader/specs/${slug}.ts${near}. Add the spec (npm run dev:new scaffolds every file of an exercise), or rename or delete the file.`,
      });
    }
  }
  out.push(courseRule("orphans", orphans));
  return out;
}

/** Runs every check on the workbook at `root`. */
export async function checkCourse(root = ROOT, options: CheckOptions = {}): Promise<CourseCheck> {
  const started = performance.now();
  const all = listExercises(root);
  const exercises = options.only ? all.filter((e) => e.slug === options.only) : all;
  const checked = [];
  for (const ex of exercises) checked.push(await checkFiles(root, ex, options.exercisesDir));
  if (options.grade !== false) await gradeAll(root, checked);
  const specs = new Map(checked.filter((c) => c.spec).map((c) => [c.check.exercise.slug, c.spec!]));
  // Exports of the exercises not checked still count for collisions.
  if (options.only) {
    for (const ex of all.filter((e) => e.slug !== options.only)) {
      try {
        specs.set(ex.slug, await loadSpec(root, ex));
      } catch {
        // a broken spec is that exercise's problem
      }
    }
  }
  const course = checkCourseRules(root, all, specs, options.only, options.exercisesDir);
  const order = Object.keys(RULES);
  for (const c of checked) c.check.rules.sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule));
  const problems = [...checked.flatMap((c) => c.check.rules.flatMap((r) => r.problems)), ...course.flatMap((r) => r.problems)];
  return {
    root,
    exercises: checked.map((c) => c.check),
    course,
    problems,
    ok: problems.length === 0,
    durationMs: Math.round(performance.now() - started),
  };
}
