/**
 * The browser judge's Locator: the learner's files are the editor's texts, kept by the page under
 * /exercises/NN_name.ts (the names the executor's stack traces use). A location is believed only
 * when it names one of those files, as in Node, where it must be a real file inside the folder.
 */
import { drawCodeFrame, parseSyntaxError, stackFrames } from "../judge/code-frame.ts";
import type { Location } from "../judge/code-frame.ts";
import type { Locator } from "../judge/judge.ts";

/** The folder the learner's files are in, as the executor's stack traces name them. */
export const LEARNER_DIR = "/exercises";

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part && part !== ".") out.push(part);
  }
  return "/" + out.join("/");
}

/** `files()`: the learner's files by name ("02_linear_forward.ts"); `lessonHref`: a lesson section's link from the page. */
export function browserLocator(dir: string, files: () => Record<string, string>, lessonHref: (lesson: string) => string): Locator {
  const inside = (file: string, from: string): string | undefined => {
    const path = normalize(file.replace(/^file:\/\//, ""));
    const prefix = from.endsWith("/") ? from : `${from}/`;
    if (!path.startsWith(prefix)) return undefined;
    return Object.hasOwn(files(), path.slice(prefix.length)) ? path : undefined;
  };
  return {
    learnerFrames(stack, from) {
      if (!stack) return [];
      return stackFrames(stack).flatMap((f) => {
        const file = inside(f.file, from);
        return file ? [{ ...f, file }] : [];
      });
    },
    syntaxErrorLocation(message, from) {
      const syntax = parseSyntaxError(message);
      const file = syntax && inside(syntax.file, from);
      return syntax && file ? { ...syntax, file } : undefined;
    },
    codeFrame(loc: Location, within: string) {
      const file = inside(loc.file, within);
      if (!file) return undefined;
      const text = files()[file.slice(dir.length + 1)];
      return text === undefined ? undefined : drawCodeFrame(text, loc);
    },
    formatLocation(loc, base) {
      const prefix = base.endsWith("/") ? base : `${base}/`;
      const file = loc.file.startsWith(prefix) ? loc.file.slice(prefix.length) : loc.file;
      return `${file}:${loc.line}:${loc.column}`;
    },
    basename: (file) => file.slice(file.lastIndexOf("/") + 1),
    lesson: lessonHref,
  };
}
