/**
 * What a check throws. A check's verdict is data: the runner turns these into CheckResults.
 */

/** The learner's answer is wrong in a way the check can explain. */
export class CheckFailure extends Error {
  override name = "CheckFailure";
  expected?: string;
  actual?: string;
  hint?: string;
  constructor(message: string, details: { expected?: string; actual?: string; hint?: string } = {}) {
    super(message);
    this.expected = details.expected;
    this.actual = details.actual;
    this.hint = details.hint;
  }
}

/** The learner's code threw. `cause` is what it threw; `call` says which call it was. */
export class LearnerError extends Error {
  override name = "LearnerError";
  constructor(
    readonly fn: string,
    readonly thrown: unknown,
  ) {
    super(`${fn} threw ${thrownToString(thrown)}`);
  }
}

export function fail(message: string, details?: { expected?: string; actual?: string; hint?: string }): never {
  throw new CheckFailure(message, details);
}

/** Words for anything that can be thrown: an Error, a string, undefined, an object. */
export function thrownToString(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  if (typeof thrown === "string") return `the string ${JSON.stringify(thrown)} (throw an Error instead, it carries a stack trace)`;
  if (thrown === undefined) return "undefined (throw an Error instead)";
  if (thrown === null) return "null (throw an Error instead)";
  if (typeof thrown === "object") {
    let text: string;
    try {
      text = JSON.stringify(thrown);
    } catch {
      text = Object.prototype.toString.call(thrown);
    }
    return `a plain object ${text.length > 80 ? text.slice(0, 80) + "…" : text} (throw an Error instead)`;
  }
  return `${typeof thrown} ${String(thrown)}`;
}
