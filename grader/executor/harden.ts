/**
 * Freezes the language's shared objects before learner code runs, so code graded for one exercise
 * cannot change how the next one behaves in the same executor (`Object.is = () => true`,
 * `Array.prototype.map = …`, `Math.exp = …`): what `lockdown()` of Hardened JavaScript does to the
 * intrinsics, cut down to what an executor needs.
 *
 * Why not `ses` itself: its import and lockdown() cost 250–300 ms per executor start on this kind
 * of machine, more than grading the whole course; freezing the intrinsics reachable from the
 * standard globals takes about 3 ms. The judge does not depend on this (it runs in another realm);
 * it keeps one learner's exercises from leaking into each other.
 *
 * Freezing a prototype breaks assignments that would shadow one of its properties (`err.name = …`
 * in an Error subclass, `obj.toString = …`): the "override mistake". As lockdown's overrideTaming
 * does, those few properties become accessors whose setter defines the property on the instance.
 *
 * No Node built-ins here: the browser's Web Worker executor uses it too.
 */

/** The standard globals whose values (and everything reachable from them) are frozen. */
const STANDARD = [
  "Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Boolean", "String", "Symbol", "Date", "Promise",
  "RegExp", "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
  "JSON", "Math", "Intl", "ArrayBuffer", "Atomics", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array",
  "Int32Array", "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map",
  "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "isFinite", "isNaN", "WeakRef", "FinalizationRegistry",
  "escape", "unescape", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "WebAssembly", "globalThis",
  "TextEncoder", "TextDecoder", "URL", "URLSearchParams", "MessagePort", "MessageChannel", "MessageEvent", "EventTarget", "Event",
  "AbortController", "AbortSignal", "queueMicrotask", "structuredClone", "setTimeout", "clearTimeout", "setInterval",
  "clearInterval", "setImmediate", "clearImmediate", "console", "performance", "atob", "btoa",
];

/**
 * Properties that instances commonly shadow by assignment: an Error subclass's `this.name = …`
 * (lib/np's own errors do it), `err.message = …`, `obj.toString = …`. Only these few: an accessor
 * where a method was makes V8 give up its fast paths for that method (`push`, `call`, `then` on an
 * accessor cost a fifth of the grading time when they were tamed too).
 */
const OVERRIDABLE: [string, string[]][] = [
  ["Object", ["toString"]],
  ["Error", ["name", "message", "toString"]],
  ["TypeError", ["name", "message"]],
  ["RangeError", ["name", "message"]],
  ["SyntaxError", ["name", "message"]],
  ["ReferenceError", ["name", "message"]],
];

/** Turns a data property of `proto` into an accessor whose setter, on an instance, defines an own property. */
function tameOverride(proto: object, key: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (!d || !("value" in d) || !d.configurable) return;
  const value = d.value;
  Object.defineProperty(proto, key, {
    get() {
      return value;
    },
    set(this: object, next: unknown) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of the shared ${protoName(proto)}`);
      Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: d.enumerable,
    configurable: false,
  });
}

function protoName(proto: object): string {
  try {
    return `${(proto as { constructor?: { name?: string } }).constructor?.name ?? "Object"}.prototype`;
  } catch {
    return "prototype";
  }
}

/**
 * Properties V8 guards with "protectors" (on the objects in OPEN): redefining one, even to the same
 * value, switches off a fast path for the whole isolate (array iteration and spread, species,
 * promise resolution). They stay as they are.
 */
const GUARDED = new Set<PropertyKey>(["constructor", "then", "resolve", "next", Symbol.iterator, Symbol.species, Symbol.isConcatSpreadable]);

/**
 * Object.freeze, done property by property: every property non-writable and non-configurable, then
 * no new ones. The result is the same (Object.isFrozen says so), but V8 treats an Object.prototype
 * frozen by Object.freeze as a reason to leave its fast paths everywhere: grading ran four times
 * slower with it.
 */
function lock(o: object): void {
  const fast = OPEN.has(o);
  for (const key of Reflect.ownKeys(o)) {
    if (fast && GUARDED.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (!d) continue;
    if ("value" in d) {
      if (d.configurable || d.writable) Object.defineProperty(o, key, { value: d.value, writable: false, enumerable: d.enumerable, configurable: false });
    } else if (d.configurable) Object.defineProperty(o, key, { get: d.get, set: d.set, enumerable: d.enumerable, configurable: false });
  }
  if (!fast) Object.preventExtensions(o);
}

/**
 * The objects on V8's fast paths for iteration, typed arrays and promises: their guarded properties
 * are left as they are and they stay extensible (making them non-extensible, or redefining those
 * properties, made every array loop and typed-array operation in learner code about 1.5× slower).
 * What a learner's code could still do there is add a property, which affects only its own code.
 */
const OPEN = new Set<object>(
  [
    Object.prototype,
    Array.prototype,
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
    Object.getPrototypeOf(Uint8Array),
    Object.getPrototypeOf(Uint8Array).prototype,
    Promise.prototype,
    Promise,
    Array,
    String.prototype,
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    RegExp.prototype,
    RegExp,
    Float64Array,
    Float64Array.prototype,
  ].filter(Boolean),
);

/** Freezes `root` and everything reachable from it through properties, prototypes, getters and setters. */
function deepFreeze(root: unknown, seen: Set<unknown>, skip: Set<unknown>): void {
  const stack = [root];
  while (stack.length) {
    const o = stack.pop();
    if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o) || skip.has(o)) continue;
    seen.add(o);
    let keys: (string | symbol)[];
    try {
      keys = Reflect.ownKeys(o);
    } catch {
      continue;
    }
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (!d) continue;
      if ("value" in d) stack.push(d.value);
      else stack.push(d.get, d.set);
    }
    stack.push(Object.getPrototypeOf(o));
    // A typed array with elements cannot be frozen (its elements stay writable by design).
    if (!ArrayBuffer.isView(o)) lock(o);
  }
}

/**
 * Freezes the intrinsics and the given objects (`also`: lib/np, say). `keepWritable` names globals
 * the host still replaces afterwards (none by default). Globals that are not standard (the host's
 * `process`, for one) are left to the host.
 */
export function hardenIntrinsics(also: unknown[] = []): void {
  const g = globalThis as Record<string, unknown>;
  for (const [ctor, keys] of OVERRIDABLE) {
    const proto = (g[ctor] as { prototype?: object } | undefined)?.prototype;
    if (proto) for (const k of keys) tameOverride(proto, k);
  }
  const seen = new Set<unknown>();
  // globalThis itself stays extensible (hosts and learners may add their own names), but the
  // standard names on it can no longer be replaced.
  const skip = new Set<unknown>([globalThis]);
  const hidden = [
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf(/x/[Symbol.matchAll]("")),
    Object.getPrototypeOf(Uint8Array),
  ];
  for (const name of STANDARD) if (name !== "globalThis" && name in g) deepFreeze(g[name], seen, skip);
  for (const o of [...hidden, ...also]) deepFreeze(o, seen, skip);
  for (const name of STANDARD) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (d && "value" in d && d.configurable) Object.defineProperty(globalThis, name, { value: d.value, writable: false, enumerable: d.enumerable, configurable: false });
  }
}
