/**
 * What a check throws. A check's verdict is data: the judge turns these into CheckResults.
 */
import type { WireError } from "../protocol/index.ts";

/** The learner's answer is wrong in a way the check can explain. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
  expected?: string;
  actual?: string;
  hint?: string;
  /** The id of the named mistake the answer matched ("db-without-1-over-m"), if any. */
  mistake?: string;
  constructor(message: string, details: { expected?: string; actual?: string; hint?: string; mistake?: string } = {}) {
    super(message);
    this.expected = details.expected;
    this.actual = details.actual;
    this.hint = details.hint;
    this.mistake = details.mistake;
  }
}

/** The learner's code threw. `thrown` is what it threw, as the executor reported it; `fn` says which call it was. */
export class LearnerError extends Error {
  override name = "LearnerError";
  constructor(
    readonly fn: string,
    readonly thrown: WireError,
  ) {
    super(`${fn} threw ${wireErrorToString(thrown)}`);
  }
}

export function fail(message: string, details?: { expected?: string; actual?: string; hint?: string; mistake?: string }): never {
  throw new CheckFailure(message, details);
}

/** Words for what the learner's code threw: an Error, a string, undefined, an object. */
export function wireErrorToString(e: WireError): string {
  switch (e.kind) {
    case "Error":
      return e.name ? `${e.name}: ${e.message}` : e.message;
    case "string":
      return `the string ${JSON.stringify(e.message)} (throw an Error instead, it carries a stack trace)`;
    case "undefined":
      return "undefined (throw an Error instead)";
    case "null":
      return "null (throw an Error instead)";
    case "object":
      return `a plain object ${e.message.length > 80 ? e.message.slice(0, 80) + "…" : e.message} (throw an Error instead)`;
    case "uncaught":
      return e.message;
    default:
      return `${e.kind} ${e.message}`;
  }
}

/** Words for anything thrown in the judge's own realm. */
export function thrownToString(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  if (typeof thrown === "string") return `the string ${JSON.stringify(thrown)}`;
  return String(thrown);
}
