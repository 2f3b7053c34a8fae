/**
 * The TypeScript compiler's messages about numpy habits, said in numpy's terms: each rule knows one
 * message (by its code and the code around it) and names the lib/np call to write instead.
 * lib/np/CHEATSHEET.md has the whole list of numpy idioms and their lib/np spelling.
 */
import type * as TS from "typescript";

/** numpy's operator on arrays → the lib/np function that does it. */
export const OPERATORS: Record<string, string> = {
  "+": "np.add(a, b)",
  "-": "np.subtract(a, b)",
  "*": "np.multiply(a, b) (element-wise; np.dot(a, b) for the matrix product)",
  "/": "np.divide(a, b)",
  "**": "np.power(a, n)",
  ">": "np.greater(a, b)",
  ">=": "np.greater_equal(a, b)",
  "<": "np.less(a, b)",
  "<=": "np.less_equal(a, b)",
  "==": "np.equal(a, b) (or np.allclose(a, b) for one true/false)",
  "===": "np.equal(a, b) (or np.allclose(a, b) for one true/false)",
  "!=": "np.not_equal(a, b)",
  "!==": "np.not_equal(a, b)",
  "+=": "a = np.add(a, b)",
  "-=": "a = np.subtract(a, b)",
  "*=": "a = np.multiply(a, b)",
  "/=": "a = np.divide(a, b)",
};

/** Math.* on an array → its element-wise np function. */
const MATH: Record<string, string> = {
  max: "np.maximum(0, Z) compares element by element (np.max(Z) is the largest element)",
  min: "np.minimum(a, b) compares element by element (np.min(Z) is the smallest element)",
  exp: "np.exp(Z)",
  log: "np.log(A)",
  sqrt: "np.sqrt(A)",
  abs: "np.abs(A)",
  tanh: "np.tanh(Z)",
  pow: "np.power(A, n)",
};

const ARRAY = /\bNDArray\b|\bSqueezed\b/;
const CHEATSHEET = "lib/np/CHEATSHEET.md";

/** The innermost node of `kind` that contains [start, start + length). */
function enclosing<T extends TS.Node>(ts: typeof TS, source: TS.SourceFile, start: number, test: (n: TS.Node) => n is T): T | undefined {
  let found: T | undefined;
  const visit = (node: TS.Node): void => {
    if (start < node.getStart(source) || start >= node.getEnd()) return;
    if (test(node)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The same problem in numpy's terms, or undefined when no rule knows the message. */
export function numpyTerms(ts: typeof TS, code: number, message: string, source: TS.SourceFile, start: number, _length: number): string | undefined {
  const binary = () => enclosing(ts, source, start, ts.isBinaryExpression);
  const call = () => enclosing(ts, source, start, ts.isCallExpression);
  switch (code) {
    // Operator '+' cannot be applied to types 'NDArray' and 'NDArray'.
    case 2365: {
      const op = /Operator '([^']+)' cannot be applied to types '(.+)' and '(.+)'/.exec(message);
      if (op && ARRAY.test(`${op[2]} ${op[3]}`) && OPERATORS[op[1]!]) {
        return `Arrays have no \`${op[1]}\` in TypeScript (JavaScript would turn them into strings or NaN): write ${OPERATORS[op[1]!]}. See ${CHEATSHEET}.`;
      }
      return undefined;
    }
    // The left-hand (right-hand) side of an arithmetic operation must be of type 'any', 'number', …
    case 2362:
    case 2363:
    // An arithmetic operand must be of type 'any', 'number', 'bigint' or an enum type (unary minus).
    case 2356: {
      const b = binary();
      if (b) {
        const op = b.operatorToken.getText(source);
        if (OPERATORS[op]) return `Arrays have no \`${op}\` in TypeScript: write ${OPERATORS[op]}. A number and an array work too: np.subtract(1, AL). See ${CHEATSHEET}.`;
      }
      const unary = enclosing(ts, source, start, ts.isPrefixUnaryExpression);
      if (unary && unary.operator === ts.SyntaxKind.MinusToken) return `Arrays have no unary \`-\` in TypeScript: write np.negative(A). See ${CHEATSHEET}.`;
      return undefined;
    }
    // This comparison appears to be unintentional because the types 'NDArray' and 'number' have no overlap.
    case 2367: {
      const b = binary();
      const op = b?.operatorToken.getText(source) ?? "==";
      if (ARRAY.test(message) && OPERATORS[op]) return `\`${op}\` compares whether two values are the same object, not their elements: write ${OPERATORS[op]}.`;
      return undefined;
    }
    // Argument of type 'NDArray' is not assignable to parameter of type 'number'.
    case 2345: {
      const c = call();
      const callee = c?.expression.getText(source) ?? "";
      const math = /^Math\.(\w+)$/.exec(callee);
      if (math && /Argument of type '(NDArray|Squeezed)/.test(message)) {
        const np = MATH[math[1]!];
        return `Math.${math[1]} works on plain numbers, not on arrays${np ? `: ${np}` : ": use the np function of the same name"}. See ${CHEATSHEET}.`;
      }
      if (/^np\.(zeros|ones|full|random\.randn|random\.rand)$/.test(callee) && /of type 'number' is not assignable to parameter of type '(Shape|readonly number\[\]|number\[\])'/.test(message)) {
        return `${callee} takes the shape as one array, numpy's tuple in square brackets: ${callee}([n, 1]).`;
      }
      if (/Argument of type 'boolean'/.test(message) && /^np\./.test(callee)) {
        return `A comparison of arrays is not a JS boolean: np.greater(A, 0.5), np.equal(A, B) … give an array of 0/1 (see ${CHEATSHEET}).`;
      }
      return undefined;
    }
    // Expected 1 arguments, but got 2.
    case 2554: {
      const callee = call()?.expression.getText(source) ?? "";
      if (/^np\.(zeros|ones|full|empty)$/.test(callee)) return `${callee} takes the shape as one array: ${callee}([n, 1]), not ${callee}(n, 1) (numpy's (n, 1) is [n, 1] in TypeScript).`;
      if (/^np\.(sum|mean|max|min)$/.test(callee)) return `numpy's keyword arguments are one options object in TypeScript: ${callee}(A, { axis: 1, keepdims: true }).`;
      return undefined;
    }
    // Left side of comma operator is unused and has no side effects.
    case 2695:
      return "numpy's tuple (n, 1) is the comma operator in TypeScript, which keeps only the last number: write a shape as an array, [n, 1].";
    // Cannot find name 'axis'. / 'True' / 'None'
    case 2304:
    case 2552: {
      const name = /Cannot find name '([^']+)'/.exec(message)?.[1];
      if (name === "axis" || name === "keepdims") return `Python's keyword arguments are one options object in TypeScript: np.sum(A, { axis: 1, keepdims: true }).`;
      if (name === "True" || name === "False") return `TypeScript writes ${name} as ${name.toLowerCase()}.`;
      if (name === "None") return "TypeScript writes None as undefined (or null).";
      if (name === "np") return `Import np first: import { np } from "../lib/np/index.ts";`;
      if (name === "len") return "TypeScript has no len(): an array's dimensions are A.shape (A.shape[1] is m); a list's length is list.length.";
      if (name === "range") return "TypeScript has no range(): for (let l = 1; l < L; l++) { … }.";
      return undefined;
    }
    // Object literal may only specify known properties, and 'keepdim' does not exist in type '…'.
    case 2353:
    case 2561:
    // No overload matches this call (its details name the unknown key).
    case 2769: {
      const key = /'([^']+)' does not exist in type/.exec(message)?.[1];
      if (key && /keep|axis|axes/i.test(key)) return `lib/np's options are numpy's keywords, spelled the same: { axis: 1, keepdims: true } (not "${key}").`;
      return undefined;
    }
    // Type 'number | NDArray' is not assignable to type 'number'.
    case 2322: {
      if (/'(number \| NDArray|NDArray \| number|Squeezed)' is not assignable to type 'number'/.test(message)) {
        return "np.squeeze gives a number only when every dimension is 1; the type says it may stay an array. For a (1, 1) cost write np.item(cost), which is a number (or throws if it is not one value).";
      }
      if (/Type 'NDArray' is not assignable to type 'number'/.test(message)) {
        return "This is an array where a number is declared: np.item(A) takes the one value out of a (1, 1) array; np.sum(A) adds every element into a number.";
      }
      return undefined;
    }
    // Property 'shape' does not exist on type 'number'.
    case 2339: {
      const prop = /Property '([^']+)' does not exist on type '([^']+)'/.exec(message);
      if (prop && prop[2] === "number" && ["shape", "T", "data", "reshape"].includes(prop[1]!)) {
        return `This value is a number, not an array: np.sum(A) without axis (and np.item) give a number. Keep an array with np.sum(A, { axis: 1, keepdims: true }).`;
      }
      if (prop && ARRAY.test(prop[2]!) && ["sum", "mean", "max", "min", "dot", "exp", "log", "squeeze"].includes(prop[1]!)) {
        return `lib/np's operations are functions of np, not methods of the array: np.${prop[1]}(A) (A.T, A.shape and A.reshape are the methods).`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
