/**
 * Batch grading's progress on stderr: a bar redrawn in place on a terminal, one line per finished
 * submission otherwise (CI logs).
 */
import type { Writable } from "node:stream";

export type Progress = {
  /** A submission finished. */
  done(learner: string, summary: string): void;
  /** The learner currently graded, for the bar's label. */
  working(learner: string): void;
  end(): void;
};

export function progressBar(total: number, o: { stream?: Writable & { isTTY?: boolean; columns?: number }; quiet?: boolean } = {}): Progress {
  const stream = o.stream ?? process.stderr;
  const started = performance.now();
  let finished = 0;
  let current = "";
  const tty = !!stream.isTTY;
  const rate = () => finished / Math.max(0.001, (performance.now() - started) / 1000);
  const draw = () => {
    const width = 24;
    const filled = Math.round((finished / Math.max(1, total)) * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const line = ` grading ${bar} ${finished}/${total} submissions · ${rate().toFixed(2)}/s${current ? ` · ${current}` : ""}`;
    const cols = stream.columns ?? 100;
    stream.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
  };
  return {
    working(learner) {
      if (o.quiet) return;
      current = learner;
      if (tty) draw();
    },
    done(learner, summary) {
      finished++;
      if (o.quiet) return;
      if (tty) draw();
      else stream.write(` [${String(finished).padStart(String(total).length)}/${total}] ${learner}: ${summary}\n`);
    },
    end() {
      if (!o.quiet && tty) {
        current = "";
        draw();
        stream.write("\n");
      }
    },
  };
}
