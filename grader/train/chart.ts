/**
 * A line chart for the terminal, drawn with Unicode braille (2×4 dots per character cell).
 *
 *     0.69 ┤⠉⠒⠤⣀
 *          │    ⠈⠑⠒⠤⢄⣀
 *     0.00 ┤          ⠈⠉⠉⠒⠒⠒
 *          └┬─────────────────┬
 *           0               200
 *
 * Several series share one chart (the learning-rate sweep): with colour each series has its own
 * colour and a cell shows the last series drawn there; without colour, braille dots could not
 * tell the curves apart, so each series is drawn with its own marker (•, +, x, …) instead.
 */
import { Chalk } from "chalk";
import type { ChalkInstance } from "chalk";

export type Point = readonly [x: number, y: number];
export type Series = { name: string; points: readonly Point[] };

export type ChartOptions = {
  /** Total width in terminal columns, labels included. */
  width: number;
  /** Rows of the plot area (the axis and labels take two more). */
  height: number;
  color: boolean;
  /** Written after the x axis labels, e.g. "iteration". */
  xLabel?: string;
};

const COLORS = ["cyan", "yellow", "magenta", "green", "blue", "red"] as const;
/** Without colour, one marker per series. */
export const MARKERS = ["•", "+", "x", "o", "*", "#"] as const;
export const MAX_SERIES = COLORS.length;

// Bit of each dot in a braille cell (U+2800 + bits), by [row][column] inside the cell.
const DOT: readonly (readonly [number, number])[] = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

/** A short label for an axis value: 3 significant digits, no exponent for everyday numbers. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(1);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(3)));
}

/** The chart as lines of text (no trailing newline), each at most `width` columns wide. */
export function lineChart(series: readonly Series[], options: ChartOptions): string[] {
  if (series.length === 0) throw new RangeError("lineChart: nothing to draw (no series).");
  if (series.length > MAX_SERIES) throw new RangeError(`lineChart: at most ${MAX_SERIES} series, got ${series.length}.`);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const finite = series.flatMap((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  if (finite.length === 0) throw new RangeError("lineChart: no finite points to draw.");

  let [xMin, xMax] = extent(finite.map((p) => p[0]));
  let [yMin, yMax] = extent(finite.map((p) => p[1]));
  if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];
  if (yMin === yMax) [yMin, yMax] = [yMin - 1, yMax + 1];

  const yTicks = [formatTick(yMax), formatTick((yMin + yMax) / 2), formatTick(yMin)];
  const labelWidth = Math.max(...yTicks.map((t) => t.length));
  const cols = Math.max(2, options.width - labelWidth - 2);
  const rows = Math.max(2, options.height);
  const W = cols * 2;
  const H = rows * 4;

  // Per cell: the braille bits, and which series drew there last.
  const bits = new Uint8Array(cols * rows);
  const owner = new Int8Array(cols * rows).fill(-1);
  const plot = (px: number, py: number, s: number) => {
    if (px < 0 || px >= W || py < 0 || py >= H) return;
    const cell = (py >> 2) * cols + (px >> 1);
    bits[cell]! |= DOT[py & 3]![px & 1]!;
    owner[cell] = s;
  };
  const toPx = (x: number) => Math.round(((x - xMin) / (xMax - xMin)) * (W - 1));
  const toPy = (y: number) => Math.round(((yMax - y) / (yMax - yMin)) * (H - 1));

  series.forEach((s, k) => {
    let prev: [number, number] | null = null;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        prev = null; // a NaN cost breaks the line instead of drawing a wild jump
        continue;
      }
      const p: [number, number] = [toPx(x), toPy(y)];
      if (prev) line(prev, p, (px, py) => plot(px, py, k));
      else plot(p[0], p[1], k);
      prev = p;
    }
  });

  const paint = (s: number, text: string) => (options.color ? c[COLORS[s]!](text) : text);
  const markers = !options.color && series.length > 1;
  const out: string[] = [];
  const midRow = Math.floor((rows - 1) / 2);
  for (let r = 0; r < rows; r++) {
    const tick = r === 0 ? yTicks[0]! : r === rows - 1 ? yTicks[2]! : r === midRow ? yTicks[1]! : "";
    let text = `${tick.padStart(labelWidth)} ${tick ? "┤" : "│"}`;
    let run = "";
    let runOwner = -1;
    for (let col = 0; col < cols; col++) {
      const cell = r * cols + col;
      const s = owner[cell]!;
      const ch = s < 0 ? " " : markers ? MARKERS[s]! : String.fromCharCode(0x2800 + bits[cell]!);
      if (s !== runOwner && run) {
        text += runOwner < 0 ? run : paint(runOwner, run);
        run = "";
      }
      runOwner = s;
      run += ch;
    }
    text += runOwner < 0 ? run.trimEnd() : paint(runOwner, run);
    out.push(text);
  }

  // x axis: ticks at both ends (and the middle when there is room), labels centred under them.
  const axis = [..."─".repeat(cols)];
  const xTicks: [number, string][] = [
    [0, formatTick(xMin)],
    [cols - 1, formatTick(xMax)],
  ];
  const midValue = roundish((xMin + xMax) / 2, xMax - xMin);
  const mid = toPx(midValue) >> 1;
  const midLabel = formatTick(midValue);
  if (cols >= xTicks[0]![1].length + xTicks[1]![1].length + midLabel.length + 4) xTicks.splice(1, 0, [mid, midLabel]);
  for (const [col] of xTicks) axis[col] = "┬";
  out.push(`${" ".repeat(labelWidth)} └${axis.join("")}`);

  const labels = [..." ".repeat(cols)];
  for (const [i, [col, text]] of xTicks.entries()) {
    // Left label starts at its tick, right label ends at its tick, the middle one is centred.
    const start = i === 0 ? col : i === xTicks.length - 1 ? col - text.length + 1 : col - Math.floor(text.length / 2);
    for (let j = 0; j < text.length; j++) if (start + j >= 0 && start + j < cols) labels[start + j] = text[j]!;
  }
  let labelText = labels.join("").trimEnd();
  const name = options.xLabel;
  if (name) {
    // After the last label when it fits, else just before it, where the line is still blank.
    if (labelWidth + 2 + labelText.length + 2 + name.length <= options.width) labelText += `  ${c.dim(name)}`;
    else {
      const end = labelText.length - xTicks[xTicks.length - 1]![1].length - 2;
      const start = end - name.length;
      if (start > 0 && labelText.slice(start - 2, end).trim() === "") labelText = labelText.slice(0, start) + c.dim(name) + labelText.slice(end);
    }
  }
  out.push(`${" ".repeat(labelWidth + 2)}${labelText}`);
  return out;
}

/** One line per series name, with its colour or marker: the chart's legend, fitted to `width`. */
export function legend(series: readonly Series[], options: Pick<ChartOptions, "width" | "color">): string[] {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const items = series.map((s, k) =>
    options.color ? `${c[COLORS[k]!]("⣿")} ${s.name}` : `${series.length > 1 ? MARKERS[k] : "⣿"} ${s.name}`,
  );
  const out: string[] = [];
  let line = "";
  let used = 0;
  items.forEach((item, k) => {
    const w = series[k]!.name.length + 2; // marker, space, name
    if (line && used + 3 + w > options.width) {
      out.push(line);
      line = "";
    }
    if (line) {
      line += `   ${item}`;
      used += 3 + w;
    } else {
      line = `  ${item}`;
      used = 2 + w;
    }
  });
  if (line) out.push(line);
  return out;
}

/** v rounded to one significant digit when that moves it by at most 10% of `range`, else to two. */
function roundish(v: number, range: number): number {
  for (const digits of [1, 2]) {
    const r = Number(v.toPrecision(digits));
    if (Math.abs(r - v) <= 0.1 * range) return r;
  }
  return Number(v.toPrecision(3));
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Bresenham's line from a to b (both ends included). */
function line(a: readonly [number, number], b: readonly [number, number], set: (x: number, y: number) => void): void {
  let [x0, y0] = a;
  const [x1, y1] = b;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    set(x0, y0);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

/** Colours, for callers that print a series' name in its colour elsewhere (the sweep table). */
export function seriesColor(k: number, chalk: ChalkInstance): (text: string) => string {
  return (text) => chalk[COLORS[k % COLORS.length]!](text);
}
