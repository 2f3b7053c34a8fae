// lib/np's random stream against numpy's legacy RandomState (golden draws in random.json).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { np, RandomState } from "../lib/np/index.ts";
import { fma, logGlibc } from "../lib/np/log-glibc.ts";
import { load, ulps } from "./fixtures/np/golden.ts";

type Call = { op: "seed"; seed: number } | { op: "rand" | "randn"; dims: number[]; hex: string[] };
type Golden = {
  streams: { seed: number; calls: Call[] }[];
  instance: { seed: number; globalSeed: number; randn5: string[]; globalRandn5: string[]; rand3: string[] };
  ints: {
    permutation10: number[];
    randint_0_7_5: number[];
    randint_100: number;
    randint_rect: number[][];
    permutation1000: number[];
    randint_full: number[];
    permutationRows: number[][];
    randnAfter: string[];
  };
  log: { x: string[]; log: string[]; hard: number };
};
const golden = load<Golden>("random.json");

/** Parses Python's float.hex() ("-0x1.9fd0ae1a5b5c9p+0", "0x0.0p+0"). */
function fromHex(h: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]*)p([+-]\d+)$/.exec(h);
  if (!m) throw new Error(`bad hex float ${h}`);
  const frac = m[3]!;
  const mant = (BigInt(m[2]!) << BigInt(frac.length * 4)) + (frac ? BigInt("0x" + frac) : 0n);
  const exp = Number(m[4]) - frac.length * 4;
  // mant · 2^exp is exact in double for these values (53-bit mantissa, normal range).
  let v = Number(mant) * 2 ** exp;
  if (!Number.isFinite(v) || v === 0) v = Number(mant) * 2 ** (exp + 64) * 2 ** -64;
  return m[1] ? -v : v;
}

function draw(rs: { rand: (...d: number[]) => unknown; randn: (...d: number[]) => unknown }, op: "rand" | "randn", dims: number[]): number[] {
  const out = (rs[op] as (...d: number[]) => unknown)(...dims);
  if (typeof out === "number") return [out];
  return Array.from((out as { data: Float64Array }).data);
}

test("hex parsing round-trips", () => {
  assert.is(fromHex("0x1.9fd5190657c50p+0"), 1.6243453636632417);
  assert.is(fromHex("-0x1.393822fb7d9adp-1"), -0.6117564136500754);
  assert.is(fromHex("0x0.0p+0"), 0);
});

const stats = { rand: 0, randn: 0, randnOff: 0, maxUlps: 0 };

for (const stream of golden.streams) {
  test(`seed ${stream.seed}: ${stream.calls.length} calls match numpy`, () => {
    np.random.seed(stream.seed);
    for (const [c, call] of stream.calls.entries()) {
      if (call.op === "seed") {
        np.random.seed(call.seed);
        continue;
      }
      const got = draw(np.random, call.op, call.dims);
      const want = call.hex.map(fromHex);
      assert.is(got.length, want.length, `call ${c}: ${call.op}(${call.dims}) length`);
      for (let i = 0; i < want.length; i++) {
        const d = ulps(got[i]!, want[i]!);
        if (call.op === "rand") {
          stats.rand++;
          if (d !== 0) assert.unreachable(`seed ${stream.seed} call ${c} rand[${i}]: ${got[i]} !== numpy ${want[i]}`);
        } else {
          stats.randn++;
          if (d > 0) stats.randnOff++;
          stats.maxUlps = Math.max(stats.maxUlps, d);
          if (d > 1) assert.unreachable(`seed ${stream.seed} call ${c} randn[${i}]: ${got[i]} vs numpy ${want[i]} (${d} ulps)`);
        }
      }
    }
  });
}

test("at least 10,000 draws compared; rand and randn bit-identical to numpy", () => {
  assert.ok(stats.rand + stats.randn >= 10000, `only ${stats.rand + stats.randn} draws`);
  assert.ok(stats.randn >= 9000, `only ${stats.randn} randn draws`);
  // randn goes through log(); lib/np reproduces glibc's (log-glibc.ts), which is what numpy used
  // when random.json was made. (V8's Math.log would put ~3.7% of draws 1 ulp off.)
  assert.is(stats.randnOff, 0, `${stats.randnOff} of ${stats.randn} randn draws differ (max ${stats.maxUlps} ulp)`);
});

test("logGlibc equals C's log() bit for bit, including where it is not correctly rounded", () => {
  const { x, log, hard } = golden.log;
  let off = 0;
  let first = "";
  for (let i = 0; i < x.length; i++) {
    const got = logGlibc(fromHex(x[i]!));
    if (!Object.is(got, fromHex(log[i]!))) {
      off++;
      first ||= `log(${x[i]}) = ${got}, C says ${fromHex(log[i]!)}`;
    }
  }
  assert.ok(x.length > 1000 && hard > 10, `${x.length} cases, ${hard} hard`);
  assert.is(off, 0, `${off} of ${x.length} differ; first: ${first}`);
});

test("fma rounds once", () => {
  assert.is(fma(1 + 2 ** -30, 1 - 2 ** -30, -1), -(2 ** -60));
  assert.is(fma(0.1, 10, -1), 5.551115123125783e-17);
  assert.is(fma(2, 3, 4), 10);
  assert.is(fma(1e308, 10, -1e308), Infinity);
});

test("return types: no args → number, one → (n,), two → (r, c)", () => {
  np.random.seed(0);
  assert.type(np.random.randn(), "number");
  assert.type(np.random.rand(), "number");
  assert.equal(np.random.randn(4).shape, [4]);
  assert.equal(np.random.rand(2, 5).shape, [2, 5]);
});

test("a RandomState instance has its own stream and leaves the global one alone", () => {
  const g = golden.instance;
  const rs = new RandomState(g.seed);
  np.random.seed(g.globalSeed);
  assert.equal(Array.from(rs.randn(5).data), g.randn5.map(fromHex));
  assert.equal(Array.from(np.random.randn(5).data), g.globalRandn5.map(fromHex));
  assert.equal(Array.from(rs.rand(3).data), g.rand3.map(fromHex));
  assert.ok(np.random.RandomState === RandomState);
});

test("permutation and randint draw numpy's integers (masked rejection sampling)", () => {
  const g = golden.ints;
  np.random.seed(3);
  assert.equal(np.random.permutation(10).tolist(), g.permutation10);
  const r = np.random.randint(0, 7, 5);
  assert.equal(r.tolist(), g.randint_0_7_5);
  assert.is(r.dtype, "int64");
  assert.is(np.random.randint(100), g.randint_100);
  assert.equal(np.random.randint(-3, 1000000, [2, 3]).tolist(), g.randint_rect);
  assert.equal(np.random.permutation(1000).tolist(), g.permutation1000);
  assert.equal(np.random.randint(0, 2 ** 32, 4).tolist(), g.randint_full);
  const rows = np.arange(12).reshape(4, 3);
  assert.equal(np.random.permutation(rows).tolist(), g.permutationRows);
  assert.equal(rows.tolist(), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], "permutation must not shuffle its input");
  assert.equal(Array.from(np.random.randn(3).data), g.randnAfter.map(fromHex));
  assert.throws(() => np.random.randint(5, 5), /low >= high/);
  assert.throws(() => np.random.permutation(-1), /non-negative integer/);
});

test("get_state/set_state restores the stream, including the cached Gaussian", () => {
  np.random.seed(5);
  np.random.randn(3); // odd count: one Gaussian is cached
  const state = np.random.get_state();
  const a = Array.from(np.random.randn(4).data);
  np.random.randn(10);
  np.random.set_state(state);
  assert.equal(Array.from(np.random.randn(4).data), a);
});

test("seed resets the cached Gaussian", () => {
  np.random.seed(3);
  np.random.randn(1);
  np.random.seed(3);
  const a = np.random.randn(2).data;
  np.random.seed(3);
  const b = np.random.randn(2).data;
  assert.equal(Array.from(a), Array.from(b));
});

test("bad seeds and dimensions raise NpError with the value given", () => {
  assert.throws(() => np.random.seed(-1), /between 0 and 2\*\*32 - 1, got -1/);
  assert.throws(() => np.random.seed(2 ** 32), /2\*\*32/);
  assert.throws(() => np.random.seed(1.5), /got 1.5/);
  assert.throws(() => (np.random.randn as (...d: number[]) => unknown)(2, 3, 4), /at most 2-D/);
  assert.throws(() => np.random.randn([2, 3] as unknown as number), /separate arguments/);
  assert.throws(() => np.random.rand(-1), /non-negative integers, got -1/);
});

test.run();
