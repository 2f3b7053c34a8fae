/**
 * Comparing a function's inputs before and after a call, and copying values for the reference.
 * The executor works on copies of the judge's inputs and sends them back after the call; the judge
 * compares them with its own, so "it did not change its input" is the judge's finding.
 */
import { NDArray } from "../../lib/np/index.ts";
import { formatIndex, formatNumber } from "./describe.ts";

/** The first difference between `before` (the judge's input) and `after` (the executor's copy after the call), in words. */
export function findChange(before: unknown, after: unknown, path: string, depth = 5): string | undefined {
  if (typeof before === "function") return undefined;
  if (before instanceof NDArray) {
    if (!(after instanceof NDArray)) return `${path} was replaced by another value (the caller's object now holds your result)`;
    const a = before.data;
    const b = after.data;
    if (a.length !== b.length || before.shape.join() !== after.shape.join()) return `${path} changed size from ${a.length} to ${b.length} elements`;
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(a[i], b[i])) return `${path}${formatIndex(i, before.shape)} was ${formatNumber(a[i]!)} and is now ${formatNumber(b[i]!)}`;
    }
    return undefined;
  }
  if (typeof before !== "object" || before === null) {
    return Object.is(before, after) ? undefined : `${path} was replaced by another value (the caller's object now holds your result)`;
  }
  if (depth <= 0) return undefined;
  if (typeof after !== "object" || after === null) return `${path} was replaced by another value (the caller's object now holds your result)`;
  const keys = Object.keys(before);
  const now = Object.keys(after);
  const added = now.filter((k) => !keys.includes(k));
  const removed = keys.filter((k) => !now.includes(k));
  if (added.length) return `${path} got new key${added.length > 1 ? "s" : ""} ${added.join(", ")}`;
  if (removed.length) return `${path} lost key${removed.length > 1 ? "s" : ""} ${removed.join(", ")}`;
  for (const k of keys) {
    const sub = Array.isArray(before) ? `${path}[${k}]` : `${path}.${k}`;
    const change = findChange((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], sub, depth - 1);
    if (change) return change;
  }
  return undefined;
}

/** A deep copy of arrays, plain arrays and plain objects, so the reference never shares inputs with anything. */
export function deepCopy<T>(value: T, depth = 6): T {
  if (value instanceof NDArray) return value.copy() as T;
  if (depth <= 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, depth - 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v, depth - 1);
  return out as T;
}
