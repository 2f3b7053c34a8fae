/**
 * Words for values: how a check names what it expected and what it found.
 */
import { NDArray } from "../../lib/np/index.ts";

/** `(3, 2)` for 2-D, `(3,)` for 1-D: numpy's own spelling of a shape. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

export function isArray(value: unknown): value is NDArray {
  return value instanceof NDArray;
}

/** A short phrase for any value: "an array of shape (2, 1)", "a plain number[][] (2×3)", "undefined". */
export function describe(value: unknown): string {
  if (value instanceof NDArray) return `an array of shape ${formatShape(value.shape)}`;
  if (value === undefined) return "undefined (did you forget to return it?)";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : `the number ${value}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && typeof (value as { then?: unknown }).then === "function") return "a Promise";
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((row) => Array.isArray(row))) {
      return `a plain number[][] (${value.length}×${(value[0] as unknown[]).length}), not an np array`;
    }
    if (value.every((x) => typeof x === "number")) return `a plain number[] of length ${value.length}, not an np array`;
    return `a list of ${value.length} item${value.length === 1 ? "" : "s"} [${value.map(shortType).join(", ")}]`;
  }
  if (value instanceof Float64Array) return `a Float64Array of length ${value.length}, not an np array`;
  const keys = Object.keys(value as object);
  return keys.length ? `an object with keys {${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}}` : "an empty object";
}

function shortType(value: unknown): string {
  if (value instanceof NDArray) return `array${formatShape(value.shape)}`;
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  return typeof value;
}

/** numpy's repr of a value, for the expected/actual panes. */
export function show(value: unknown): string {
  if (value instanceof NDArray) return value.toString();
  if (typeof value === "number") return formatNumber(value);
  if (Array.isArray(value) || (typeof value === "object" && value !== null)) {
    try {
      return JSON.stringify(value, (_k, v) => (v instanceof NDArray ? `array${formatShape(v.shape)}` : v));
    } catch {
      return describe(value);
    }
  }
  return String(value);
}

/** A number as Python prints a float: `0.5`, `1.0`, `nan`, `inf`. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

/** `[0, 1]` for a 2-D index, `[3]` for 1-D. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  if (shape.length === 1) return `[${flat}]`;
  const cols = shape[1]!;
  return `[${Math.floor(flat / cols)}, ${flat % cols}]`;
}

/** A short label for an argument of a call: "A (3, 2)", "m = 4", "layerDims = [2, 3, 1]", "cache {A (3, 4), W (1, 3), …}". */
export function argLabel(value: unknown, name: string): string | undefined {
  if (value instanceof NDArray) return `${name} ${formatShape(value.shape)}`;
  if (typeof value === "number" || typeof value === "string") return `${name} = ${JSON.stringify(value)}`;
  if (Array.isArray(value)) {
    return value.length <= 8 && value.every((x) => typeof x === "number") ? `${name} = [${value.join(", ")}]` : undefined;
  }
  if (typeof value === "object" && value !== null) {
    const arrays = Object.entries(value).filter(([, v]) => v instanceof NDArray);
    if (!arrays.length) return undefined;
    const shown = arrays.slice(0, 4).map(([k, v]) => `${k} ${formatShape((v as NDArray).shape)}`);
    return `${name} {${shown.join(", ")}${arrays.length > 4 ? `, … ${arrays.length - 4} more` : ""}}`;
  }
  return undefined;
}
