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
  /** Gradescope: who sees each test, and when (default: every test visible, hidden cases after the due date). */
  gradescope?: { visibility?: GradescopeVisibility; hiddenVisibility?: GradescopeVisibility };
};

/** Gradescope's visibility of a test: https://gradescope-autograders.readthedocs.io/en/latest/specs/ */
export const GRADESCOPE_VISIBILITIES = ["visible", "after_due_date", "after_published", "hidden"] as const;
export type GradescopeVisibility = (typeof GRADESCOPE_VISIBILITIES)[number];

/** Turns a grade report into text (for the terminal, a file, or a grading platform). */
export type Reporter = (report: GradeReport, options: ReporterOptions) => string;
