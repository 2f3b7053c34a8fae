/**
 * The check API that exercise specs use. Checks produce data; they never print.
 */
export { defineExercise, DEFAULT_TIME_LIMIT_MS, parameterNames } from "./spec.ts";
export type { Check, CheckContext, ExerciseSpec, Module } from "./spec.ts";
export { CheckFailure, LearnerError, fail, thrownToString } from "./failure.ts";
export {
  expectArray,
  expectClose,
  expectHolds,
  expectKeys,
  expectNumber,
  expectShape,
  expectTuple,
  matches,
  sameShape,
  DEFAULT_TOLERANCE,
} from "./expect.ts";
export type { Mistake, Tolerance } from "./expect.ts";
export { describe, formatShape, show } from "./describe.ts";
export { hiddenCases, inOrder, labelOf, randint } from "./hidden.ts";
export type { HiddenCase } from "./hidden.ts";
export { expectGradients, numericalGradient, relativeError } from "./gradient.ts";
export { deepCopy } from "./snapshot.ts";
