/**
 * `npm run dev:check [-- exercise] [--all] [--json] [--no-grade]` — checks that the course is
 * consistent (see ../authoring/course-check.ts for the rules) and prints a checklist.
 * Exit code 0 when everything holds, 1 when something does not.
 *
 * An instructor command, run on the course's own repository: there, exercises/ must hold the
 * untouched stubs. In a learner's checkout exercises/ holds their work, so the "in sync" rule
 * fails there, as it should.
 */
import { parseArgs } from "node:util";
import chalk, { Chalk } from "chalk";
import { ROOT, findExercise, listExercises } from "../exercises.ts";
import { checkCourse } from "../authoring/course-check.ts";
import type { CourseCheck, Problem, RuleResult } from "../authoring/course-check.ts";

const NOTE_SYNC =
  "Note: exercises/ is also the learners' working folder. Run dev:check on the course repository, where it must hold the untouched stubs; in a learner's checkout \"out of sync\" is expected.";

const where = (p: Problem) => (p.file ? `${p.file}${p.line ? `:${p.line}` : ""}` : "");
/** The problem with its place in front, unless the message starts with it already. */
const located = (p: Problem) => (!p.file || p.message.startsWith(p.file) ? p.message : `${where(p)}: ${p.message}`);

/** "solutions/12_leaky_relu.ts:20  TODO(author): …" — one line per thing left to do. */
export function formatLeftToFill(items: Problem[]): string[] {
  const seen = new Set<string>();
  const unique = items.filter((p) => {
    const key = `${where(p)} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const width = Math.max(0, ...unique.map((p) => where(p).length));
  return unique.map((p) => `${where(p).padEnd(width)}  ${p.message}`);
}

export function formatCourseCheck(check: CourseCheck, o: { color?: boolean; all?: boolean } = {}): string {
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const mark = (status: RuleResult<string>["status"]) => (status === "ok" ? c.green("✔") : status === "problem" ? c.red("✘") : c.dim("–"));
  const out: string[] = [];
  const n = check.exercises.length;
  out.push(`dev:check  ·  ${n} exercise${n === 1 ? "" : "s"}`, "");
  const nameWidth = Math.max(10, ...check.exercises.map((e) => e.exercise.slug.length + 1));
  for (const e of check.exercises) {
    const okRules = e.rules.filter((r) => r.status === "ok").length;
    const checked = e.rules.filter((r) => r.status !== "skipped").length;
    const bad = e.rules.some((r) => r.status === "problem");
    const label = `${e.exercise.id} ${e.exercise.name}`.padEnd(nameWidth);
    out.push(` ${bad ? c.red("✘") : c.green("✔")} ${label} ${okRules}/${checked} rules`);
    if (!bad && !o.all) continue;
    for (const r of e.rules) {
      if (r.status === "ok" && !o.all) continue;
      out.push(`     ${mark(r.status)} ${r.label}${r.note && (r.status !== "problem" || o.all) ? c.dim(`  (${r.note})`) : ""}`);
      for (const p of r.problems) out.push(`         ${located(p)}`);
    }
  }
  out.push("", " Course");
  for (const r of check.course) {
    out.push(` ${mark(r.status)} ${r.label}`);
    for (const p of r.problems) out.push(`     ${p.message}`);
  }
  const left = check.exercises.flatMap((e) => e.leftToFill);
  if (left.length) {
    out.push("", ` Left to fill in (${formatLeftToFill(left).length})`);
    for (const line of formatLeftToFill(left)) out.push(`   ${line}`);
  }
  out.push("");
  const count = check.problems.length;
  const secs = (check.durationMs / 1000).toFixed(1);
  out.push(
    count === 0
      ? c.green(` ✔ The course is consistent: ${n} exercise${n === 1 ? "" : "s"}, every rule holds (${secs} s).`)
      : c.red(` ✘ ${count} problem${count === 1 ? "" : "s"} (${secs} s).`),
  );
  if (check.problems.some((p) => p.rule === "stub")) out.push(c.dim(` ${NOTE_SYNC}`));
  return out.join("\n") + "\n";
}

export async function devCheckCommand(argv: string[], root = ROOT): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: "boolean" },
      json: { type: "boolean" },
      "no-grade": { type: "boolean" },
    },
  });
  const only = positionals[0] ? findExercise(positionals[0], listExercises(root)).slug : undefined;
  const check = await checkCourse(root, { only, grade: !values["no-grade"] });
  if (values.json) process.stdout.write(JSON.stringify(check, null, 2) + "\n");
  else process.stdout.write(formatCourseCheck(check, { color: chalk.level > 0 && !!process.stdout.isTTY, all: values.all }));
  return check.ok ? 0 : 1;
}
