/**
 * The judge–executor protocol: values cross it intact, and nothing an executor sends (random,
 * malformed or malicious) crashes the judge or raises a score.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, NDArray, RandomState } from "../lib/np/index.ts";
import { CLASS, HANDLE, LearnerPromise, OtherValue, ProtocolError, decodeArg, decodeValue, encodeArg, encodeValue, fromText, parseReply, toText } from "../grader/protocol/index.ts";
import type { Reply, Request } from "../grader/protocol/index.ts";
import { ROOT, findExercise } from "../grader/exercises.ts";
import { gradeExercise, loadCourse } from "../grader/judge/grade-exercise.ts";
import type { Ask, ExecutorLink, Outcome } from "../grader/judge/link.ts";

const keepNone = () => {
  throw new Error("no learner objects here");
};

test("values cross intact: arrays, special numbers, nesting, the same array twice", () => {
  const Z = np.array([[1, -0, 3], [NaN, Infinity, -Infinity]]);
  const value = [Z, { cache: { A: Z, W: np.array([[2]]) }, n: -0, s: "x", u: undefined, b: true, z: null, list: [1, 2.5] }];
  const back = decodeValue(fromText(toText(encodeValue(value, keepNone)))) as [NDArray, Record<string, any>];
  assert.ok(back[0] instanceof NDArray);
  assert.equal(back[0].shape, [2, 3]);
  assert.ok(Object.is(back[0].data[1], -0) && Number.isNaN(back[0].data[3]) && back[0].data[4] === Infinity);
  assert.ok(back[1].cache.A === back[0], "the same array twice is the same array");
  assert.ok(Object.is(back[1].n, -0));
  assert.ok("u" in back[1] && back[1].u === undefined);
  assert.equal(back[1].list, [1, 2.5]);
});

test("learner objects stay in the executor: the judge gets a stand-in with their fields", () => {
  class Dense {
    w = np.array([[1, 2]]);
    units = 3;
  }
  const kept: object[] = [];
  const wire = encodeValue(new Dense(), (o) => kept.push(o) - 1);
  const back = decodeValue(wire) as Record<string | symbol, unknown>;
  assert.is(back[HANDLE], 0);
  assert.is(back[CLASS], "Dense");
  assert.is(back.units, 3);
  assert.ok(back.w instanceof NDArray);
  // Sent back as an argument, it names the executor's object.
  const arg = encodeArg(back, []);
  assert.equal(arg, { $: "obj", id: 0, cls: "", fields: {} });
  assert.is(decodeArg(arg, (id) => kept[id], () => () => undefined), kept[0]);
});

test("promises, functions, cycles, Maps and bigints are named, never followed", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const back = decodeValue(encodeValue([Promise.resolve(1), function f() {}, cyclic, new Map(), 3n], keepNone)) as unknown[];
  assert.ok(back[0] instanceof LearnerPromise);
  assert.is(typeof back[1], "function");
  assert.throws(() => (back[1] as () => void)(), /cannot be called by the judge/);
  assert.ok((back[2] as Record<string, unknown>).self instanceof OtherValue);
  assert.ok(back[3] instanceof OtherValue);
  assert.ok(back[4] instanceof OtherValue);
});

test("judge callbacks become recorders in the executor", () => {
  const seen: unknown[] = [];
  const callbacks: Function[] = [];
  const wire = encodeArg({ onIteration: (i: number) => seen.push(i) }, callbacks);
  const recorded: number[] = [];
  const decoded = decodeArg(wire, () => undefined, (id) => (i: number) => recorded.push(id * 100 + i)) as { onIteration: (i: number) => void };
  decoded.onIteration(7);
  assert.equal(recorded, [7]);
  assert.is(callbacks.length, 1);
});

// ── Malicious and random messages ────────────────────────────────────────────────────────────────

const rng = new RandomState(20261130);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.rand() * xs.length)]!;

/** A random value, mostly malformed: wrong tags, wrong shapes, wrong types, huge claims. */
function junk(depth = 3): unknown {
  const r = rng.rand();
  if (depth <= 0 || r < 0.3) return pick([0, -1, 1e308, NaN, Infinity, "", "passed", "x".repeat(200_001), true, null, undefined, [], {}]);
  if (r < 0.45) return Array.from({ length: Math.floor(rng.rand() * 4) }, () => junk(depth - 1));
  if (r < 0.6) return { $: pick(["nd", "o", "obj", "same", "num", "f64", "fn", "promise", "other", "cb", "?", 3]), shape: pick([[2, 2], [-1, 2], [1e9, 1e9], [1, 2, 3], "2x2", [2.5]]), data: pick([new Float64Array(4), new Float64Array(3), [1, 2, 3, 4], "AAAA"]), v: junk(depth - 1), n: pick([0, 5, -1]), id: pick([0, -1, 1.5, "0"]), fields: junk(depth - 1) };
  if (r < 0.7) return { __proto__: { polluted: true }, constructor: junk(depth - 1), toString: "x" };
  const o: Record<string, unknown> = {};
  for (const k of ["id", "ok", "value", "error", "args", "calls", "exports", "output", "uncaught", "pending", "reads", "replaced", "self", "status", "points"]) {
    if (rng.rand() < 0.5) o[k] = junk(depth - 1);
  }
  return o;
}

test("random and malicious replies: parseReply and decodeValue return or throw ProtocolError, nothing else", () => {
  const req: Request = { id: 5, op: "call", name: "f", args: [] };
  for (let i = 0; i < 3000; i++) {
    const raw = junk(4) as Record<string, unknown>;
    if (typeof raw === "object" && raw !== null && rng.rand() < 0.7) raw.id = 5;
    try {
      const reply = parseReply(raw, req);
      if (reply?.value !== undefined) decodeValue(reply.value);
      if (reply?.args) reply.args.forEach((a) => decodeValue(a));
      if (reply?.self !== undefined) decodeValue(reply.self);
    } catch (e) {
      assert.ok(e instanceof ProtocolError, `case ${i}: ${(e as Error)?.stack ?? e}`);
    }
  }
  // Prototype pollution through a reply never reaches the judge's objects.
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test("the text transport: random lines are refused, never half-read", () => {
  for (const line of ["", "{", "null", '{"$f64b64":"A"}', '{"id":1,"ok":true,"value":{"$":"nd","shape":[2],"data":{"$f64b64":"AAAAAAAAAAA="}}}', "x".repeat(1000)]) {
    try {
      const m = fromText(line) as { value?: unknown } | null;
      if (m && typeof m === "object" && m.value !== undefined) decodeValue(m.value);
    } catch (e) {
      assert.ok(e instanceof SyntaxError || e instanceof ProtocolError, String(e));
    }
  }
});

/** An executor that answers every request with random (but well-addressed) junk. */
class JunkLink implements ExecutorLink {
  requests = 0;
  async request(ask: Ask): Promise<Outcome> {
    this.requests++;
    const raw = junk(4) as Record<string, unknown>;
    const reply = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? raw : {};
    reply.id = 1;
    if (ask.op === "load") {
      reply.ok = true;
      reply.exports = { linearForward: { type: "function", arity: 3, isClass: false }, computeCost: { type: "function", arity: 2, isClass: false }, updateParameters: { type: "function", arity: 3, isClass: false } };
    } else if (typeof reply.ok !== "boolean") reply.ok = rng.rand() < 0.8;
    try {
      const parsed = parseReply(reply, { ...ask, id: 1 } as Request);
      return parsed ? { kind: "reply", reply: parsed as Reply, ms: 1 } : { kind: "timeout", ms: 1 };
    } catch (e) {
      return { kind: "crash", why: "protocol", message: String(e) };
    }
  }
  async reset() {}
  warmUp() {}
  async close() {}
}

test("an executor answering with junk never crashes the judge and never earns a point", async () => {
  for (const slug of ["02_linear_forward", "05_cost", "09_update"]) {
    const exercise = findExercise(slug);
    const course = await loadCourse(exercise, ROOT);
    for (let i = 0; i < 40; i++) {
      const link = new JunkLink();
      const r = await gradeExercise({ exercise, course, root: ROOT, link, file: `/nowhere/${slug}.ts`, learnerDir: "/nowhere", displayFile: `${slug}.ts`, base: "/", gen: i, hiddenSeed: i });
      assert.is(r.points, 0, `${slug} run ${i}: ${JSON.stringify(r.checks.map((c) => [c.status, c.message?.slice(0, 120)]))}`);
      assert.is(r.points, r.checks.reduce((s, c) => s + c.points, 0));
      assert.ok(r.checks.every((c) => !c.graderError), `${slug} run ${i}: the judge broke on junk: ${r.checks.find((c) => c.graderError)?.message}`);
    }
  }
});

test.run();
