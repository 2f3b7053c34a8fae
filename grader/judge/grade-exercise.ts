/**
 * Grades one exercise with the judge (./judge.ts) reading the learner's files from this machine:
 * specs and reference solutions imported as modules, reference outputs read from
 * grader/reference/, code frames read with node:fs inside the learner's folder (./locate.ts).
 */
import { readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { paths } from "../exercises.ts";
import type { ExerciseRef } from "../exercises.ts";
import type { ExerciseResult } from "../types.ts";
import type { ExerciseSpec } from "../check/spec.ts";
import { gradeExercise as judgeExercise } from "./judge.ts";
import type { Course, GradeExerciseOptions as JudgeOptions, Locator } from "./judge.ts";
import { codeFrame, formatLocation, learnerFrames, syntaxErrorLocation } from "./locate.ts";

export type { Course } from "./judge.ts";
export type GradeExerciseOptions = Omit<JudgeOptions, "locator"> & { locator?: Locator };

/** The judge's view of files on this machine. */
export const nodeLocator: Locator = { learnerFrames, syntaxErrorLocation, codeFrame, formatLocation, basename, lesson: (lesson) => paths.lesson(lesson) };

const loaded = new Map<string, Promise<Course>>();

/** An exercise's spec, reference solution and reference outputs, loaded once into the judge. */
export function loadCourse(exercise: ExerciseRef, root: string): Promise<Course> {
  const key = `${root}\0${exercise.slug}`;
  let course = loaded.get(key);
  if (!course) {
    course = (async () => {
      const built = (globalThis as Record<symbol, { dir: string; root: string } | undefined>)[Symbol.for("dnn-workbook.build")];
      // The prebuilt grader's copies when it is this workbook's (grader/build.mjs), else the sources.
      const url = (file: string) =>
        pathToFileURL(built && resolve(built.root) === resolve(root) ? join(built.dir, relative(root, file)).replace(/\.ts$/, ".js") : file).href;
      const [specModule, ref] = await Promise.all([import(url(paths.spec(exercise, root))), import(url(paths.solution(exercise, root)))]);
      let reference: Record<string, unknown> = {};
      try {
        reference = JSON.parse(readFileSync(paths.reference(exercise, root), "utf8"));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
      return { spec: specModule.default as ExerciseSpec, ref, reference };
    })();
    loaded.set(key, course);
    course.catch(() => loaded.delete(key));
  }
  return course;
}

export function gradeExercise(o: GradeExerciseOptions): Promise<ExerciseResult> {
  return judgeExercise({ ...o, locator: o.locator ?? nodeLocator });
}
