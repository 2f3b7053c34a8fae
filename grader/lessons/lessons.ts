// Where the lessons live and how they are named: `lessons/<lang>/NN_topic.md`, numbered in
// course order, the title taken from the first `# ` heading. Nothing else lists them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const LANGS = ["en", "ko"] as const;
export type Lang = (typeof LANGS)[number];

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const LESSONS_DIR = join(ROOT, "lessons");
export const FIGURES_DIR = join(LESSONS_DIR, "figures");

export type LessonInfo = { number: string; file: string; title: string };

const LESSON_FILE = /^(\d{2})_([a-z0-9_]+)\.md$/;

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The first `# ` heading of a lesson, without a trailing `{#id}`. */
export function lessonTitle(markdown: string): string {
  const match = /^#\s+(.+?)\s*$/m.exec(markdown);
  return match ? match[1]!.replace(/\s*\{#[\w-]+\}$/, "") : "";
}

/** The lessons of one language in course order. */
export function listLessons(lang: Lang, dir: string = LESSONS_DIR): LessonInfo[] {
  const langDir = join(dir, lang);
  if (!existsSync(langDir)) return [];
  return readdirSync(langDir)
    .filter((file) => LESSON_FILE.test(file))
    .sort()
    .map((file) => ({
      number: LESSON_FILE.exec(file)![1]!,
      file,
      title: lessonTitle(readFileSync(join(langDir, file), "utf8")),
    }));
}

/** The topic part of a lesson file name: `02_forward_propagation.md` → `forward_propagation`. */
export function lessonTopic(file: string): string {
  return LESSON_FILE.exec(file)?.[2] ?? file.replace(/\.md$/, "");
}

/**
 * Finds a lesson by what a learner types: `2`, `02`, `forward_propagation`,
 * `02_forward_propagation`, `02_forward_propagation.md`, or an unambiguous part of the topic.
 */
export function findLesson(lessons: LessonInfo[], query: string): LessonInfo | undefined {
  const q = query.trim().toLowerCase().replace(/\.md$/, "").replace(/-/g, "_");
  if (/^\d+$/.test(q)) return lessons.find((l) => Number(l.number) === Number(q));
  const exact = lessons.find((l) => l.file === `${q}.md` || lessonTopic(l.file) === q);
  if (exact) return exact;
  const partial = lessons.filter((l) => lessonTopic(l.file).includes(q));
  return partial.length === 1 ? partial[0] : undefined;
}
