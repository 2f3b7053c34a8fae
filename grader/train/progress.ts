/**
 * Training progress: one line redrawn in place on a terminal, plain lines in a log or a pipe.
 *
 *     iteration  120/200  cost 0.1234  ███████████████░░░░░░░░░░   60%   7.9 s
 */
import { Chalk } from "chalk";

export type ProgressState = {
  /** Iterations done (0 … total). */
  done: number;
  total: number;
  /** The latest cost the training reported, if any yet. */
  cost?: number;
  elapsedMs: number;
};

export type ProgressLineOptions = {
  width: number;
  color: boolean;
  /** Put before "iteration", e.g. the learning rate of a sweep. */
  label?: string;
  /** Draw the bar (when it fits in `width`). Plain log lines leave it out. */
  showBar?: boolean;
};

/** A bar of `cells` characters, `fraction` of them full. */
export function bar(fraction: number, cells: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * cells);
  return "█".repeat(full) + "░".repeat(cells - full);
}

export function formatCost(cost: number | undefined): string {
  if (cost === undefined) return "…";
  if (!Number.isFinite(cost)) return String(cost);
  return cost.toFixed(4);
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The progress line; with the bar it fits in `width` columns (the bar shrinks, then goes). */
export function progressLine(s: ProgressState, { width, color, label, showBar = true }: ProgressLineOptions): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const digits = String(s.total).length;
  const prefix = `  ${label ? `${label}  ` : ""}iteration ${String(s.done).padStart(digits)}/${s.total}  cost `;
  const cost = formatCost(s.cost);
  const pct = `${String(Math.floor((100 * s.done) / Math.max(1, s.total))).padStart(3)}%`;
  const tail = `${pct}  ${formatSeconds(s.elapsedMs).padStart(6)}`;
  const cells = Math.min(30, width - prefix.length - cost.length - tail.length - 4);
  const costText = s.cost !== undefined && !Number.isFinite(s.cost) ? c.red(cost) : cost;
  if (showBar && cells >= 5) return `${prefix}${costText}  ${c.cyan(bar(s.done / Math.max(1, s.total), cells))}  ${tail}`;
  const plain = `${prefix}${cost}  ${tail}`;
  // Too narrow even without the bar: cut, since a line that wraps cannot be redrawn in place.
  if (showBar && plain.length > width) return plain.slice(0, Math.max(0, width));
  return `${prefix}${costText}  ${tail}`;
}

export type ProgressOptions = {
  total: number;
  /** A terminal: redraw one line in place. Otherwise print a plain line at about every tenth. */
  tty: boolean;
  width: number;
  color: boolean;
  label?: string;
  write: (text: string) => void;
  now?: () => number;
};

/** Feeds progressLine from the training loop's reports; `finish()` leaves the last state printed. */
export class Progress {
  private readonly start: number;
  private readonly now: () => number;
  private lastDraw = -Infinity;
  private nextLog = 0;
  private loggedDone = -1;
  private cost: number | undefined;
  private done = 0;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Called after iteration `i` (0-based) with the cost computed there, when there is one. */
  update(i: number, cost?: number): void {
    this.done = Math.min(this.o.total, i + 1);
    if (cost !== undefined) this.cost = cost;
    if (this.o.tty) {
      const t = this.now();
      // A redraw costs a write; a dozen a second is plenty.
      if (t - this.lastDraw < 80 && this.done < this.o.total) return;
      this.lastDraw = t;
      this.o.write(`\r\x1b[2K${this.line(true)}`);
    } else if (this.done !== this.loggedDone && (this.done >= this.nextLog || this.done === this.o.total)) {
      const step = Math.max(1, Math.ceil(this.o.total / 10));
      this.nextLog = (Math.floor(this.done / step) + 1) * step;
      this.loggedDone = this.done;
      this.o.write(`${this.line(false)}\n`);
    }
  }

  /** Ends the display: the final state stays on screen (a terminal) or is logged once. */
  finish(): void {
    if (this.o.tty) this.o.write(`\r\x1b[2K${this.line(true)}\n`);
    else if (this.loggedDone !== this.done) this.o.write(`${this.line(false)}\n`);
  }

  private line(showBar: boolean): string {
    const state = { done: this.done, total: this.o.total, cost: this.cost, elapsedMs: this.now() - this.start };
    return progressLine(state, { width: this.o.width, color: this.o.color, label: this.o.label, showBar });
  }
}
