/**
 * Snapshots of a function's inputs, to prove it did not change them.
 */
import { NDArray } from "../../lib/np/index.ts";
import { formatIndex, formatNumber } from "./describe.ts";

type Entry = { path: string; array: NDArray; data: Float64Array } | { path: string; object: object; keys: string[]; values: unknown[] };

/** Records every array (its data) and every object's keys reachable from `value`, a few levels deep. */
export function snapshot(value: unknown, path: string, depth = 4, out: Entry[] = [], seen = new Set<object>()): Entry[] {
  if (value instanceof NDArray) {
    out.push({ path, array: value, data: Float64Array.from(value.data) });
  } else if (typeof value === "object" && value !== null && depth > 0 && !seen.has(value)) {
    seen.add(value);
    const keys = Object.keys(value);
    out.push({ path, object: value, keys, values: keys.map((k) => (value as Record<string, unknown>)[k]) });
    for (const key of keys) {
      const sub = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
      snapshot((value as Record<string, unknown>)[key], sub, depth - 1, out, seen);
    }
  }
  return out;
}

/** The first change since the snapshot, in words, or undefined when nothing changed. */
export function findMutation(entries: Entry[]): string | undefined {
  for (const e of entries) {
    if ("array" in e) {
      const now = e.array.data;
      if (now.length !== e.data.length) return `${e.path} changed size from ${e.data.length} to ${now.length} elements`;
      for (let i = 0; i < now.length; i++) {
        if (!Object.is(now[i], e.data[i])) {
          return `${e.path}${formatIndex(i, e.array.shape)} was ${formatNumber(e.data[i]!)} and is now ${formatNumber(now[i]!)}`;
        }
      }
    } else {
      const keys = Object.keys(e.object);
      const added = keys.filter((k) => !e.keys.includes(k));
      const removed = e.keys.filter((k) => !keys.includes(k));
      if (added.length) return `${e.path} got new key${added.length > 1 ? "s" : ""} ${added.join(", ")}`;
      if (removed.length) return `${e.path} lost key${removed.length > 1 ? "s" : ""} ${removed.join(", ")}`;
      const replaced = e.keys.find((k, i) => k in e.object && (e.object as Record<string, unknown>)[k] !== e.values[i]);
      if (replaced !== undefined) {
        const sub = Array.isArray(e.object) ? `${e.path}[${replaced}]` : `${e.path}.${replaced}`;
        return `${sub} was replaced by another value (the caller's object now holds your result)`;
      }
    }
  }
  return undefined;
}

/** A deep copy of arrays, plain arrays and plain objects, so the reference never shares inputs with the learner. */
export function deepCopy<T>(value: T, depth = 6): T {
  if (value instanceof NDArray) return value.copy() as T;
  if (depth <= 0 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, depth - 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v, depth - 1);
  return out as T;
}
