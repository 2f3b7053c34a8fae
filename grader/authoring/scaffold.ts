/**
 * The files of a new exercise (`npm run dev:new -- <name>`): a solution with solution markers, a
 * spec with one check against the reference outputs, the reference script, and a lesson section in
 * English and Korean. Every place the author still has to write carries `TODO(author)`, which
 * `dev:check` lists until it is gone.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PLACEHOLDER } from "./course-check.ts";

export type NewExercise = {
  /** "12" */
  id: string;
  /** "leaky_relu" */
  name: string;
  /** "12_leaky_relu" */
  slug: string;
  /** The exported function: "leakyRelu" */
  fn: string;
  /** The lesson file (without .md) and the section's anchor. */
  lesson: { file: string; anchor: string; existing: boolean };
};

const T = PLACEHOLDER;

export const NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const NUMBERED = /^(\d{2})_([a-z][a-z0-9_]*)\.(?:ts|py|json|md)$/;

/** leaky_relu → leakyRelu */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The numbered files of a folder: { id, name }. */
export function numberedFiles(dir: string): { id: string; name: string; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((file) => {
    const m = NUMBERED.exec(file);
    return m ? [{ id: m[1]!, name: m[2]!, file }] : [];
  });
}

/** The next free two-digit number after every numbered file of the given folders. */
export function nextNumber(dirs: string[]): string {
  const last = Math.max(-1, ...dirs.flatMap((d) => numberedFiles(d).map((f) => Number(f.id))));
  return String(last + 1).padStart(2, "0");
}

export function solutionTemplate(ex: NewExercise): string {
  return `/**
 * Exercise ${ex.id} — ${T}: what the learner builds, in one line
 *
 * ${T}: two or three sentences: what this step of the network computes, and why it matters.
 *
 * Read: lessons/en/${ex.lesson.file}.md#${ex.lesson.anchor}  ·  Grade: npm run grade -- ${ex.id}
 */
import { np } from "../lib/np/index.ts";
import type { NDArray } from "../lib/np/index.ts";

/**
 * Course name: \`${ex.name}(Z)\`.
 *
 * @param Z ${T}: what Z is, with its shape in the course's notation, e.g. (n[l], m)
 * @returns ${T}: what it returns, with its shape
 *
 * Example: ${T}: an input and its output, as the learner will see them printed
 */
export function ${ex.fn}(Z: NDArray): NDArray {
  // BEGIN SOLUTION: ${T}: what the learner computes. e.g. Z (1, 3) → A (1, 3)
  // ${T}: why this is the answer (a comment only the solution keeps)
  return np.multiply(Z, 1); // ${T}: the reference solution
  // END SOLUTION
}
`;
}

export function specTemplate(ex: NewExercise): string {
  return `import { np } from "../../lib/np/index.ts";
import { defineExercise, expectClose, fail, inOrder } from "../check/index.ts";
import type { CheckContext } from "../check/index.ts";

/** The cases of grader/reference/${ex.slug}.json, written by ${ex.slug}.py with numpy. */
type Case = { name: string; Z: number[][]; expected: number[][] };
const cases = (ctx: CheckContext): Case[] => {
  const list = (ctx.reference.cases ?? []) as Case[];
  if (!list.length) fail("grader/reference/${ex.slug}.json has no cases: run python3 grader/reference/${ex.slug}.py.");
  return list;
};

export default defineExercise({
  title: "${T}: a title with the formula",
  lesson: "${ex.lesson.file}#${ex.lesson.anchor}",
  exports: { ${ex.fn}: "(Z)" },
  hints: [
    "${T}: a first question that leads (gentle)",
    "${T}: a second, more specific question",
  ],
  checks: [
    {
      name: "${ex.fn}(Z) equals the reference values",
      run: async (ctx) => {
        const verdicts = await inOrder(cases(ctx), async (c) => expectClose(await ctx.call("${ex.fn}", np.array(c.Z)), np.array(c.expected), \`${ex.fn}(Z) for \${c.name}\`));
        return verdicts[0];
      },
    },
  ],
});
`;
}

export function referenceTemplate(ex: NewExercise, root: string): string {
  const helpers = existsSync(join(root, "grader", "reference", "dnn.py"))
    ? `from dnn import arr, write`
    : `import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def arr(x):
    return np.asarray(x, dtype=np.float64).tolist()


def write(slug, data):
    with open(os.path.join(HERE, f"{slug}.json"), "w") as f:
        f.write(json.dumps(data, indent=1) + "\\n")`;
  return `"""Reference outputs of exercise ${ex.id}: ${T}: what the cases are."""
import numpy as np

${helpers}


def ${ex.name}(Z):
    return Z  # ${T}: the numpy reference, written independently of the TypeScript solution


cases = []
for name, seed, shape in [("seed 1", 1, (3, 4)), ("seed 2", 2, (1, 5))]:
    np.random.seed(seed)
    Z = np.random.randn(*shape)
    cases.append({"name": name, "Z": arr(Z), "expected": arr(${ex.name}(Z))})
write("${ex.slug}", {"cases": cases})
`;
}

const WORDS = {
  en: { overview: "Overview", summary: "Summary", quiz: "Check yourself", exercises: "Exercises", title: "the lesson's title", section: "the section's title", what: "what this lesson builds and why, in one paragraph", intro: "one short paragraph that introduces exactly the next formula or code block", remember: "what to remember", question: "a question the reader answers before opening the answer (4 to 8 of them)", answer: "its answer, hidden until asked", exercise: "Exercise" },
  ko: { overview: "개요", summary: "요약", quiz: "스스로 확인하기", exercises: "연습 문제", title: "단원 제목", section: "절 제목", what: "이 단원에서 만드는 것과 그 이유를 한 문단으로", intro: "바로 다음 수식이나 코드 블록을 소개하는 짧은 문단", remember: "기억할 것", question: "답을 열기 전에 독자가 스스로 답해 볼 질문 (4~8개)", answer: "물어볼 때까지 감춰 두는 답", exercise: "연습" },
} as const;

/** The section of the exercise: a heading with its anchor, an introduction, the exercise to do. */
export function lessonSection(ex: NewExercise, lang: "en" | "ko"): string {
  const w = WORDS[lang];
  return `## ${T}: ${w.section} {#${ex.lesson.anchor}}

${T}: ${w.intro}.

${w.exercise} ${ex.id}: \`${ex.fn}\` in \`exercises/${ex.slug}.ts\` — \`npm run grade -- ${ex.id}\`.
`;
}

/** A new lesson with the house outline: overview, the concept section, summary, self-check questions (answers in a blockquote), exercises. */
export function lessonTemplate(ex: NewExercise, lang: "en" | "ko"): string {
  const w = WORDS[lang];
  return `# ${T}: ${w.title} {#top}

## ${w.overview} {#overview}

${T}: ${w.what}.

${lessonSection(ex, lang)}
## ${w.summary} {#summary}

- ${T}: ${w.remember}.

## ${w.quiz} {#quiz}

1. ${T}: ${w.question}?

   > ${T}: ${w.answer}.

## ${w.exercises} {#exercises}

- ${w.exercise} ${ex.id}: \`npm run grade -- ${ex.id}\`
`;
}

/** An existing lesson with the exercise's section added before its summary (or at its end). */
export function lessonWithSection(markdown: string, ex: NewExercise, lang: "en" | "ko"): string {
  const lines = markdown.split("\n");
  const at = lines.findIndex((l) => /^##\s/.test(l) && (/\{#summary\}\s*$/.test(l) || /^##\s+(Summary|요약)\b/.test(l)));
  const section = lessonSection(ex, lang);
  if (at < 0) return `${markdown.replace(/\n*$/, "")}\n\n${section}`;
  return [...lines.slice(0, at), ...section.split("\n"), ...lines.slice(at)].join("\n");
}

/** Reads a file or returns undefined. */
export function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}
