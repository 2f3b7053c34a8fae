import type { GradeReport } from "../types.ts";

export type ReporterOptions = {
  color: boolean;
  /** Show every check of every exercise (one exercise graded) or the first one not passing. */
  detail: "first-failing" | "all";
  /** The terminal's width. */
  width: number;
  /** How many hints of each exercise the learner has already seen (from the progress file). */
  hintsShown?: Record<string, number>;
  /** Hints of each exercise, keyed by id ("02"). */
  hints?: Record<string, string[]>;
  lang?: "en" | "ko";
  /** Shown inside watch mode (which grades on every save by itself). */
  watching?: boolean;
};

/** Turns a grade report into text (for the terminal, a file, or a grading platform). */
export type Reporter = (report: GradeReport, options: ReporterOptions) => string;
