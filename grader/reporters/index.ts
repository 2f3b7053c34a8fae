import { classroom } from "./classroom.ts";
import { gradescope } from "./gradescope.ts";
import { json } from "./json.ts";
import { junit } from "./junit.ts";
import { markdown } from "./markdown.ts";
import { pretty } from "./pretty.ts";

export const reporters = { pretty, json, junit, gradescope, markdown, classroom };
export type ReporterName = keyof typeof reporters;
export type { Reporter, ReporterOptions } from "./types.ts";

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
