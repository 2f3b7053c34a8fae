// The two errors lib/np throws. Messages start with numpy's own wording (so a learner can search
// for it) and continue with a line in the lecture's terms saying what to do.

/** Formats a shape the way numpy's error messages do: (3,2), (4,), (). */
export function shapeStr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

/** Any misuse of lib/np: bad input to np.array, bad shapes, bad axis, wrong argument types. */
export class NpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NpError";
  }
}

/** Operands whose shapes do not fit together (np.dot, broadcasting, reshape). */
export class ShapeError extends NpError {
  readonly shapes: number[][];
  readonly op: string;
  constructor(op: string, shapes: readonly (readonly number[])[], message: string) {
    super(message);
    this.name = "ShapeError";
    this.op = op;
    this.shapes = shapes.map((s) => [...s]);
  }
}

/** Describes an unexpected value for an error message: `undefined`, `a string ("abc")`, ... */
export function describeValue(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (typeof x === "string") return `a string (${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)})`;
  if (typeof x === "number") return String(x);
  if (typeof x === "boolean") return `a boolean (${x})`;
  if (typeof x === "bigint") return `a bigint (${x}n)`;
  if (typeof x === "function") return "a function";
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === "object") return `an object (${Object.prototype.toString.call(x).slice(8, -1)})`;
  return typeof x;
}
