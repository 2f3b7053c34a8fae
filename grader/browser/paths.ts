/**
 * Where the book keeps the exercise pages: `<lang>/exercises/NN_name.html`, beside the lessons.
 * (No imports: the lesson renderer links here without loading the pages' build.)
 */

/** The book's link to an exercise's page, from a lesson page, when `file` is an exercise file (exercises/NN_name.ts). */
export function exercisePageHref(file: string): string | undefined {
  const m = /[\\/]exercises[\\/](\d{2}_[a-z][a-z0-9_]*)\.ts$/.exec(file);
  return m ? `exercises/${m[1]}.html` : undefined;
}
