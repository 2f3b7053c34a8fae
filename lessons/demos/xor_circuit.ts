// The circuit-theory argument of lesson 07, made runnable: parity of n bits (x1 ⊕ x2 ⊕ … ⊕ xn)
// built two ways out of the same explicit threshold units (a unit outputs 1 when Σ wᵢ·xᵢ ≥ θ):
//
// - deep: a balanced tree of XOR gates, each gate three threshold units (OR, AND, "OR and not
//   AND"), so n-1 gates, 3(n-1) units and a depth of 2·⌈log2 n⌉ unit layers;
// - shallow: one hidden layer of "pattern detectors", one unit per input pattern with an odd
//   number of ones (2^(n-1) of them), and an output unit that ORs them.
//
// Both are checked against parity on every input (for the shallow circuit only up to n = 10;
// above that on a fixed random sample, because checking 32768 units on 65536 inputs is slow).
// A third circuit, the "counting" layer, is the fine print discussed in the lesson.
//
// Run: npx tsx lessons/demos/xor_circuit.ts
import { pathToFileURL } from "node:url";

/** A threshold unit reads earlier nodes (inputs are nodes 0 … n-1) and fires when Σ w·x ≥ θ. */
type Unit = { inputs: number[]; weights: number[]; theta: number };

export type Circuit = { name: string; n: number; units: Unit[]; output: number };

function addUnit(c: Circuit, inputs: number[], weights: number[], theta: number): number {
  c.units.push({ inputs, weights, theta });
  return c.n + c.units.length - 1; // the new unit's node id
}

/** XOR of two nodes from three threshold units: OR(a, b) and not AND(a, b). */
function xorGate(c: Circuit, a: number, b: number): number {
  const or = addUnit(c, [a, b], [1, 1], 1);
  const and = addUnit(c, [a, b], [1, 1], 2);
  return addUnit(c, [or, and], [1, -1], 1);
}

/** Parity as a balanced tree of XOR gates: pair the nodes up, level after level. */
export function deepParity(n: number): Circuit {
  const c: Circuit = { name: "deep", n, units: [], output: -1 };
  let level = Array.from({ length: n }, (_, i) => i);
  while (level.length > 1) {
    const next: number[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(xorGate(c, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!); // the odd one waits a level
    level = next;
  }
  c.output = level[0]!;
  return c;
}

/** Parity with one hidden layer: a detector for each odd input pattern, then an OR. */
export function shallowParity(n: number): Circuit {
  const c: Circuit = { name: "shallow", n, units: [], output: -1 };
  const inputs = Array.from({ length: n }, (_, i) => i);
  const hidden: number[] = [];
  for (let pattern = 0; pattern < 2 ** n; pattern++) {
    const bits = inputs.map((i) => (pattern >> i) & 1);
    const ones = bits.reduce((a, b) => a + b, 0);
    if (ones % 2 === 0) continue;
    // +1 for the bits that must be 1 and -1 for those that must be 0: the sum reaches `ones`
    // only on this exact pattern.
    hidden.push(addUnit(c, inputs, bits.map((b) => (b ? 1 : -1)), ones));
  }
  c.output = addUnit(c, hidden, hidden.map(() => 1), 1);
  return c;
}

/** The fine print: one hidden layer of counting units [Σx ≥ k], combined with alternating signs. */
export function countingParity(n: number): Circuit {
  const c: Circuit = { name: "counting", n, units: [], output: -1 };
  const inputs = Array.from({ length: n }, (_, i) => i);
  const hidden = inputs.map((_, k) => addUnit(c, inputs, inputs.map(() => 1), k + 1));
  c.output = addUnit(c, hidden, hidden.map((_, k) => (k % 2 === 0 ? 1 : -1)), 1);
  return c;
}

/** Longest chain of units from an input to the output. */
export function depth(c: Circuit): number {
  const d = new Array<number>(c.n + c.units.length).fill(0);
  c.units.forEach((u, i) => {
    d[c.n + i] = 1 + Math.max(...u.inputs.map((j) => d[j]!));
  });
  return d[c.output]!;
}

/** The circuit's units packed into flat typed arrays, so checking 32769 units is quick. */
type Compiled = { starts: Int32Array; inputs: Int32Array; weights: Float64Array; thetas: Float64Array };
const compiled = new WeakMap<Circuit, Compiled>();

function compile(c: Circuit): Compiled {
  let packed = compiled.get(c);
  if (packed) return packed;
  const total = c.units.reduce((sum, u) => sum + u.inputs.length, 0);
  packed = {
    starts: new Int32Array(c.units.length + 1),
    inputs: new Int32Array(total),
    weights: new Float64Array(total),
    thetas: new Float64Array(c.units.map((u) => u.theta)),
  };
  let k = 0;
  c.units.forEach((u, i) => {
    packed!.inputs.set(u.inputs, k);
    packed!.weights.set(u.weights, k);
    k += u.inputs.length;
    packed!.starts[i + 1] = k;
  });
  compiled.set(c, packed);
  return packed;
}

export function evaluate(c: Circuit, x: readonly number[]): number {
  const { starts, inputs, weights, thetas } = compile(c);
  const values = new Float64Array(c.n + c.units.length);
  for (let i = 0; i < c.n; i++) values[i] = x[i]!;
  for (let u = 0; u < c.units.length; u++) {
    let sum = 0;
    for (let k = starts[u]!; k < starts[u + 1]!; k++) sum += weights[k]! * values[inputs[k]!]!;
    values[c.n + u] = sum >= thetas[u]! ? 1 : 0;
  }
  return values[c.output]!;
}

/** A small fixed-seed generator (mulberry32), so the sampled inputs are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXHAUSTIVE_UP_TO = 10;
const SAMPLES = 64;

/** The inputs a circuit of n bits is checked on: all 2^n, or a fixed random sample. */
function inputsFor(n: number, all: boolean): number[][] {
  const bitsOf = (v: number) => Array.from({ length: n }, (_, i) => (v >> i) & 1);
  if (all) return Array.from({ length: 2 ** n }, (_, v) => bitsOf(v));
  const next = random(n);
  return Array.from({ length: SAMPLES }, () => bitsOf(Math.floor(next() * 2 ** n)));
}

/** Whether the circuit computes parity on every one of `inputs`. */
export function computesParity(c: Circuit, inputs: number[][]): boolean {
  return inputs.every((x) => evaluate(c, x) === x.reduce((a, b) => a ^ b, 0));
}

export type Row = {
  n: number;
  deep: { gates: number; units: number; depth: number; checked: number };
  shallow: { units: number; depth: number; checked: number };
  counting: { units: number; depth: number; ok: boolean };
};

export function compare(n: number): Row {
  const deep = deepParity(n);
  const shallow = shallowParity(n);
  const counting = countingParity(n);
  const all = inputsFor(n, true);
  const shallowInputs = n <= EXHAUSTIVE_UP_TO ? all : inputsFor(n, false);
  for (const [c, inputs] of [[deep, all], [shallow, shallowInputs], [counting, all]] as const) {
    if (!computesParity(c, inputs)) throw new Error(`the ${c.name} circuit for n = ${n} does not compute parity`);
  }
  return {
    n,
    deep: { gates: deep.units.length / 3, units: deep.units.length, depth: depth(deep), checked: all.length },
    shallow: { units: shallow.units.length, depth: depth(shallow), checked: shallowInputs.length },
    counting: { units: counting.units.length, depth: depth(counting), ok: true },
  };
}

export type Lang = "en" | "ko";

const TABLE_TEXT = {
  en: {
    title: "Parity x1 ⊕ x2 ⊕ … ⊕ xn from threshold units (a unit fires when Σ w·x ≥ θ)",
    groups: "      deep: tree of XOR gates     one hidden layer",
    head: "  n   gates   units   depth       units   depth   checked on",
    all: (k: number) => `all ${k} inputs`,
    sampled: (k: number, s: number) => `all ${k} / ${s} random`,
    summary: `Deep: 3(n-1) units in 2·⌈log2 n⌉ layers. One hidden layer: 2^(n-1) + 1 units.`,
    fine: `Fine print: one hidden layer of counting units [x1+…+xn ≥ k] needs only n + 1 units`,
    fine2: (units: number, n: number) => `(${units} for n = ${n}, checked on all inputs for every n) — see lesson 07.`,
  },
  ko: {
    title: "패리티 x1 ⊕ x2 ⊕ … ⊕ xn을 임계 유닛으로 (유닛은 Σ w·x ≥ θ일 때 발화)",
    groups: "      깊은 회로: XOR 트리         은닉층 하나",
    head: "  n  게이트   유닛    깊이        유닛    깊이   확인한 입력",
    all: (k: number) => `${k}개 모두`,
    sampled: (k: number, s: number) => `${k}개 모두 / 무작위 ${s}개`,
    summary: `깊은 회로: 유닛 3(n-1)개, 층 2·⌈log2 n⌉개. 은닉층 하나: 유닛 2^(n-1) + 1개.`,
    fine: `덧붙임: 세는 유닛 [x1+…+xn ≥ k]로 된 은닉층 하나는 유닛 n + 1개면 됩니다`,
    fine2: (units: number, n: number) => `(n = ${n}이면 ${units}개, 모든 n에서 모든 입력으로 확인) — 7단원 참고.`,
  },
};

export function formatTable(rows: Row[], lang: Lang = "en"): string {
  const r = (v: number | string, w: number) => String(v).padStart(w);
  const tx = TABLE_TEXT[lang];
  const lines = [tx.title, "", tx.groups, tx.head, "  ──  ─────   ─────   ─────      ──────   ─────   ────────────────────"];
  for (const row of rows) {
    // The deep circuit is checked on all inputs; the shallow one on all up to n = 10, then on a sample.
    const checked = row.shallow.checked === row.deep.checked ? tx.all(row.deep.checked) : tx.sampled(row.deep.checked, row.shallow.checked);
    lines.push(
      `  ${r(row.n, 2)}  ${r(row.deep.gates, 5)}   ${r(row.deep.units, 5)}   ${r(row.deep.depth, 5)}      ${r(row.shallow.units, 6)}   ${r(row.shallow.depth, 5)}   ${checked}`,
    );
  }
  const last = rows[rows.length - 1]!;
  lines.push("", tx.summary, tx.fine, tx.fine2(last.counting.units, last.n));
  return lines.join("\n");
}

export function main(from = 2, to = 16, lang: Lang = "en"): string {
  const rows: Row[] = [];
  for (let n = from; n <= to; n++) rows.push(compare(n));
  return formatTable(rows, lang);
}

// Print the table when run as a program (not when a test imports the functions above):
// in Korean with --lang ko or DNN_WORKBOOK_LANG=ko.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lang = process.argv.includes("ko") || process.env.DNN_WORKBOOK_LANG === "ko" ? "ko" : "en";
  console.log(main(2, 16, lang));
}
