/**
 * Learner stubs from reference solutions (the single source of each exercise's code).
 *
 * A solution marks each answer region:
 *
 *     // BEGIN SOLUTION: compute Z = W·A + b, then return [Z, cache]. e.g. A (3, 2), W (1, 3) → Z (1, 2)
 *     // W first: each row of W holds one unit's weights.      ← a "why" comment, solution only
 *     const Z = np.add(np.dot(W, A), b);
 *     return [Z, { A, W, b }];
 *     // END SOLUTION
 *
 * and the stub gets, in its place, the TODO and the not-implemented marker:
 *
 *     // TODO: compute Z = W·A + b, then return [Z, cache].
 *     //       e.g. A (3, 2), W (1, 3) → Z (1, 2)
 *     return notImplemented("linearForward");
 *
 * The one-line form keeps a declaration and replaces only its value:
 *
 *     const Z: NDArray = np.dot(W, A); // SOLUTION: the matrix product W·A
 *  →  const Z: NDArray = notImplemented("Z"); // TODO: the matrix product W·A
 */

export const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION(?::\s*(.*))?$/;
export const END = /^\s*\/\/ END SOLUTION\s*$/;
export const ONE_LINE = /^(\s*)(.*?(?:=|return)\s+)(.+?);\s*\/\/ SOLUTION(?::\s*(.*))?$/;
const IMPORT = `import { notImplemented } from "../lib/workbook.ts";`;

export class StubError extends Error {
  override name = "StubError";
}

/** Splits a TODO into comment lines: the text, then its "e.g." example on a line of its own. */
function todoLines(indent: string, text: string): string[] {
  const [what, example] = text.split(/\s+(?=e\.g\.)/);
  const lines = [`${indent}// TODO: ${what!.trim()}`];
  if (example) lines.push(`${indent}//       ${example.trim()}`);
  return lines;
}

/** The name of the function or method whose body a line is in (for the marker's message). */
function enclosingName(lines: string[], at: number): string | undefined {
  for (let i = at; i >= 0; i--) {
    const m = /(?:function\s+([A-Za-z_$][\w$]*)|^\s*(?:public\s+|private\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{]*)?\{\s*$)/.exec(lines[i]!);
    if (m && !["if", "for", "while", "switch", "catch"].includes(m[1] ?? m[2]!)) return m[1] ?? m[2];
  }
  return undefined;
}

/** The stub for a solution's source text. Throws StubError on unbalanced markers or a region without a TODO. */
export function stubFromSolution(source: string, file = "solution"): string {
  const lines = source.split("\n");
  const out: string[] = [];
  let regions = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const begin = BEGIN.exec(line);
    if (begin) {
      const indent = begin[1]!;
      const todo = begin[2]?.trim();
      if (!todo) throw new StubError(`${file}:${i + 1}: "// BEGIN SOLUTION" needs the TODO for the learner after a colon: // BEGIN SOLUTION: what to compute, e.g. an example`);
      const end = lines.findIndex((l, j) => j > i && END.test(l));
      const nested = lines.findIndex((l, j) => j > i && BEGIN.test(l));
      if (end < 0) throw new StubError(`${file}:${i + 1}: "// BEGIN SOLUTION" has no matching "// END SOLUTION".`);
      if (nested >= 0 && nested < end) throw new StubError(`${file}:${nested + 1}: a solution region starts inside another one (line ${i + 1}).`);
      const name = enclosingName(lines, i) ?? "this step";
      out.push(...todoLines(indent, todo), `${indent}return notImplemented(${JSON.stringify(name)});`);
      i = end;
      regions++;
      continue;
    }
    if (END.test(line)) throw new StubError(`${file}:${i + 1}: "// END SOLUTION" without a "// BEGIN SOLUTION" before it.`);
    const one = ONE_LINE.exec(line);
    if (one) {
      const [, indent, head, , todo] = one;
      if (!todo) throw new StubError(`${file}:${i + 1}: "// SOLUTION" needs the TODO after a colon: // SOLUTION: what to compute`);
      const name = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)/.exec(head!)?.[1] ?? enclosingName(lines, i) ?? "this step";
      out.push(`${indent}${head}notImplemented(${JSON.stringify(name)}); // TODO: ${todo.trim()}`);
      regions++;
      continue;
    }
    out.push(line);
  }
  if (regions === 0) throw new StubError(`${file}: no "// BEGIN SOLUTION" region and no "// SOLUTION" line: nothing for the learner to write.`);
  let text = out.join("\n");
  if (!text.includes(IMPORT)) {
    const all = text.split("\n");
    let last = -1;
    all.forEach((l, i) => {
      if (/^(?:import|\})\s.*from\s+["'][^"']+["'];?\s*$/.test(l) || /^import\s+["']/.test(l)) last = i;
    });
    if (last < 0) {
      // No imports: after the file's leading comment, not above it.
      const close = all.findIndex((l) => /\*\/\s*$/.test(l));
      const opensWithComment = /^\s*\/\*/.test(all[0] ?? "");
      last = opensWithComment && close >= 0 ? close : -1;
    }
    all.splice(last + 1, 0, IMPORT);
    text = all.join("\n");
  }
  return text;
}
