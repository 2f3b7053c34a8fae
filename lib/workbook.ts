/**
 * What exercise stubs share with the grader: the "not implemented" marker.
 *
 * A stub's body calls `notImplemented()`. The grader recognises the error it throws and reports
 * the exercise as "not started" instead of as a crash.
 */

export const NOT_IMPLEMENTED = "NotImplementedError";

export class NotImplementedError extends Error {
  override name = NOT_IMPLEMENTED;
  constructor(what = "this function") {
    super(`${what} is not implemented yet: replace the notImplemented() call with your code`);
  }
}

/** Throws the marker the grader reads as "not started". Delete the call when you write the body. */
export function notImplemented(what?: string): never {
  throw new NotImplementedError(what);
}

/** True for the marker, also when it crossed a realm (worker, vm) and `instanceof` cannot tell. */
export function isNotImplemented(error: unknown): boolean {
  return (
    error instanceof NotImplementedError ||
    (typeof error === "object" && error !== null && (error as { name?: unknown }).name === NOT_IMPLEMENTED)
  );
}
