/**
 * The only thing that crosses the trust boundary between the judge and the executor.
 *
 * The *judge* (specs, checks, reference outputs, hidden cases, verdicts, points) runs in trusted code:
 * the CLI's main thread, the batch parent, the browser page. The *executor* loads the learner's module
 * and performs the calls the judge asks for, in a worker thread, a sandboxed child process or a Web
 * Worker. Both sides import this module and nothing else of each other: requests go one way, replies
 * the other, and every value is plain data (`Wire`), over any transport (structured clone, or the
 * text form below for pipes).
 *
 * The executor decides nothing. A reply can only say what the learner's code returned, threw or
 * printed; the judge validates every reply (`parseReply`) and builds its own values from it
 * (`decodeValue`), so a reply the learner's code forged is at most a wrong answer.
 *
 * This module runs in every realm, browsers included: no Node built-ins.
 */
import { NDArray } from "../../lib/np/index.ts";
import type { DType } from "../../lib/np/index.ts";

export const PROTOCOL_VERSION = 1;

/** Sizes the judge accepts in one reply; anything larger is refused as a whole. */
export const LIMITS = {
  /** Nesting of arrays and objects. */
  depth: 10,
  /** Values (arrays, objects, numbers …) in one reply. */
  nodes: 200_000,
  /** float64 elements of all arrays in one reply (256 MB). */
  elements: 32 * 2 ** 20,
  /** Characters of one string. */
  string: 100_000,
  /** Keys of one object. */
  keys: 2_000,
  /** Characters of printed output carried by one reply. */
  output: 20_000,
  /** Recorded calls of the judge's callbacks in one reply. */
  callbackCalls: 100_000,
  /** Entries of an error's stack the judge reads. */
  stack: 8_000,
} as const;

// ── Values ────────────────────────────────────────────────────────────────────────────────────────

/**
 * A value on the wire. Plain numbers, strings, booleans and null stand for themselves; JS arrays hold
 * wire values; everything else is a tagged object:
 *   { $: "nd", shape, data: Float64Array, dtype? }   an np array
 *   { $: "o", v: { key: Wire } }                      a plain object
 *   { $: "undefined" }, { $: "num", v: "NaN" | "Infinity" | "-Infinity" | "-0" }
 *   { $: "f64", data }                                a bare Float64Array (not an np array)
 *   { $: "fn", name }                                 a function (it stays in the executor)
 *   { $: "promise" }                                  a thenable
 *   { $: "obj", id, cls, fields: { key: Wire } }      an instance of a learner's class, kept by the executor under `id`
 *   { $: "cb", id }                                   (judge → executor) a callback of the judge: calls are recorded
 *   { $: "same", n }                                  the n-th np array of this value again (the same object twice)
 *   { $: "other", type, text }                        a bigint, symbol, Map, Date, cycle, or a value too deep
 */
export type Wire =
  | number
  | string
  | boolean
  | null
  | Wire[]
  | { $: "nd"; shape: number[]; data: Float64Array; dtype?: DType }
  | { $: "o"; v: Record<string, Wire> }
  | { $: "undefined" }
  | { $: "num"; v: "NaN" | "Infinity" | "-Infinity" | "-0" }
  | { $: "f64"; data: Float64Array }
  | { $: "fn"; name: string }
  | { $: "promise" }
  | { $: "obj"; id: number; cls: string; fields: Record<string, Wire> }
  | { $: "cb"; id: number }
  | { $: "same"; n: number }
  | { $: "other"; type: string; text: string };

/** What the learner's code threw, as data. */
export type WireError = { name: string; message: string; stack: string; /** The kind of value thrown: "Error", "string", "undefined" … */ kind: string };

/** An export of the learner's module, as the executor sees it. */
export type ExportInfo = { type: string; arity: number; isClass: boolean };

// ── Messages ──────────────────────────────────────────────────────────────────────────────────────

export type Request =
  /** Load the learner's module anew (`gen` makes it fresh); `slug` names the exercise being graded. */
  | { id: number; op: "load"; file: string; slug: string; gen: number }
  /** Call an export. `trace`: the index of an argument (an array) whose element reads are recorded. */
  | { id: number; op: "call"; name: string; args: Wire[]; trace?: number }
  | { id: number; op: "construct"; name: string; args: Wire[] }
  | { id: number; op: "method"; target: number; name: string; args: Wire[] }
  | { id: number; op: "set"; target: number; prop: string; value: Wire }
  /** The exercise is over: report what the learner's code left behind (errors, timers). */
  | { id: number; op: "end" };

export type Reply = {
  id: number;
  ok: boolean;
  /** call, construct, method: what the code returned. */
  value?: Wire;
  /** What the code threw (ok is false), or why the module did not load. */
  error?: WireError;
  /** call, construct, method: the arguments as they are after the call (to see whether it changed them). */
  args?: Wire[];
  /** The places in the arguments that now hold another object than before the call: arg index and path (".W1", "[0]"). */
  replaced?: { arg: number; path: string }[];
  /** method, set: the object's own fields afterwards. */
  self?: Wire;
  /** Calls of the judge's callbacks, by callback id, each a list of arguments. */
  calls?: Record<string, Wire[][]>;
  /** With `trace`: the element indices read, in order (first 1000). */
  reads?: number[];
  /** load: the module's exports. */
  exports?: Record<string, ExportInfo>;
  /** What the code printed since the last reply. */
  output?: string;
  /** Characters printed beyond what `output` carries. */
  dropped?: number;
  /** Errors thrown outside any call (timers, rejected promises) since the last reply. */
  uncaught?: string[];
  /** end: timers and immediates the code left pending. */
  pending?: number;
};

/** The first message of an executor, once it can take requests. */
export type Ready = { op: "ready"; version: number };

// ── Encoding (the executor's side) ───────────────────────────────────────────────────────────────

/** Turns learner values into wire values. `keep` stores a class instance and returns its id. */
export function encodeValue(value: unknown, keep: (obj: object) => number, depth: number = LIMITS.depth, seen = new Set<object>(), arrays = new Map<object, number>()): Wire {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return typeof value === "string" && value.length > LIMITS.string ? value.slice(0, LIMITS.string) : value;
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { $: "num", v: "NaN" };
    if (value === Infinity) return { $: "num", v: "Infinity" };
    if (value === -Infinity) return { $: "num", v: "-Infinity" };
    if (Object.is(value, -0)) return { $: "num", v: "-0" };
    return value;
  }
  if (value === undefined) return { $: "undefined" };
  if (typeof value === "function") return { $: "fn", name: safeString(() => value.name) };
  if (typeof value !== "object") return { $: "other", type: typeof value, text: safeString(() => String(value)) };
  if (value instanceof NDArray) {
    const n = arrays.get(value);
    if (n !== undefined) return { $: "same", n };
    arrays.set(value, arrays.size);
    return { $: "nd", shape: [...value.shape], data: Float64Array.from(value.data), dtype: value.dtype };
  }
  if (seen.has(value)) return { $: "other", type: "cycle", text: "a reference to itself" };
  if (depth <= 0) return { $: "other", type: "deep", text: "nested too deep" };
  if (value instanceof Float64Array) return { $: "f64", data: Float64Array.from(value) };
  let thenable = false;
  try {
    thenable = typeof (value as { then?: unknown }).then === "function";
  } catch {
    thenable = false;
  }
  if (thenable) {
    Promise.resolve(value).then(undefined, () => {});
    return { $: "promise" };
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => encodeValue(v, keep, depth - 1, seen, arrays));
    const proto = Object.getPrototypeOf(value);
    const fields = (): Record<string, Wire> => {
      const out: Record<string, Wire> = {};
      for (const key of Object.keys(value).slice(0, LIMITS.keys)) out[key] = encodeValue((value as Record<string, unknown>)[key], keep, depth - 1, seen, arrays);
      return out;
    };
    if (proto === Object.prototype || proto === null) return { $: "o", v: fields() };
    if (isLearnerInstance(value)) {
      return { $: "obj", id: keep(value), cls: safeString(() => proto?.constructor?.name ?? "Object"), fields: fields() };
    }
    return { $: "other", type: safeString(() => Object.prototype.toString.call(value).slice(8, -1)), text: safeString(() => String(value)).slice(0, 200) };
  } finally {
    seen.delete(value);
  }
}

/** An object made by a class the learner wrote (not a built-in like Map or Date). */
function isLearnerInstance(value: object): boolean {
  const tag = Object.prototype.toString.call(value);
  return tag === "[object Object]";
}

function safeString(f: () => unknown): string {
  try {
    return String(f());
  } catch {
    return "?";
  }
}

/** What was thrown, as data. */
export function encodeError(thrown: unknown): WireError {
  if (thrown instanceof Error || (typeof thrown === "object" && thrown !== null && "message" in thrown && "stack" in thrown)) {
    const e = thrown as Error;
    return {
      name: safeString(() => e.name).slice(0, 200),
      message: safeString(() => e.message).slice(0, LIMITS.string),
      stack: safeString(() => e.stack).slice(0, LIMITS.stack),
      kind: "Error",
    };
  }
  const kind = thrown === null ? "null" : typeof thrown === "object" ? "object" : typeof thrown;
  let text: string;
  if (typeof thrown === "object" && thrown !== null) {
    try {
      text = JSON.stringify(thrown) ?? "";
    } catch {
      text = safeString(() => Object.prototype.toString.call(thrown));
    }
  } else text = safeString(() => String(thrown));
  return { name: "", message: text.slice(0, LIMITS.string), stack: "", kind };
}

// ── Encoding arguments (the judge's side) and decoding them (the executor's side) ────────────────

/** Judge values → wire. Functions become recorded callbacks (`callbacks` keeps them by id). */
export function encodeArg(value: unknown, callbacks: Function[], depth: number = LIMITS.depth): Wire {
  if (typeof value === "function") {
    callbacks.push(value);
    return { $: "cb", id: callbacks.length - 1 };
  }
  if (typeof value === "object" && value !== null && !(value instanceof NDArray) && !Array.isArray(value) && !(value instanceof Float64Array)) {
    const id = (value as { [HANDLE]?: number })[HANDLE];
    if (typeof id === "number") return { $: "obj", id, cls: "", fields: {} };
    if (depth <= 0) return { $: "other", type: "deep", text: "nested too deep" };
    const out: Record<string, Wire> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeArg(v, callbacks, depth - 1);
    return { $: "o", v: out };
  }
  if (Array.isArray(value)) return value.map((v) => encodeArg(v, callbacks, depth - 1));
  return encodeValue(value, () => {
    throw new Error("grader: a judge value that is neither data nor a learner object");
  });
}

/**
 * Wire → values of the realm that runs this (the executor turns the judge's arguments into its own
 * np arrays). `objects` resolves an object id; `callback` makes the stand-in of a judge callback.
 */
export function decodeArg(w: Wire, objects: (id: number) => unknown, callback: (id: number) => Function): unknown {
  if (w === null || typeof w !== "object") return w;
  if (Array.isArray(w)) return w.map((x) => decodeArg(x, objects, callback));
  switch (w.$) {
    case "nd":
      return new NDArray(Float64Array.from(w.data), w.shape, w.dtype ?? "float64");
    case "o": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(w.v)) Object.defineProperty(out, k, { value: decodeArg(v, objects, callback), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case "undefined":
      return undefined;
    case "num":
      return numberOf(w.v);
    case "f64":
      return Float64Array.from(w.data);
    case "cb":
      return callback(w.id);
    case "obj":
      return objects(w.id);
    default:
      return undefined;
  }
}

function numberOf(v: string): number {
  return v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : -0;
}

// ── Decoding (the judge's side): validated, into the judge's own values ─────────────────────────

/** A reply that breaks the protocol: the judge refuses it as a whole. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** The id of a learner object the executor keeps, on the judge's stand-in for it. */
export const HANDLE: unique symbol = Symbol("dnn-workbook.handle");
/** The class name of a learner object, on the judge's stand-in for it. */
export const CLASS: unique symbol = Symbol("dnn-workbook.class");

/** A function the learner's code returned: the judge can name it, never call it. */
export type LearnerFunction = ((...args: unknown[]) => never) & { readonly learnerFunction: string };

type Budget = { nodes: number; elements: number; arrays?: NDArray[] };

/**
 * Wire → the judge's values, checking every node: types, shapes against data lengths, sizes. Throws
 * a ProtocolError for anything malformed. Learner objects become plain objects with their fields
 * (and HANDLE / CLASS symbols); promises become an object with a `then` that does nothing.
 */
export function decodeValue(w: unknown, budget: Budget = { nodes: LIMITS.nodes, elements: LIMITS.elements }, depth: number = LIMITS.depth + 1): unknown {
  if (--budget.nodes < 0) throw new ProtocolError("too many values");
  if (depth < 0) throw new ProtocolError("nested too deep");
  if (w === null || typeof w === "boolean") return w;
  if (typeof w === "number") {
    if (!Number.isFinite(w)) throw new ProtocolError("a bare non-finite number");
    return w;
  }
  if (typeof w === "string") {
    if (w.length > LIMITS.string) throw new ProtocolError("a string too long");
    return w;
  }
  if (Array.isArray(w)) {
    if (w.length > budget.nodes) throw new ProtocolError("too many values");
    return w.map((x) => decodeValue(x, budget, depth - 1));
  }
  if (typeof w !== "object" || w.constructor !== Object) throw new ProtocolError(`a value of type ${typeof w}`);
  const t = (w as { $?: unknown }).$;
  const r = w as Record<string, unknown>;
  switch (t) {
    case "nd": {
      const shape = r.shape;
      const data = r.data;
      if (!Array.isArray(shape) || shape.length < 1 || shape.length > 2 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw new ProtocolError("an array with a bad shape");
      }
      if (!(data instanceof Float64Array)) throw new ProtocolError("an array without float64 data");
      const size = (shape as number[]).reduce((a, b) => a * b, 1);
      if (data.length !== size) throw new ProtocolError("an array whose data does not fit its shape");
      budget.elements -= size;
      if (budget.elements < 0) throw new ProtocolError("arrays too large");
      const dtype = r.dtype === undefined ? "float64" : r.dtype;
      if (dtype !== "float64" && dtype !== "bool" && dtype !== "int64") throw new ProtocolError("an array with a bad dtype");
      const arr = new NDArray(Float64Array.from(data), shape as number[], dtype);
      (budget.arrays ??= []).push(arr);
      return arr;
    }
    case "same": {
      const arr = Number.isSafeInteger(r.n) ? budget.arrays?.[r.n as number] : undefined;
      if (!arr) throw new ProtocolError("a reference to an array that was not sent");
      return arr;
    }
    case "o":
      return decodeFields(r.v, budget, depth);
    case "undefined":
      return undefined;
    case "num":
      if (r.v !== "NaN" && r.v !== "Infinity" && r.v !== "-Infinity" && r.v !== "-0") throw new ProtocolError("a bad number");
      return numberOf(r.v);
    case "f64":
      if (!(r.data instanceof Float64Array)) throw new ProtocolError("a bad Float64Array");
      budget.elements -= r.data.length;
      if (budget.elements < 0) throw new ProtocolError("arrays too large");
      return Float64Array.from(r.data);
    case "fn": {
      const name = typeof r.name === "string" ? r.name.slice(0, 100) : "";
      const f = () => {
        throw new Error(`grader: the function ${name || "(anonymous)"} returned by the learner's code cannot be called by the judge`);
      };
      Object.defineProperty(f, "learnerFunction", { value: name });
      return f as LearnerFunction;
    }
    case "promise":
      return new LearnerPromise();
    case "obj": {
      if (!Number.isSafeInteger(r.id) || (r.id as number) < 0) throw new ProtocolError("a learner object with a bad id");
      const out = decodeFields(r.fields, budget, depth) as Record<string | symbol, unknown>;
      Object.defineProperty(out, HANDLE, { value: r.id, enumerable: false });
      Object.defineProperty(out, CLASS, { value: typeof r.cls === "string" ? r.cls.slice(0, 100) : "", enumerable: false });
      return out;
    }
    case "other": {
      const type = typeof r.type === "string" ? r.type.slice(0, 40) : "value";
      const text = typeof r.text === "string" ? r.text.slice(0, 200) : "";
      return new OtherValue(type, text);
    }
    default:
      throw new ProtocolError("an unknown kind of value");
  }
}

function decodeFields(v: unknown, budget: Budget, depth: number): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v.constructor !== Object) throw new ProtocolError("a bad object");
  const keys = Object.keys(v);
  if (keys.length > LIMITS.keys) throw new ProtocolError("an object with too many keys");
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    Object.defineProperty(out, k, { value: decodeValue((v as Record<string, unknown>)[k], budget, depth - 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A Promise the learner's code returned: the judge names it, and never waits for it. */
export class LearnerPromise {
  then(): undefined {
    return undefined;
  }
}

/** A value the judge only names: "a Map", "a bigint (3n)". */
export class OtherValue {
  constructor(
    readonly type: string,
    readonly text: string,
  ) {}
  toString(): string {
    return `${this.type}${this.text ? ` (${this.text})` : ""}`;
  }
}

/** A thrown value, validated. */
export function decodeError(w: unknown): WireError {
  if (typeof w !== "object" || w === null) throw new ProtocolError("a bad error");
  const e = w as Record<string, unknown>;
  const str = (x: unknown, max: number) => (typeof x === "string" ? x.slice(0, max) : "");
  return { name: str(e.name, 200), message: str(e.message, LIMITS.string), stack: str(e.stack, LIMITS.stack), kind: str(e.kind, 40) || "Error" };
}

/**
 * A reply, validated against the request it answers. Returns undefined for a message that answers
 * nothing the judge asked (a stray or forged id); throws ProtocolError for a malformed answer.
 */
export function parseReply(raw: unknown, pending: Request): Reply | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.id !== pending.id) return undefined;
  if (typeof m.ok !== "boolean") throw new ProtocolError("a reply without ok");
  const reply: Reply = { id: pending.id, ok: m.ok };
  if (m.output !== undefined) {
    if (typeof m.output !== "string") throw new ProtocolError("bad output");
    reply.output = m.output.slice(0, LIMITS.output);
    reply.dropped = Math.max(0, m.output.length - LIMITS.output);
  }
  if (m.dropped !== undefined) {
    if (!Number.isSafeInteger(m.dropped) || (m.dropped as number) < 0) throw new ProtocolError("bad dropped count");
    reply.dropped = (reply.dropped ?? 0) + (m.dropped as number);
  }
  if (m.uncaught !== undefined) {
    if (!Array.isArray(m.uncaught) || !m.uncaught.every((u) => typeof u === "string")) throw new ProtocolError("bad uncaught errors");
    reply.uncaught = (m.uncaught as string[]).slice(0, 20).map((u) => u.slice(0, 2000));
  }
  if (m.pending !== undefined) {
    if (!Number.isSafeInteger(m.pending) || (m.pending as number) < 0) throw new ProtocolError("bad pending count");
    reply.pending = m.pending as number;
  }
  if (!m.ok) {
    reply.error = decodeError(m.error);
  }
  // Values stay wire values here: the caller decodes them (decodeValue) where it needs them.
  if (m.value !== undefined) reply.value = m.value as Wire;
  if (m.self !== undefined) reply.self = m.self as Wire;
  if (m.args !== undefined) {
    if (!Array.isArray(m.args)) throw new ProtocolError("bad args");
    reply.args = m.args as Wire[];
  }
  if (m.calls !== undefined) {
    if (typeof m.calls !== "object" || m.calls === null || Array.isArray(m.calls) || (m.calls as object).constructor !== Object) throw new ProtocolError("bad callback calls");
    let n = 0;
    for (const list of Object.values(m.calls)) {
      if (!Array.isArray(list) || !list.every((a) => Array.isArray(a))) throw new ProtocolError("bad callback calls");
      n += list.length;
    }
    if (n > LIMITS.callbackCalls) throw new ProtocolError("too many callback calls");
    reply.calls = m.calls as Record<string, Wire[][]>;
  }
  if (m.replaced !== undefined) {
    if (!Array.isArray(m.replaced) || !m.replaced.every((r) => typeof r === "object" && r !== null && Number.isSafeInteger(r.arg) && typeof r.path === "string")) {
      throw new ProtocolError("bad replaced paths");
    }
    reply.replaced = (m.replaced as { arg: number; path: string }[]).slice(0, 100).map((r) => ({ arg: r.arg, path: r.path.slice(0, 200) }));
  }
  if (m.reads !== undefined) {
    if (!Array.isArray(m.reads) || !m.reads.every((i) => Number.isSafeInteger(i))) throw new ProtocolError("bad reads");
    reply.reads = (m.reads as number[]).slice(0, 1000);
  }
  if (m.exports !== undefined) {
    if (typeof m.exports !== "object" || m.exports === null || Array.isArray(m.exports)) throw new ProtocolError("bad exports");
    const exports: Record<string, ExportInfo> = {};
    for (const [k, v] of Object.entries(m.exports).slice(0, LIMITS.keys)) {
      const e = v as Record<string, unknown>;
      if (typeof e !== "object" || e === null || typeof e.type !== "string" || !Number.isSafeInteger(e.arity) || typeof e.isClass !== "boolean") throw new ProtocolError("bad export");
      Object.defineProperty(exports, k, { value: { type: e.type.slice(0, 20), arity: e.arity as number, isClass: e.isClass }, enumerable: true });
    }
    reply.exports = exports;
  }
  return reply;
}

/**
 * The buffers of a message's arrays, to move instead of copy over a structured-clone transport
 * (every array on the wire is a fresh copy made for the message, so moving it costs its sender nothing).
 */
export function transferables(message: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const stack = [message];
  while (stack.length) {
    const v = stack.pop();
    if (v instanceof Float64Array) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.add(v.buffer);
    } else if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === "object" && v !== null) stack.push(...Object.values(v));
  }
  return [...out];
}

// ── The text form, for transports that carry strings (pipes) ─────────────────────────────────────

/** A message as one line of JSON: Float64Arrays travel as base64 of their bytes. */
export function toText(message: unknown): string {
  return JSON.stringify(message, (_k, v) => (v instanceof Float64Array ? { $f64b64: bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) } : v));
}

/** The inverse of toText; throws on anything that is not a message. */
export function fromText(line: string): unknown {
  return JSON.parse(line, (_k, v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && typeof v.$f64b64 === "string" && Object.keys(v).length === 1) {
      const bytes = base64ToBytes(v.$f64b64);
      if (bytes.length % 8 !== 0) throw new ProtocolError("bad float64 bytes");
      return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    }
    return v;
  });
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function bytesToBase64(bytes: Uint8Array): string {
  let out = "";
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : "=") + (i + 2 < bytes.length ? B64[n & 63]! : "=");
    if (out.length > 8192) {
      parts.push(out);
      out = "";
    }
  }
  parts.push(out);
  return parts.join("");
}

function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new ProtocolError("bad base64");
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const value = (c: string) => B64.indexOf(c);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (value(text[i]!) << 18) | (value(text[i + 1]!) << 12) | ((text[i + 2] === "=" ? 0 : value(text[i + 2]!)) << 6) | (text[i + 3] === "=" ? 0 : value(text[i + 3]!));
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
