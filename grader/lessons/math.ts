// KaTeX with the options the book builds with, so the lesson tests parse formulas exactly as
// the book renders them. `strict: "error"` turns KaTeX's warnings (Unicode text in math mode,
// unknown commands KaTeX would guess about) into errors instead of console noise.
import katex from "katex";

export function renderMath(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error", output: "htmlAndMathml" });
}

/** KaTeX's message for a formula, or null if it renders. */
export function mathError(tex: string, display: boolean): string | null {
  try {
    renderMath(tex, display);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
