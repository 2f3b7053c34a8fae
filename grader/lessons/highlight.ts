// A tiny syntax highlighter for the code in the lessons (TypeScript, Python, shell): it splits a
// line-oriented source into comment, string, number, keyword and plain pieces. Good enough to
// make code easier to scan; it is not a parser (a regex literal may be mistaken for division).

export type CodeTokenKind = "comment" | "string" | "number" | "keyword" | "builtin" | "plain";
export type CodeToken = { kind: CodeTokenKind; text: string };

type Grammar = {
  lineComment: string[];
  blockComment?: [string, string];
  quotes: string[];
  tripleQuotes: boolean;
  keywords: Set<string>;
  builtins: Set<string>;
};

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

const TS: Grammar = {
  lineComment: ["//"],
  blockComment: ["/*", "*/"],
  quotes: ['"', "'", "`"],
  tripleQuotes: false,
  keywords: words(`
    import export from as default const let var function return if else for while do of in
    new class extends implements interface type enum public private protected readonly static
    async await yield throw try catch finally switch case break continue typeof instanceof
    void null undefined true false this super get set keyof declare abstract satisfies`),
  builtins: words("np Math Array Float64Array number string boolean console Number Error Map Set Promise"),
};

const PY: Grammar = {
  lineComment: ["#"],
  quotes: ['"', "'"],
  tripleQuotes: true,
  keywords: words(`
    import from as def return if elif else for while in not and or is class with lambda
    pass break continue try except finally raise yield global nonlocal assert del None True
    False self super`),
  builtins: words("np tf print range len int float list dict tuple zip enumerate isinstance"),
};

const SH: Grammar = {
  lineComment: ["#"],
  quotes: ['"', "'"],
  tripleQuotes: false,
  keywords: words("npm npx node cd export if then fi for do done"),
  builtins: words(""),
};

const GRAMMARS: Record<string, Grammar> = {
  ts: TS, typescript: TS, js: TS, javascript: TS, tsx: TS,
  py: PY, python: PY,
  sh: SH, bash: SH, shell: SH, console: SH,
};

/** Whether `lang` (a fence's info string) is one the highlighter knows. */
export function canHighlight(lang: string): boolean {
  return lang.toLowerCase() in GRAMMARS;
}

/** Splits `code` into highlighted pieces; unknown languages come back as one plain piece. */
export function highlight(code: string, lang: string): CodeToken[] {
  const g = GRAMMARS[lang.toLowerCase()];
  if (!g) return [{ kind: "plain", text: code }];
  const out: CodeToken[] = [];
  const push = (kind: CodeTokenKind, text: string): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  while (i < code.length) {
    const rest = code.slice(i);
    const lineComment = g.lineComment.find((c) => rest.startsWith(c));
    // In shell, `#` starts a comment only at a word boundary (not in `a#b`).
    if (lineComment && (g !== SH || i === 0 || /\s/.test(code[i - 1]!))) {
      const end = code.indexOf("\n", i);
      const stop = end === -1 ? code.length : end;
      push("comment", code.slice(i, stop));
      i = stop;
      continue;
    }
    if (g.blockComment && rest.startsWith(g.blockComment[0])) {
      const end = code.indexOf(g.blockComment[1], i + 2);
      const stop = end === -1 ? code.length : end + g.blockComment[1].length;
      push("comment", code.slice(i, stop));
      i = stop;
      continue;
    }
    const quote = g.quotes.find((q) => rest.startsWith(q));
    if (quote) {
      const delim = g.tripleQuotes && rest.startsWith(quote.repeat(3)) ? quote.repeat(3) : quote;
      let j = i + delim.length;
      while (j < code.length && !code.startsWith(delim, j)) {
        if (code[j] === "\\") j++;
        else if (code[j] === "\n" && delim.length === 1 && quote !== "`") break;
        j++;
      }
      const stop = Math.min(code.length, code.startsWith(delim, j) ? j + delim.length : j);
      push("string", code.slice(i, stop));
      i = stop;
      continue;
    }
    const number = /^(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)/.exec(rest);
    if (number && !/[\w$]/.test(code[i - 1] ?? "")) {
      push("number", number[0]);
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(rest);
    if (word) {
      const w = word[0];
      const prevDot = code[i - 1] === ".";
      push(!prevDot && g.keywords.has(w) ? "keyword" : !prevDot && g.builtins.has(w) ? "builtin" : "plain", w);
      i += w.length;
      continue;
    }
    push("plain", code[i]!);
    i++;
  }
  return out;
}
