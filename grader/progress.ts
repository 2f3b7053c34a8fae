/**
 * The learner's progress file, `.dnn-workbook/progress.json`.
 *
 * The workbook keeps a little state in `.dnn-workbook/` at its root (ignored by git): your
 * progress file, `progress.json`, and `backups/`, where `npm run reset` and `npm run dev:sync`
 * copy your file before they replace it. `progress.json` remembers only what grading cannot
 * tell: the exercise you are on (so `npm run watch` resumes there) and how many hints of each
 * exercise you have seen, and the seed of the hidden randomized cases (so rerunning shows the same
 * cases). Whether an exercise passes is never stored: it is graded again every
 * time. Deleting the folder loses only those two things, and the backups in it. A file that cannot be read is moved aside to `progress.json.corrupt-<time>` and a
 * fresh one is started, with a warning. Set `DNN_WORKBOOK_HOME` to keep this folder somewhere
 * else (the tests do).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, renameSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./exercises.ts";
import type { ExerciseRef } from "./exercises.ts";
import { STATE_DIR, writeFileAtomic } from "./fs-safe.ts";

export const PROGRESS_VERSION = 1;

export type Progress = {
  version: typeof PROGRESS_VERSION;
  /** The exercise the learner is on, by slug ("02_linear_forward"); where watch mode resumes. */
  current?: string;
  /** How many hints of each exercise the learner has seen, by slug. */
  hintsShown: Record<string, number>;
  /** The seed of the hidden randomized cases, fixed for this workbook (`--seed N` overrides it for one run). */
  hiddenSeed?: number;
};

/** The folder that holds `.dnn-workbook/`: the workbook itself, unless `DNN_WORKBOOK_HOME` says otherwise. */
export function stateRoot(): string {
  return process.env.DNN_WORKBOOK_HOME || ROOT;
}

export function progressFile(root = stateRoot()): string {
  return join(root, STATE_DIR, "progress.json");
}

const fresh = (): Progress => ({ version: PROGRESS_VERSION, hintsShown: {} });

/** The progress in `value`, or a reason it is not a progress file. */
function parseProgress(value: unknown): Progress | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "it is not a JSON object";
  const v = value as Record<string, unknown>;
  if (v.version !== PROGRESS_VERSION) return `its version is ${JSON.stringify(v.version)}, not ${PROGRESS_VERSION}`;
  if (v.current !== undefined && typeof v.current !== "string") return `"current" is not an exercise name`;
  const hints = v.hintsShown ?? {};
  if (typeof hints !== "object" || hints === null || Array.isArray(hints)) return `"hintsShown" is not an object`;
  for (const [slug, n] of Object.entries(hints)) {
    if (!Number.isInteger(n) || (n as number) < 0) return `"hintsShown.${slug}" is not a count`;
  }
  const seed = v.hiddenSeed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && (seed as number) >= 0 && (seed as number) <= 2 ** 32 - 1)) return `"hiddenSeed" is not a seed from 0 to 2³² − 1`;
  return {
    version: PROGRESS_VERSION,
    ...(v.current ? { current: v.current } : {}),
    hintsShown: { ...(hints as Record<string, number>) },
    ...(seed !== undefined ? { hiddenSeed: seed as number } : {}),
  };
}

export type LoadOptions = {
  root?: string;
  /** Where the warning about a corrupt file goes (stderr by default). */
  warn?: (message: string) => void;
};

/**
 * Reads the progress file. A missing one is created; a corrupt one is moved aside to
 * `progress.json.corrupt-<time>` and replaced by a fresh one, with a warning.
 */
export function loadProgress(o: LoadOptions = {}): Progress {
  const file = progressFile(o.root);
  if (!existsSync(file)) {
    const p = fresh();
    saveProgress(p, o.root);
    return p;
  }
  let problem: string;
  try {
    const parsed = parseProgress(JSON.parse(readFileSync(file, "utf8")));
    if (typeof parsed !== "string") return parsed;
    problem = parsed;
  } catch (e) {
    problem = `it is not valid JSON (${(e as Error).message})`;
  }
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(file, aside);
  const p = fresh();
  saveProgress(p, o.root);
  (o.warn ?? ((m) => process.stderr.write(`${m}\n`)))(
    `Warning: the progress file ${file} could not be read: ${problem}.\n` +
      `It was moved to ${aside} and a new one was started (which exercise you are on and the hints you have seen are forgotten; what passes is graded anew).`,
  );
  return p;
}

/** Reads the progress file without writing anything: defaults when it is missing or unreadable. */
export function peekProgress(root = stateRoot()): Progress {
  try {
    const parsed = parseProgress(JSON.parse(readFileSync(progressFile(root), "utf8")));
    return typeof parsed === "string" ? fresh() : parsed;
  } catch {
    return fresh();
  }
}

export function saveProgress(p: Progress, root = stateRoot()): void {
  writeFileAtomic(progressFile(root), `${JSON.stringify(p, null, 2)}\n`);
}

/**
 * Reads, changes and writes the progress file in one step. Another command may have written it
 * since this process last read it (`npm run hint` in a second terminal while watch mode runs),
 * so every change starts from what is on disk.
 */
export function updateProgress(change: (p: Progress) => void, o: LoadOptions = {}): Progress {
  const p = loadProgress(o);
  change(p);
  saveProgress(p, o.root);
  return p;
}

/** Hints seen, keyed by exercise id ("02"), as the reporters take them. */
export function hintsShownById(p: Progress, exercises: ExerciseRef[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const ex of exercises) {
    const n = p.hintsShown[ex.slug];
    if (n) out[ex.id] = n;
  }
  return out;
}

/** A seed derived from the workbook's folder: each copy of the workbook has its own, and keeps it. */
export function folderSeed(root = stateRoot()): number {
  let where = root;
  try {
    where = realpathSync(root);
  } catch {
    // A folder that does not exist yet: its name is enough.
  }
  return createHash("sha256").update(where).digest().readUInt32BE(0) % 2 ** 31;
}

/**
 * The workbook's hidden seed: the one in the progress file, else one derived from the folder and
 * stored there, so that every run grades the same hidden cases (a failing case can be rerun and
 * studied). Never fails: a progress file that cannot be written still gives the derived seed.
 */
export function workbookSeed(root = stateRoot()): number {
  const saved = peekProgress(root).hiddenSeed;
  if (saved !== undefined) return saved;
  const seed = folderSeed(root);
  try {
    updateProgress((p) => void (p.hiddenSeed ??= seed), { root, warn: () => {} });
  } catch {
    // A read-only workbook: the derived seed is just as stable.
  }
  return seed;
}
