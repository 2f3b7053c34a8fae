// Display width of text in a terminal: East Asian Wide and Fullwidth characters (Hangul, CJK,
// fullwidth forms, most emoji) take two columns, combining marks and format characters take
// none, and ANSI escape sequences (colours, OSC 8 hyperlinks) take none. Ambiguous-width
// characters (Greek letters, ·, ×, box drawing) count as one, as in non-CJK locales.

// CSI sequences (colours, cursor movement) and OSC sequences (hyperlinks), terminated by BEL or ST.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Combining marks, variation selectors, zero-width spaces and joiners. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

// East Asian Width W and F ranges (Unicode 15, EastAsianWidth.txt), merged where adjacent.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff], // Tangut
  [0x1b000, 0x1b2ff], // Kana supplement
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], // pictographs, emoticons (the text-default ones are rare in lessons)
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd], // CJK extensions B and beyond
];

function isWide(code: number): boolean {
  if (code < 0x1100) return false;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = WIDE[mid]!;
    if (code < start) hi = mid - 1;
    else if (code > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one character (one code point) takes: 0, 1 or 2. Control characters take 0. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code < 0x300) return 1; // fast path: ASCII and Latin-1
  if (ZERO_WIDTH.test(char)) return 0;
  if (code >= 0x1160 && code <= 0x11ff) return 0; // Hangul Jamo medial vowels and finals combine
  return isWide(code) ? 2 : 1;
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Terminal columns `text` takes, ignoring ANSI escapes. Counts the longest line if multi-line. */
export function stringWidth(text: string): number {
  const plain = stripAnsi(text);
  let widest = 0;
  let width = 0;
  for (const char of plain) {
    if (char === "\n") {
      widest = Math.max(widest, width);
      width = 0;
    } else width += charWidth(char);
  }
  return Math.max(widest, width);
}

/** `text` padded with spaces to `width` columns, on the left, right or both sides. */
export function pad(text: string, width: number, align: "left" | "center" | "right" = "left"): string {
  const gap = Math.max(0, width - stringWidth(text));
  if (align === "right") return " ".repeat(gap) + text;
  if (align === "center") return " ".repeat(gap >> 1) + text + " ".repeat(gap - (gap >> 1));
  return text + " ".repeat(gap);
}

/**
 * Splits plain `text` (no ANSI) into pieces no wider than `width` columns, never splitting a
 * code point or separating a combining mark from its base.
 */
export function sliceByWidth(text: string, width: number): string[] {
  const out: string[] = [];
  let current = "";
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width && current !== "" && w > 0) {
      out.push(current);
      current = "";
      used = 0;
    }
    current += char;
    used += w;
  }
  if (current !== "" || out.length === 0) out.push(current);
  return out;
}
