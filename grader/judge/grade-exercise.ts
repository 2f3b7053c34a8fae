/**
 * Grades one exercise with the judge (./judge.ts) reading the learner's files from this machine:
 * specs and reference solutions imported as modules, reference outputs read from
 * grader/reference/, code frames read with node:fs inside the learner's folder (./locate.ts).
 */
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
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
      // The prebuilt judge holds every spec and reference solution of its workbook (grader/build.mjs);
      // any other workbook's, or the sources, are imported.
      const bundled = (globalThis as Record<symbol, { root: string; exercises: Record<string, { spec: { default: unknown }; ref: Record<string, unknown> }> } | undefined>)[Symbol.for("dnn-workbook.course")];
      const own = bundled && resolve(bundled.root) === resolve(root) ? bundled.exercises[exercise.slug] : undefined;
      const [specModule, ref] = own ? [own.spec, own.ref] : await Promise.all([import(pathToFileURL(paths.spec(exercise, root)).href), import(pathToFileURL(paths.solution(exercise, root)).href)]);
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
