// `node --import ./grader/register.mjs grader/cli.ts`: TypeScript support for the CLI (every npm
// script), through the workbook's own small loader hook (runner/ts-hooks.mjs).
import { register } from "node:module";

process.setSourceMapsEnabled(true);
register("./runner/ts-hooks.mjs", import.meta.url);
