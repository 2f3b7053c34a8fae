/**
 * Handwritten digits drawn in the terminal.
 *
 * With colour, one character covers two pixels stacked vertically: "▀" whose foreground is the
 * grey of the upper pixel and whose background is the grey of the lower one (the 24 greys of the
 * 256-colour palette, 232 = black … 255 = white; ink is light on black, as MNIST stores it).
 * Without colour (a pipe, a log, NO_COLOR) the two pixels' mean becomes an ASCII shade from
 * " .:-=+*#%@", so a 28×28 digit takes 28 columns and 14 rows either way.
 */
import { Chalk } from "chalk";

/** Darkest to brightest. */
export const SHADES = " .:-=+*#%@";

export type DigitArtOptions = { width: number; height: number; color: boolean };

/** Clamps to [0, 1]; NaN counts as 0. */
function unit(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

/** The 256-colour palette's grey nearest to v ∈ [0, 1]: 232 … 255. */
export function greyCode(v: number): number {
  return 232 + Math.round(unit(v) * 23);
}

/** An ASCII shade for v ∈ [0, 1]. */
export function shade(v: number): string {
  return SHADES[Math.min(SHADES.length - 1, Math.floor(unit(v) * SHADES.length))]!;
}

/**
 * A `width`×`height` image (row-major grey levels in [0, 1]) as `ceil(height / 2)` lines of
 * `width` characters. An odd last row is paired with black.
 */
export function renderDigit(pixels: ArrayLike<number>, { width, height, color }: DigitArtOptions): string[] {
  if (pixels.length !== width * height) {
    throw new RangeError(`renderDigit: ${pixels.length} pixels do not make a ${width}×${height} image.`);
  }
  const c = new Chalk({ level: color ? 2 : 0 });
  const px = (r: number, col: number) => (r < height ? pixels[r * width + col]! : 0);
  const lines: string[] = [];
  for (let r = 0; r < height; r += 2) {
    let line = "";
    for (let col = 0; col < width; col++) {
      const top = px(r, col);
      const bottom = px(r + 1, col);
      line += color ? c.ansi256(greyCode(top)).bgAnsi256(greyCode(bottom))("▀") : shade((unit(top) + unit(bottom)) / 2);
    }
    lines.push(line);
  }
  return lines;
}

export type Tile = { lines: readonly string[]; caption: string };

/**
 * Tiles side by side, each `tileWidth` columns wide with its caption underneath, wrapped onto
 * several rows when they do not fit in `width` columns. Captions are cut to the tile's width.
 */
export function tileRow(tiles: readonly Tile[], tileWidth: number, width: number, gap = 3): string[] {
  const perRow = Math.max(1, Math.floor((width + gap) / (tileWidth + gap)));
  const out: string[] = [];
  for (let start = 0; start < tiles.length; start += perRow) {
    const row = tiles.slice(start, start + perRow);
    const height = Math.max(...row.map((t) => t.lines.length));
    const pad = " ".repeat(gap);
    for (let r = 0; r < height; r++) out.push(row.map((t) => t.lines[r] ?? " ".repeat(tileWidth)).join(pad));
    out.push(row.map((t) => fit(t.caption, tileWidth)).join(pad).trimEnd());
    if (start + perRow < tiles.length) out.push("");
  }
  return out;
}

/** Text centred in `width` columns (plain text only), cut when longer. */
function fit(text: string, width: number): string {
  const chars = [...text];
  if (chars.length >= width) return chars.slice(0, width).join("");
  const left = Math.floor((width - chars.length) / 2);
  return " ".repeat(left) + text + " ".repeat(width - chars.length - left);
}
