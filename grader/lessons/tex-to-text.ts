// Turns the TeX of the lessons into plain Unicode text for the terminal, written the way the
// course notes write math in prose: `Z^{[l]} = W^{[l]} \cdot A^{[l-1]} + b^{[l]}` becomes
// `Z[l] = W[l]·A[l-1] + b[l]`, `\frac{1}{m}` becomes `(1/m)`, `A^{[l-1]T}` becomes `A[l-1]ᵀ`.
// It is a small recursive converter over TeX tokens, not a TeX engine: it knows the commands the
// lessons use (and a few more) and prints an unknown command's name without its backslash.

import { pad, stringWidth } from "./string-width.ts";

/** A space that survives the collapsing of source whitespace (\quad, alignment padding). */
const HARD_SPACE = "\u0001";

const SYMBOLS: Record<string, string> = {
  // Greek
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ",
  eta: "η", theta: "θ", vartheta: "ϑ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν",
  xi: "ξ", pi: "π", rho: "ρ", sigma: "σ", tau: "τ", upsilon: "υ", phi: "ϕ", varphi: "φ",
  chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ", Delta: "Δ", Theta: "Θ", Lambda: "Λ", Xi: "Ξ",
  Pi: "Π", Sigma: "Σ", Upsilon: "Υ", Phi: "Φ", Psi: "Ψ", Omega: "Ω",
  // operators and relations
  cdot: "·", cdotp: "·", times: "×", div: "÷", pm: "±", mp: "∓", ast: "*", star: "⋆",
  odot: "⊙", otimes: "⊗", oplus: "⊕", circ: "∘", bullet: "•",
  in: "∈", notin: "∉", subset: "⊂", subseteq: "⊆", cup: "∪", cap: "∩", setminus: "∖",
  le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈", sim: "~",
  simeq: "≃", equiv: "≡", propto: "∝", ll: "≪", gg: "≫",
  to: "→", rightarrow: "→", leftarrow: "←", Rightarrow: "⇒", Leftarrow: "⇐",
  leftrightarrow: "↔", Leftrightarrow: "⇔", mapsto: "↦", implies: "⇒", iff: "⇔",
  forall: "∀", exists: "∃", neg: "¬", lnot: "¬", land: "∧", wedge: "∧", lor: "∨", vee: "∨",
  partial: "∂", nabla: "∇", infty: "∞", emptyset: "∅", prime: "′",
  sum: "Σ", prod: "Π", int: "∫",
  dots: "…", ldots: "…", cdots: "⋯", vdots: "⋮", ddots: "⋱",
  lfloor: "⌊", rfloor: "⌋", lceil: "⌈", rceil: "⌉", langle: "⟨", rangle: "⟩",
  vert: "|", lvert: "|", rvert: "|", mid: "|", Vert: "‖", lVert: "‖", rVert: "‖",
  colon: ":", top: "ᵀ", intercal: "ᵀ",
  // named functions print as their names
  log: "log", ln: "ln", exp: "exp", max: "max", min: "min", argmax: "argmax", argmin: "argmin",
  sin: "sin", cos: "cos", tan: "tan", tanh: "tanh", lim: "lim", det: "det", dim: "dim",
  // spacing (HARD_SPACE survives the collapsing of source whitespace)
  quad: "\u0001\u0001", qquad: "\u0001\u0001\u0001\u0001",
};

/** Relations and binary operators: printed with a space on each side, as TeX spaces them. */
const SPACED = new Set([
  "times", "div", "pm", "mp", "odot", "otimes", "oplus", "circ", "in", "notin", "subset",
  "subseteq", "cup", "cap", "setminus", "le", "leq", "ge", "geq", "ne", "neq", "approx", "sim",
  "simeq", "equiv", "propto", "ll", "gg", "to", "rightarrow", "leftarrow", "Rightarrow",
  "Leftarrow", "leftrightarrow", "Leftrightarrow", "mapsto", "implies", "iff", "land", "wedge",
  "lor", "vee",
]);
/** Named functions keep the space that follows them in the source (`\log a` → `log a`). */
const FUNCTIONS = new Set([
  "log", "ln", "exp", "max", "min", "argmax", "argmin", "sin", "cos", "tan", "tanh", "lim", "det", "dim",
]);

/** Escapes that are a backslash and one non-letter. */
const SHORT: Record<string, string> = {
  ",": " ", ":": " ", ";": " ", " ": " ", "!": "", "{": "{", "}": "}", "_": "_", "%": "%",
  "#": "#", "&": "&", "$": "$", "|": "‖", "\\": "\n",
};

const BLACKBOARD: Record<string, string> = { R: "ℝ", N: "ℕ", Z: "ℤ", Q: "ℚ", C: "ℂ", E: "𝔼" };
const CALLIGRAPHIC: Record<string, string> = { L: "ℒ", N: "𝒩", O: "𝒪", H: "ℋ", F: "ℱ", D: "𝒟" };
const ACCENTS: Record<string, string> = { hat: "\u0302", widehat: "\u0302", bar: "\u0304", overline: "\u0305", tilde: "\u0303", widetilde: "\u0303", vec: "\u20d7", dot: "\u0307", ddot: "\u0308" };
/** Commands whose one argument is printed as it is (fonts, text, wrappers). */
const WRAPPERS = new Set([
  "text", "textrm", "textit", "textbf", "texttt", "textsf", "mathrm", "mathit", "mathbf",
  "mathsf", "mathtt", "boldsymbol", "bm", "operatorname", "mbox", "hbox", "displaystyle",
  "underbrace", "overbrace", "underline", "boxed",
]);
/** Sizing and delimiter helpers that are dropped (the delimiter after them is kept). */
const DROPPED = new Set([
  "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
  "biggr", "middle", "limits", "nolimits", "displaystyle", "textstyle", "scriptstyle", "nonumber",
]);

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
  "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", n: "ⁿ", i: "ⁱ", T: "ᵀ",
};
/** Letters with a superscript form that reads well in a terminal (for big operators' limits). */
const SUPERSCRIPT_LETTERS: Record<string, string> = { m: "ᵐ", n: "ⁿ", i: "ⁱ", k: "ᵏ", j: "ʲ", L: "ᴸ", N: "ᴺ" };
const SUBSCRIPT: Record<string, string> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
  "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
  a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ",
  r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ", β: "ᵦ", γ: "ᵧ", ρ: "ᵨ", φ: "ᵩ", χ: "ᵪ",
};
/** Precomposed letters with a circumflex, so `\hat{y}` is one plain character where possible. */
const PRECOMPOSED: Record<string, string> = {
  "y\u0302": "ŷ", "Y\u0302": "Ŷ", "x\u0302": "x̂", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô",
};

type Token =
  | { kind: "command"; name: string }
  | { kind: "char"; value: string }
  | { kind: "space" }
  | { kind: "open" }
  | { kind: "close" };

function tokenize(tex: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < tex.length; ) {
    const c = tex[i]!;
    if (c === "\\") {
      const word = /^[A-Za-z]+\*?/.exec(tex.slice(i + 1));
      if (word) {
        tokens.push({ kind: "command", name: word[0].replace(/\*$/, "") });
        i += 1 + word[0].length;
      } else {
        tokens.push({ kind: "command", name: tex[i + 1] ?? "" });
        i += 2;
      }
    } else if (c === "{") {
      tokens.push({ kind: "open" });
      i++;
    } else if (c === "}") {
      tokens.push({ kind: "close" });
      i++;
    } else if (/\s/.test(c)) {
      while (i < tex.length && /\s/.test(tex[i]!)) i++;
      tokens.push({ kind: "space" });
    } else if (c === "%") {
      while (i < tex.length && tex[i] !== "\n") i++; // a TeX comment
    } else {
      const cp = String.fromCodePoint(tex.codePointAt(i)!);
      tokens.push({ kind: "char", value: cp });
      i += cp.length;
    }
  }
  return tokens;
}

/** True when `s` reads as one unit without parentheses: no spaces or top-level operators. */
function isAtomic(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (depth === 0 && /[\s+\-−=·×/,;<>≤≥]/.test(ch)) return false;
  }
  return s.length > 0;
}

const paren = (s: string): string => (isAtomic(s) ? s : `(${s})`);

function superscript(s: string): string {
  if (s === "") return "";
  if (s === "T" || s === "ᵀ") return "ᵀ";
  if (s === "′" || s === "′′" || s === "*" || s === "∗") return s;
  // Layer and example indices stay in their brackets: W^{[l]} → W[l], x^{(i)} → x(i).
  if (/^(\[[^\]]*\]|\([^)]*\))+(ᵀ|T|′|\*)*$/.test(s)) return s.replace(/T$/, "ᵀ");
  if ([...s].every((ch) => ch in SUPERSCRIPT)) return [...s].map((ch) => SUPERSCRIPT[ch]).join("");
  return `^${[...s].length === 1 ? s : `(${s})`}`;
}

/** `s` in Unicode subscript characters (x_n → xₙ, W_{jk} → Wⱼₖ), or null when one has none. */
function toSubscript(s: string): string | null {
  const chars = [...s.replace(/ /g, "")];
  return chars.length > 0 && chars.every((ch) => ch in SUBSCRIPT) ? chars.map((ch) => SUBSCRIPT[ch]).join("") : null;
}

function toSuperscript(s: string): string | null {
  const chars = [...s.replace(/ /g, "")];
  const map = (ch: string) => SUPERSCRIPT[ch] ?? SUPERSCRIPT_LETTERS[ch];
  return chars.length > 0 && chars.every((ch) => map(ch) !== undefined) ? chars.map(map).join("") : null;
}

function subscript(s: string): string {
  if (s === "") return "";
  // Indices become subscript characters (x₁, Wⱼₖ, nₓ); a word in a subscript (h_{\text{and}},
  // m_{\text{train}}) stays a readable word after an underscore, as in a program's names.
  const word = /^\p{L}{2,}$/u.test(s) && /[^ijklmn]/.test(s);
  if (!word) {
    const unicode = toSubscript(s);
    if (unicode !== null) return unicode;
  }
  return isAtomic(s) ? `_${s}` : `_(${s})`;
}

function accent(base: string, mark: string): string {
  const chars = [...base];
  if (chars.length !== 1) return `${base}${mark}`;
  const composed = base + mark;
  return PRECOMPOSED[composed] ?? composed;
}

class Converter {
  private pos = 0;
  /** How many groups deep the converter is; matrices become grids only at depth 0. */
  private depth = 0;
  /** Matrices laid out as grids, referenced from the text by GRID_OPEN index GRID_CLOSE. */
  readonly grids: Grid[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly display: boolean,
    private readonly useGrids = false,
  ) {}

  /** Converts tokens until the end or an unmatched `}` (which it consumes). */
  sequence(stopAtClose = false): string {
    let out = "";
    if (stopAtClose) this.depth++;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos]!;
      if (t.kind === "close") {
        this.pos++;
        if (stopAtClose) {
          this.depth--;
          return out;
        }
        continue;
      }
      out = this.item(out);
    }
    if (stopAtClose) this.depth--;
    return out;
  }

  /** Reads one argument: a `{group}` or a single token; returns it converted. */
  argument(): string {
    this.skipSpace();
    const t = this.tokens[this.pos];
    if (!t) return "";
    if (t.kind === "open") {
      this.pos++;
      return this.sequence(true);
    }
    return this.item("");
  }

  /** Raw text of a `{group}` argument, for \text{…} and environment names. */
  rawArgument(): string {
    this.skipSpace();
    if (this.tokens[this.pos]?.kind !== "open") return this.argument();
    this.pos++;
    let depth = 0;
    let out = "";
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos++]!;
      if (t.kind === "close" && depth-- === 0) break;
      if (t.kind === "open") depth++;
      if (t.kind === "space") out += " ";
      else if (t.kind === "char") out += t.value;
      else if (t.kind === "command") out += SHORT[t.name] ?? SYMBOLS[t.name] ?? t.name;
    }
    return out;
  }

  skipSpace(): void {
    while (this.tokens[this.pos]?.kind === "space") this.pos++;
  }

  /** Converts the next item and appends it to `out` (scripts attach to what `out` ends with). */
  item(out: string): string {
    const t = this.tokens[this.pos++]!;
    switch (t.kind) {
      case "space":
        return out.endsWith(" ") || out === "" ? out : `${out} `;
      case "open":
        return out + this.sequence(true);
      case "close":
        return out;
      case "char":
        if (t.value === "^") return this.scripts(out, "^");
        if (t.value === "_") return this.scripts(out, "_");
        if (t.value === "'") return `${out}′`;
        if (t.value === "~") return `${out} `;
        if (t.value === "&") return out; // column separator outside an environment
        return out + t.value;
      case "command":
        return this.command(out, t.name);
    }
  }

  /** `^` or `_` after `out`, picking up the other script if it follows (`\sum_{i=1}^{m}`). */
  scripts(out: string, first: "^" | "_"): string {
    let sup = "";
    let sub = "";
    if (first === "^") sup = this.argument();
    else sub = this.argument();
    this.skipSpaceBeforeScript();
    const next = this.tokens[this.pos];
    if (next?.kind === "char" && (next.value === "^" || next.value === "_") && next.value !== first) {
      this.pos++;
      if (next.value === "^") sup = this.argument();
      else sub = this.argument();
    }
    const base = out.trimEnd();
    if (/[ΣΠ∫]$/.test(base) || /(lim|max|min|argmax|argmin)$/.test(base)) {
      // Big operators: Σ_{i=1}^{m} → Σᵢ₌₁ᵐ, as Unicode math text writes it; limits without a
      // Unicode form go in parentheses after an underscore: max_{train} → max_(train).
      const low = sub ? toSubscript(sub) : "";
      const high = sup ? toSuperscript(sup) : "";
      if (low !== null && high !== null) return `${base}${low}${high} `;
      const range = sub && sup ? `${sub}…${sup}` : sub || sup;
      return `${base}_(${range}) `;
    }
    return out + subscript(sub) + superscript(sup);
  }

  private skipSpaceBeforeScript(): void {
    let p = this.pos;
    while (this.tokens[p]?.kind === "space") p++;
    const t = this.tokens[p];
    if (t?.kind === "char" && (t.value === "^" || t.value === "_")) this.pos = p;
  }

  command(out: string, name: string): string {
    if (name in SHORT) {
      if (name === "\\") return `${out.trimEnd()}${this.display ? "\n" : "; "}`;
      return out + SHORT[name];
    }
    if (name === "cdot" || name === "cdotp") return `${out.trimEnd()}·${this.skipAndEmpty()}`;
    if (SPACED.has(name)) return `${out.trimEnd()} ${SYMBOLS[name]} ${this.skipAndEmpty()}`;
    if (FUNCTIONS.has(name)) return out + SYMBOLS[name];
    if (name in SYMBOLS) return out + SYMBOLS[name] + this.skipBeforeOperand();
    if (DROPPED.has(name)) {
      // \left( keeps "(", \left. keeps nothing.
      const next = this.tokens[this.pos];
      if ((name === "left" || name === "right" || name === "middle") && next?.kind === "char" && next.value === ".") this.pos++;
      return out;
    }
    if (name === "frac" || name === "dfrac" || name === "tfrac" || name === "cfrac") {
      const num = this.argument().trim();
      const den = this.argument().trim();
      if (isAtomic(num) && isAtomic(den)) return `${out}(${num}/${den})`;
      // a/bc would read as (a/b)·c: a denominator of more than one symbol keeps its parentheses.
      const single = /^([\p{L}\p{N}.]|\d+(\.\d+)?)$/u.test(den) || /^\([^()]*\)$/.test(den);
      return `${out}${paren(num)}/${single ? den : `(${den})`}`;
    }
    if (name === "sqrt") return `${out}√${paren(this.argument().trim())}`;
    if (name === "mathbb") {
      const arg = this.rawArgument().trim();
      return out + (BLACKBOARD[arg] ?? arg);
    }
    if (name === "mathcal" || name === "mathscr") {
      const arg = this.rawArgument().trim();
      return out + (CALLIGRAPHIC[arg] ?? arg);
    }
    if (name in ACCENTS) return out + accent(this.argument().trim(), ACCENTS[name]!);
    if (name === "text" || name === "textrm" || name === "texttt" || name === "mbox" || name === "textit" || name === "textbf") {
      return out + this.rawArgument();
    }
    if (WRAPPERS.has(name)) return out + this.argument();
    if (name === "color" || name === "textcolor") {
      this.rawArgument();
      return name === "color" ? out : out + this.argument();
    }
    if (name === "overset" || name === "stackrel" || name === "underset") {
      this.argument();
      return out + this.argument();
    }
    if (name === "tag") return `${out}  (${this.rawArgument()})`;
    if (name === "label") {
      this.rawArgument();
      return out;
    }
    if (name === "begin") return out + this.environment(this.rawArgument().trim());
    if (name === "end") {
      this.rawArgument();
      return out;
    }
    return out + name; // unknown: its name reads better than nothing
  }

  /**
   * After a symbol such as \partial or \alpha, TeX drops the space before a letter (`\partial J`
   * → ∂J); the space before an operator stays so `\theta + \varepsilon` reads `θ + ε`.
   */
  private skipBeforeOperand(): string {
    let p = this.pos;
    while (this.tokens[p]?.kind === "space") p++;
    const next = this.tokens[p];
    const operand =
      (next?.kind === "char" && /[\p{L}\p{N}(]/u.test(next.value)) ||
      (next?.kind === "command" && !SPACED.has(next.name) && next.name !== "cdot" && /^[A-Za-z]/.test(next.name)) ||
      next?.kind === "open";
    if (operand) this.pos = p;
    return "";
  }

  /** Skips spaces after a tight operator such as \cdot. */
  private skipAndEmpty(): string {
    this.skipSpace();
    return "";
  }

  /** Matrices print on one line (`[a b; c d]`); aligned equations print one per line. */
  environment(env: string): string {
    if (env === "array") this.rawArgument(); // the column specification, {cc}
    const rows: string[][] = [[""]];
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos]!;
      if (t.kind === "command" && t.name === "end") {
        this.pos++;
        this.rawArgument();
        break;
      }
      const row = rows[rows.length - 1]!;
      if (t.kind === "char" && t.value === "&") {
        this.pos++;
        row.push("");
      } else if (t.kind === "command" && t.name === "\\") {
        this.pos++;
        rows.push([""]);
      } else {
        row[row.length - 1] = this.item(row[row.length - 1]!);
      }
    }
    const cleaned = rows
      .map((cells) => cells.map((c) => c.trim()))
      .filter((cells) => cells.some((c) => c !== ""));
    if (/matrix|array/.test(env)) {
      const kind = env.startsWith("p") ? "paren" : env.startsWith("v") ? "bar" : "bracket";
      if (this.useGrids && this.depth === 0) {
        this.grids.push({ rows: cleaned, kind });
        return `${GRID_OPEN}${this.grids.length - 1}${GRID_CLOSE}`;
      }
      const body = cleaned.map((cells) => cells.join(", ")).join("; ");
      const [open, close] = kind === "paren" ? ["(", ")"] : kind === "bar" ? ["|", "|"] : ["[", "]"];
      return `${open}${body}${close}`;
    }
    if (env === "cases") {
      const withIf = cleaned.map((cells) => (cells.length > 1 && !/^(if|when|otherwise)\b/.test(cells[1]!) ? [cells[0]!, `if ${cells.slice(1).join(" ")}`] : cells));
      if (this.useGrids && this.depth === 0) {
        this.grids.push({ rows: withIf, kind: "brace" });
        return `${GRID_OPEN}${this.grids.length - 1}${GRID_CLOSE}`;
      }
      // Inline, or inside another construct: one line, the cases separated by semicolons.
      return `{ ${withIf.map((cells) => cells.join(" ")).join("; ")} }`;
    }
    // aligned, align, gathered, split, equation: one equation per line. In display math the
    // `&` columns line up as in TeX: right-aligned before each `&`, left-aligned after it.
    const tidyCell = (cell: string): string => cell.replace(/\s+/g, " ");
    if (!this.display) return cleaned.map((cells) => tidyCell(cells.join(" "))).join("; ");
    const cols = Math.max(...cleaned.map((cells) => cells.length));
    const widths = Array.from({ length: cols }, (_, c) => Math.max(...cleaned.map((cells) => stringWidth(tidyCell(cells[c] ?? "")))));
    return cleaned
      .map((cells) =>
        cells
          .map((cell, c) => {
            const text = tidyCell(cell);
            const gap = HARD_SPACE.repeat(c < cells.length - 1 ? widths[c]! - stringWidth(text) : 0);
            return c % 2 === 0 ? gap + text : text + gap;
          })
          .join(" "),
      )
      .join("\n");
  }
}

type Grid = { rows: string[][]; kind: "paren" | "bracket" | "bar" | "brace" };
const GRID_OPEN = "\u0002";
const GRID_CLOSE = "\u0003";

/** Bracket pieces for a grid of `height` rows: [top, middle, bottom] or the one-row pair. */
const BRACKETS = {
  bracket: { one: ["[", "]"], top: ["⎡", "⎤"], mid: ["⎢", "⎥"], bottom: ["⎣", "⎦"] },
  paren: { one: ["(", ")"], top: ["⎛", "⎞"], mid: ["⎜", "⎟"], bottom: ["⎝", "⎠"] },
  bar: { one: ["|", "|"], top: ["│", "│"], mid: ["│", "│"], bottom: ["│", "│"] },
  brace: { one: ["{", ""], top: ["⎧", ""], mid: ["⎨", ""], bottom: ["⎩", ""] },
} as const;

/** A matrix as lines of text: columns right-aligned, two spaces apart, tall brackets. */
function gridLines(grid: Grid): string[] {
  const cols = Math.max(...grid.rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...grid.rows.map((r) => stringWidth(r[c] ?? ""))));
  const b = BRACKETS[grid.kind];
  const h = grid.rows.length;
  if (grid.kind === "brace") {
    // Cases: values left-aligned, conditions after them, a brace of ⎧ ⎨ ⎩ (two rows: ⎧ ⎩).
    return grid.rows.map((row, i) => {
      const open = h === 1 ? "{" : i === 0 ? "⎧" : i === h - 1 ? "⎩" : i === (h - 1) >> 1 ? "⎨" : "⎪";
      return `${open} ${widths.map((w, c) => pad(row[c] ?? "", w, "left")).join("   ")}`.trimEnd();
    });
  }
  return grid.rows.map((row, i) => {
    const [open, close] = h === 1 ? b.one : i === 0 ? b.top : i === h - 1 ? b.bottom : b.mid;
    const cells = widths.map((w, c) => pad(row[c] ?? "", w, "right"));
    return `${open} ${cells.join("  ")} ${close}`;
  });
}

/**
 * A display formula as a block of lines in which matrices are drawn as grids, e.g.
 *
 *            ⎡ 1    3   ⎤
 *     Z[1] = ⎢ 1.5  2   ⎥
 *            ⎣ -0.5 -3.5⎦
 *
 * Text beside a grid sits on its middle row. Matrices inside other constructs (a fraction, a
 * superscript) stay on one line.
 */
export function texToBlock(tex: string): string[] {
  const converter = new Converter(tokenize(tex), true, true);
  const lines = tidy(converter.sequence()).split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const parts = line.split(new RegExp(`${GRID_OPEN}(\\d+)${GRID_CLOSE}`));
    if (parts.length === 1) {
      out.push(line);
      continue;
    }
    const blocks = parts.map((part, i) => (i % 2 === 1 ? gridLines(converter.grids[Number(part)]!) : [part]));
    const height = Math.max(...blocks.map((bl) => bl.length));
    const mid = (height - 1) >> 1;
    const rows = Array.from({ length: height }, () => "");
    for (const block of blocks) {
      const width = Math.max(...block.map((l) => stringWidth(l)));
      const top = mid - ((block.length - 1) >> 1);
      for (let r = 0; r < height; r++) rows[r] += pad(block[r - top] ?? "", width);
    }
    out.push(...rows.map((r) => r.trimEnd()));
  }
  return out;
}

/**
 * Splits a display formula at its top-level `\quad` and `\qquad` (outside braces and
 * environments), where the lessons separate side-by-side equations. A terminal too narrow for
 * all of them on one line can stack them instead.
 */
export function splitAtQuads(tex: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i]!;
    if (c === "\\") {
      const word = /^\\(begin|end|quad|qquad)(?![A-Za-z])/.exec(tex.slice(i));
      if (word?.[1] === "begin") depth++;
      else if (word?.[1] === "end") depth--;
      else if (word && depth === 0) {
        parts.push(tex.slice(start, i));
        start = i + word[0].length;
      }
      i += word ? word[0].length - 1 : 1; // skip the command, or the escaped character
    } else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  parts.push(tex.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim().replace(/ ?\u0001+ ?/g, (run) => " ".repeat(run.trim().length)))
    .filter((line) => line !== "")
    .join("\n");
}

/**
 * Converts one TeX formula to Unicode text. Display formulas may come back as several lines
 * (one per `\\`); inline formulas are always one line.
 */
export function texToText(tex: string, display = false): string {
  return tidy(new Converter(tokenize(tex), display).sequence());
}
