/**
 * Operator-level mutants of a solution: one small change at a time, only inside its answer
 * regions (`// BEGIN SOLUTION` … `// END SOLUTION` and `// SOLUTION` lines). The course's tests
 * grade every mutant and require each one to fail: a check that cannot tell a mutant from the
 * solution is a check that does not check.
 */
import { BEGIN, END, ONE_LINE } from "./stub.ts";

export type Mutant = {
  /** 1-based line of the change. */
  line: number;
  operator: string;
  /** The line before and after. */
  before: string;
  after: string;
  /** The whole mutated source. */
  source: string;
};

type Operator = { name: string; find: RegExp; replace: (match: RegExpExecArray, line: string) => string | undefined };

/** The argument list starting at `open` (the index of "("), split at top-level commas. */
function argsAt(line: string, open: number): { args: string[]; end: number } | undefined {
  let depth = 0;
  let start = open + 1;
  const args: string[] = [];
  for (let i = open; i < line.length; i++) {
    const ch = line[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) {
        args.push(line.slice(start, i).trim());
        return { args, end: i };
      }
    } else if (ch === "," && depth === 1) {
      args.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  return undefined;
}

const rename = (name: string, from: string, to: string): Operator => ({
  name,
  find: new RegExp(`\\b${from.replace(/\./g, "\\.")}\\(`, "g"),
  replace: (m, line) => line.slice(0, m.index) + `${to}(` + line.slice(m.index + m[0].length),
});

const literal = (name: string, from: RegExp, to: (m: RegExpExecArray) => string): Operator => ({
  name,
  find: from,
  replace: (m, line) => line.slice(0, m.index) + to(m) + line.slice(m.index + m[0].length),
});

/** Replaces a call `fn(a, b)` by what `edit` makes of its arguments. */
const call = (name: string, fn: string, edit: (args: string[]) => string | undefined): Operator => ({
  name,
  find: new RegExp(`\\b${fn.replace(/\./g, "\\.")}\\(`, "g"),
  replace: (m, line) => {
    const open = m.index + m[0].length - 1;
    const parsed = argsAt(line, open);
    if (!parsed) return undefined;
    const replacement = edit(parsed.args);
    return replacement === undefined ? undefined : line.slice(0, m.index) + replacement + line.slice(parsed.end + 1);
  },
});

export const OPERATORS: Operator[] = [
  rename("add → subtract", "np.add", "np.subtract"),
  rename("subtract → add", "np.subtract", "np.add"),
  rename("multiply → divide", "np.multiply", "np.divide"),
  rename("divide → multiply", "np.divide", "np.multiply"),
  rename("dot → element-wise multiply", "np.dot", "np.multiply"),
  rename("less_equal → less", "np.less_equal", "np.less"),
  rename("greater → greater_equal", "np.greater", "np.greater_equal"),
  rename("maximum → minimum", "np.maximum", "np.minimum"),
  call("dot operands swapped", "np.dot", (a) => (a.length === 2 && a[0] !== a[1] ? `np.dot(${a[1]}, ${a[0]})` : undefined)),
  call("subtract operands swapped", "np.subtract", (a) => (a.length === 2 && a[0] !== a[1] ? `np.subtract(${a[1]}, ${a[0]})` : undefined)),
  call("divide operands swapped", "np.divide", (a) => (a.length === 2 && a[0] !== a[1] ? `np.divide(${a[1]}, ${a[0]})` : undefined)),
  call("negation dropped", "np.negative", (a) => (a.length === 1 ? `(${a[0]})` : undefined)),
  call("first operand of add dropped", "np.add", (a) => (a.length === 2 ? `(${a[1]})` : undefined)),
  call("second operand of add dropped", "np.add", (a) => (a.length === 2 ? `(${a[0]})` : undefined)),
  call("scaling dropped", "np.multiply", (a) => (a.length === 2 && /^[\d./\s\w]+$/.test(a[0]!) && /\b(m|0\.\d+|learningRate|lr|alpha)\b/.test(a[0]!) ? `(${a[1]})` : undefined)),
  literal("transpose dropped", /\.T\b/g, () => ""),
  literal("keepdims off", /keepdims: true/g, () => "keepdims: false"),
  literal("axis 1 → 0", /axis: 1\b/g, () => "axis: 0"),
  literal("axis 0 → 1", /axis: 0\b/g, () => "axis: 1"),
  literal("relu → sigmoid", /"relu"/g, () => `"sigmoid"`),
  literal("sigmoid → relu", /"sigmoid"/g, () => `"relu"`),
  literal("0.01 → 0.1", /\b0\.01\b/g, () => "0.1"),
  literal("0.5 → 0.4", /\b0\.5\b/g, () => "0.4"),
  literal("seed changed", /seed\((\d+)\)/g, (m) => `seed(${Number(m[1]) + 1})`),
  literal("1 / m → 1 / (m + 1)", /\b1 \/ m\b/g, () => "1 / (m + 1)"),
  literal("index - 1 dropped", /\b([lL]) - 1\b/g, (m) => m[1]!),
  literal("index + 1 dropped", /\b([lLi]) \+ 1\b/g, (m) => m[1]!),
  literal("< → <=", / < /g, () => " <= "),
  literal("<= → <", / <= /g, () => " < "),
  literal(">= → >", / >= /g, () => " > "),
  literal("> → >=", / > /g, () => " >= "),
];

/** The lines inside answer regions (0-based indices), comments excluded. */
export function answerLines(lines: string[]): number[] {
  const out: number[] = [];
  let inside = false;
  lines.forEach((line, i) => {
    if (BEGIN.test(line)) inside = true;
    else if (END.test(line)) inside = false;
    else if ((inside && !/^\s*\/\//.test(line)) || ONE_LINE.test(line)) out.push(i);
  });
  return out;
}

/** Every mutant of `source`: each operator at each place it applies, one change per mutant. */
export function mutantsOf(source: string): Mutant[] {
  const lines = source.split("\n");
  const out: Mutant[] = [];
  const seen = new Set<string>();
  for (const i of answerLines(lines)) {
    // An error message is not behaviour worth mutating.
    if (/\bthrow\b|new Error\(/.test(lines[i]!)) continue;
    const line = ONE_LINE.test(lines[i]!) ? lines[i]!.replace(/\s*\/\/ SOLUTION.*$/, "") : lines[i]!;
    for (const op of OPERATORS) {
      op.find.lastIndex = 0;
      for (let m = op.find.exec(line); m; m = op.find.exec(line)) {
        const after = op.replace(m, line);
        if (after === undefined || after === line || seen.has(`${i}:${after}`)) continue;
        seen.add(`${i}:${after}`);
        const mutated = lines.slice();
        mutated[i] = after;
        out.push({ line: i + 1, operator: op.name, before: line.trim(), after: after.trim(), source: mutated.join("\n") });
      }
    }
  }
  return out;
}
